package frontier.simulate.validate;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import frontier.calibrate.UserInputException;
import frontier.calibrate.bundle.Bundle;
import frontier.calibrate.hardware.HardwareProfiles;
import frontier.calibrate.model.ModelConfig;
import frontier.calibrate.model.ModelConfigs;
import frontier.calibrate.profile.Family;
import frontier.simulate.cluster.DeploymentSpec;
import frontier.simulate.cluster.Deployments;
import frontier.simulate.cost.OperatorSet;
import frontier.simulate.engine.Calibrations;
import frontier.simulate.engine.Runner;
import frontier.simulate.engine.Simulation;
import frontier.simulate.metrics.RequestLog;
import frontier.simulate.workload.ClosedLoopSource;
import frontier.simulate.workload.Request;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Simulates every steady-state row of aiconfigurator's silicon table as the closed-loop benchmark
 * it was measured with and compares the simulated mean TTFT and TPOT with the measured ones.
 * Every row ends as a case: simulated, not simulated (with the reason), or layout not given.
 */
public final class SiliconValidation {
    private SiliconValidation() {}

    /**
     * @param requestsPerCase requests measured per case; 0 = the protocol's default (see {@link SiliconMapping.Mode})
     * @param keepCases       write each case's deployment.yaml, requests.parquet and summary.json under out/cases/&lt;id&gt;/
     */
    /** @param measuredRoot separately measured tables ({@link KernelTables}), or null for none */
    public record Options(Path csv, Path out, Path profilesRoot, Path measuredRoot, List<SiliconCsv.Filter> filters, int jobs,
                          SiliconMapping.Mode protocol, long requestsPerCase, double rangeRatio, boolean keepCases,
                          List<SiliconMapping.EngineSetting> settings) {
        public Options(Path csv, Path out, Path profilesRoot, Path measuredRoot, List<SiliconCsv.Filter> filters, int jobs,
                       SiliconMapping.Mode protocol, long requestsPerCase, double rangeRatio, boolean keepCases) {
            this(csv, out, profilesRoot, measuredRoot, filters, jobs, protocol, requestsPerCase, rangeRatio, keepCases, List.of());
        }
    }

    /**
     * Operators whose absence the roofline stands in for by design (norms, rotary, sampler: small,
     * memory-bound, never in aiconfigurator's tables, measured apart for some systems; the mixed-batch attention model, which falls
     * back to separate prefill and decode models). Any other operator without a model means the
     * case cannot be priced from measurements, so it is not simulated.
     */
    static final Set<Family> ROOFLINE_BY_DESIGN = Set.of(Family.ELEMENTWISE, Family.PER_SEQUENCE, Family.ATTENTION_MIXED);

    public static SiliconReport.Data run(Options o, PrintStream log) throws IOException {
        long t0 = System.nanoTime();
        List<SiliconRow> rows = SiliconCsv.read(o.csv(), o.filters());
        var planner = new SiliconPlan.Planner(new KernelTables(o.profilesRoot(), o.measuredRoot()), HardwareProfiles.discover(), o.settings());
        List<SiliconPlan> plans = rows.stream().map(planner::plan).toList();
        List<SiliconPlan.Ready> ready = plans.stream().filter(p -> p instanceof SiliconPlan.Ready).map(p -> (SiliconPlan.Ready) p).toList();
        log.printf("frontier: %d rows, %d to simulate, %d not simulable as given%n", rows.size(), ready.size(), rows.size() - ready.size());
        Map<KernelTables.Choice, Calibration> bundles = calibrate(ready, log);
        List<SiliconCase> cases = new ArrayList<>(plans.stream().filter(p -> p instanceof SiliconCase).map(p -> (SiliconCase) p).toList());
        cases.addAll(simulate(ready, bundles, planner.models(), o, log));
        cases.sort(Comparator.comparing((SiliconCase c) -> c.row().id()).thenComparingInt(c -> c.row().line()));
        var data = SiliconReport.data(cases, new SiliconReport.Run(o.csv().toString(),
                o.filters().stream().map(f -> f.column() + "=" + f.value()).toList(), protocol(o.protocol(), o.requestsPerCase(), o.rangeRatio()),
                o.settings().stream().map(SiliconMapping.EngineSetting::toString).toList()),
                impliedPeakPct(cases, planner, o.rangeRatio()));
        SiliconReport.write(o.out(), data);
        log.printf(Locale.ROOT, "frontier: validated %d rows in %.1f s%n", rows.size(), (System.nanoTime() - t0) / 1e9);
        return data;
    }

    /** Per CSV line, the share of its GPUs' peak the row's measurements need, where its model and GPU are known. */
    static Map<Integer, Double> impliedPeakPct(List<SiliconCase> cases, SiliconPlan.Planner planner, double rangeRatio) {
        Map<Integer, Double> out = new java.util.HashMap<>();
        for (SiliconCase c : cases) {
            var row = c.row();
            if (!(planner.models().computeIfAbsent(row.model(), SiliconValidation::model) instanceof ModelLookup.Found(ModelConfig config))) continue;
            var hw = planner.profile(row.system());
            if (hw.isEmpty()) continue;
            double pct = ImpliedCompute.peakPct(row, config, hw.get(), rangeRatio);
            if (!Double.isNaN(pct)) out.put(row.line(), pct);
        }
        return out;
    }

    static String protocol(SiliconMapping.Mode mode, long requests, double rangeRatio) {
        String r = frontier.calibrate.report.html.Num.brief(rangeRatio);
        String lengths = rangeRatio >= 1 ? "the row's ISL and OSL"
                : "prompt and output lengths drawn uniformly from [" + r + " x ISL, ISL] and [" + r + " x OSL, OSL], "
                        + "as the benchmark client draws them";
        String common = "C clients (the row's concurrency) each send their next request when the previous one ends; " + lengths + ". ";
        return switch (mode) {
            case BENCHMARK -> "Protocol 'benchmark': " + common + "All clients start together and "
                    + (requests > 0 ? requests + " requests" : "10 x C requests") + " are sent, as the silicon benchmarks did; "
                    + "simulated TTFT and TPOT are means over all of them, as the measured ones are.";
            case STEADY_STATE -> "Protocol 'steady-state': " + common + "All clients start together; the first 2C requests are warm-up, then "
                    + (requests > 0 ? requests + " requests" : "max(3C, 100) requests") + " are measured while C more keep the "
                    + "load up; simulated TTFT and TPOT are means over the measured requests.";
        };
    }

    /** A model config, or why there is none. */
    sealed interface ModelLookup {
        record Found(ModelConfig config) implements ModelLookup {}

        record Missing(String reason) implements ModelLookup {}
    }

    /** A calibrated bundle, or why calibration failed. */
    sealed interface Calibration {
        record Done(Bundle bundle) implements Calibration {}

        record Failed(String reason) implements Calibration {}
    }

    /** Calibrates each (system, framework, version) once, before any case runs (cached by content hash). */
    static Map<KernelTables.Choice, Calibration> calibrate(List<SiliconPlan.Ready> ready, PrintStream log) {
        Map<KernelTables.Choice, Calibration> out = new LinkedHashMap<>();
        for (var r : ready) {
            out.computeIfAbsent(r.kernels(), k -> {
                long t = System.nanoTime();
                try {
                    Bundle b = Calibrations.calibrated(k.profiles(), r.deployment().path("hardware").asString(k.system()));
                    log.printf(Locale.ROOT, "frontier: %s %s tables ready (%.1f s)%n", k.system(), k.label(), (System.nanoTime() - t) / 1e9);
                    return new Calibration.Done(b);
                } catch (UserInputException e) {
                    return new Calibration.Failed("calibration of the " + k.system() + " " + k.label() + " tables failed: " + firstLine(e.getMessage()));
                }
            });
        }
        return out;
    }

    /** @param models model configs by id, as the planner already looked them up */
    private static List<SiliconCase> simulate(List<SiliconPlan.Ready> ready, Map<KernelTables.Choice, Calibration> bundles,
                                              Map<String, ModelLookup> models, Options o, PrintStream log) {
        var done = new AtomicInteger();
        long t0 = System.nanoTime();
        long[] lastLog = {t0};
        List<SiliconCase> results = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(Math.max(1, o.jobs()))) {
            List<Future<SiliconCase>> futures = new ArrayList<>();
            for (var r : ready) {
                futures.add(pool.submit(() -> {
                    SiliconCase c = simulate(r, bundles.get(r.kernels()), models, o);
                    int n = done.incrementAndGet();
                    synchronized (lastLog) {
                        long now = System.nanoTime();
                        if (now - lastLog[0] > 10_000_000_000L || n == ready.size()) {
                            lastLog[0] = now;
                            log.printf(Locale.ROOT, "[silicon] %d/%d cases (%.0f s)%n", n, ready.size(), (now - t0) / 1e9);
                        }
                    }
                    return c;
                }));
            }
            for (var f : futures) results.add(f.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
        return results;
    }

    /** One case: build the deployment, run the closed loop, keep the means. */
    static SiliconCase simulate(SiliconPlan.Ready r, Calibration calibration, Map<String, ModelLookup> models, Options o) {
        return switch (calibration) {
            case Calibration.Failed(String reason) -> new SiliconCase.NotSimulated(r.row(), r.kernels().versionLabel(), reason);
            case Calibration.Done(Bundle bundle) -> simulate(r, bundle, models, o);
        };
    }

    private static SiliconCase simulate(SiliconPlan.Ready r, Bundle bundle, Map<String, ModelLookup> models, Options o) {
        var row = r.row();
        String version = r.kernels().versionLabel();
        Path file = Path.of(row.id() + ".yaml");
        try {
            var spec = Deployments.parse(r.deployment(), file);
            return switch (models.computeIfAbsent(spec.model(), SiliconValidation::model)) {
                case ModelLookup.Missing(String reason) -> new SiliconCase.NotSimulated(row, version, reason);
                case ModelLookup.Found(ModelConfig model) -> run(r, spec, model, bundle, o);
            };
        } catch (UserInputException e) {
            return new SiliconCase.NotSimulated(row, version, withoutFile(firstLine(e.getMessage()), file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            // an engine fault is a finding, not a reason to lose the other cases: it is reported as one
            return new SiliconCase.NotSimulated(row, version, "internal error: " + firstLine(String.valueOf(e)));
        }
    }

    private static SiliconCase run(SiliconPlan.Ready r, DeploymentSpec spec, ModelConfig model, Bundle bundle, Options o)
            throws IOException {
        var row = r.row();
        Path caseOut = o.keepCases() ? o.out().resolve("cases").resolve(folderName(row.id())) : null;
        if (caseOut != null) {
            Files.createDirectories(caseOut);
            new YAMLMapper().writeValue(caseOut.resolve("deployment.yaml").toFile(), r.deployment());
        }
        var protocol = SiliconMapping.workload(row, o.protocol(), o.requestsPerCase(), o.rangeRatio());
        var window = new Window(protocol);
        var workload = protocol.spec();
        var outcome = Runner.run(spec, model, bundle, new Runner.Closed(new ClosedLoopSource(workload), workload.requests()),
                new Runner.Settings(caseOut, caseOut != null, 0, 0), sim -> {
                    requireModels(sim, r.kernels());
                    sim.requests().listen(window);
                });
        var requests = outcome.simulation().requests();
        if (requests.refusedCount() > 0) {
            return new SiliconCase.NotSimulated(row, r.kernels().versionLabel(), "the deployment refused " + requests.refusedCount() + " of "
                    + workload.requests() + " requests (prompt + output longer than max_model_len or than an instance's KV cache)");
        }
        if (window.count < protocol.measured()) {
            return new SiliconCase.NotSimulated(row, r.kernels().versionLabel(), "internal error: " + window.count + " of the "
                    + protocol.measured() + " measured requests completed");
        }
        var sim = outcome.simulation();
        return new SiliconCase.Simulated(row, r.kernels().versionLabel(), window.ttftSum / window.count,
                window.tpotCount == 0 ? Double.NaN : window.tpotSum / window.tpotCount, window.count, sim.operatorLookups(),
                sim.fallbackLookups(), sim.unmodelledLookups(), sim.stepTimeShare());
    }

    /** Sums the latencies of the measured requests as they complete (on the simulation's thread). */
    private static final class Window implements RequestLog.Listener {
        final SiliconMapping.Protocol protocol;
        long count, tpotCount;
        double ttftSum, tpotSum;

        Window(SiliconMapping.Protocol protocol) {
            this.protocol = protocol;
        }

        @Override
        public void completed(Request r, double queuedMs, double ttftMs, double tpotMs, double e2eMs) {
            if (!protocol.isMeasured(r.id())) return;
            count++;
            ttftSum += ttftMs;
            if (Double.isFinite(tpotMs)) { // one output token has no TPOT
                tpotCount++;
                tpotSum += tpotMs;
            }
        }
    }

    static ModelLookup model(String id) {
        var configs = ModelConfigs.shipped();
        if (configs.resolveId(id) == null) return new ModelLookup.Missing("no model config for " + id + " under datasets/models");
        try {
            return new ModelLookup.Found(configs.load(id));
        } catch (UserInputException e) {
            return new ModelLookup.Missing("model config of " + id + ": " + firstLine(e.getMessage()));
        }
    }

    /** Stops a case whose step would price a measured operator family from the roofline alone. */
    private static void requireModels(Simulation sim, KernelTables.Choice kernels) {
        for (OperatorSet.Unbound u : sim.operators().unbound()) {
            if (ROOFLINE_BY_DESIGN.contains(u.family())) continue;
            try {
                sim.requests().close(); // the run stops here: release a kept case's open output file
                sim.steps().close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw new UserInputException("no " + u.family().label() + " model for " + u.wanted() + " in the " + kernels.system() + " "
                    + kernels.label() + " tables (" + u.purpose().strip() + " would be priced by the roofline alone)");
        }
    }

    static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("").strip();
    }

    /** Messages name the deployment file; for a generated deployment that is only noise. */
    static String withoutFile(String message, Path file) {
        String prefix = file + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    static String folderName(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
