package frontier.simulate.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import frontier.calibrate.ProjectPaths;
import frontier.calibrate.UserInputException;
import frontier.calibrate.bundle.Bundle;
import frontier.calibrate.cli.Progress;
import frontier.calibrate.model.ModelConfig;
import frontier.calibrate.model.ModelConfigs;
import frontier.simulate.cluster.DeploymentSpec;
import frontier.simulate.cluster.Deployments;
import frontier.simulate.engine.Calibrations;
import frontier.simulate.engine.Runner;
import frontier.simulate.metrics.SweepPoint;
import frontier.simulate.report.SweepReport;
import frontier.simulate.workload.ClosedLoopSource;
import frontier.simulate.workload.ClosedLoopSpec;
import frontier.simulate.workload.Workload;
import frontier.simulate.workload.WorkloadSpec;
import frontier.simulate.workload.Workloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one deployment and workload at several load levels and write the latency-throughput curve: "
                + "output tokens/s per GPU, TTFT, TPOT, E2E and goodput at each level.",
                "",
                "An open workload (a trace or a synthetic one) is swept by scaling its arrival rate; a closed-loop "
                        + "workload by its number of clients, each level sending max(the workload's requests, 10 x clients) "
                        + "requests and warming up with as many requests per client as the workload does. Levels run in parallel; each is the simulation `frontier simulate` would run. Writes "
                        + "points.parquet, points.csv, summary.json, report.md and report.html."},
        footer = {"", "Examples:",
                "  frontier sweep --deployment simulate/examples/llama-3.1-8b-rtx-pro-6000.yaml \\",
                "      --rate-scales 0.5,1,2,4,8 --slo-ttft-ms 2000 --slo-tpot-ms 50",
                "  frontier sweep --deployment simulate/examples/qwen3-30b-a3b-dp2-ep2-rtx-pro-6000.yaml \\",
                "      --workload simulate/examples/workloads/closed-loop-64.yaml --concurrency 4,16,64,256"})
public final class SweepCommand implements Callable<Integer> {

    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--rate-scales", paramLabel = "X,X,...", split = ",", hideParamSyntax = true,
            description = "Arrival-rate multipliers of an open workload. Default: 0.25,0.5,1,2,4.")
    List<Double> rateScales;

    @Option(names = "--concurrency", paramLabel = "N,N,...", split = ",", hideParamSyntax = true,
            description = "Client counts of a closed-loop workload. Default: 1,4,16,64,256.")
    List<Integer> concurrency;

    @Option(names = "--max-requests", paramLabel = "N", description = "Stop each open-workload level after the first N requests.")
    Long maxRequests;

    @Option(names = "--jobs", paramLabel = "N", description = "Levels simulated at once. Default: the number of processors.")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: out/sweep/<deployment name>.")
    Path out;

    /** One load level: the value swept and the input it runs. */
    private record Level(double load, Runner.Input input, Workload workload) {}

    @Override
    public Integer call() throws Exception {
        Path root = ProjectPaths.root();
        Path wlFile = scenario.workloadFile();
        if (jobs < 1) throw new UserInputException("--jobs must be at least 1, got " + jobs);
        var spec = Deployments.load(scenario.deploymentFile());
        var model = ModelConfigs.shipped().load(spec.model());
        // the options check the request cap, naming it
        var base = new Workloads.Options(OptionalDouble.empty(),
                maxRequests == null ? OptionalLong.empty() : OptionalLong.of(maxRequests), scenario.skipBadRows);
        WorkloadSpec wl = Workloads.isYaml(wlFile) ? Workloads.load(wlFile, base) : null;
        boolean closed = wl instanceof ClosedLoopSpec;
        String loadColumn = closed ? "concurrency" : "rate_scale";
        List<Double> loads = levels(closed);
        var bundle = Calibrations.obtain(spec);
        Path o = out != null ? out : root.resolve("out/sweep").resolve(spec.name());
        List<SweepPoint> points = run(spec, model, bundle, wlFile, wl, base, loads);
        String described;
        try (Workload w = closed ? Workloads.open(wl, base) : Workloads.open(wlFile, base)) {
            described = w.description();
        }
        var report = new SweepReport(spec.name(), described, spec.gpus(), loadColumn, points);
        report.write(o);
        System.out.print(report.table());
        System.out.println("wrote " + o.resolve("points.parquet") + ", points.csv, summary.json, report.md, report.html");
        return 0;
    }

    private List<Double> levels(boolean closed) {
        if (closed && rateScales != null) {
            throw new UserInputException("a closed-loop workload is swept by its number of clients: use --concurrency, not --rate-scales");
        }
        if (!closed && concurrency != null) {
            throw new UserInputException("an open workload (a trace or a synthetic one) is swept by its arrival rate: use "
                    + "--rate-scales, not --concurrency");
        }
        List<Double> loads = new ArrayList<>();
        if (closed) {
            for (int c : concurrency != null ? concurrency : List.of(1, 4, 16, 64, 256)) {
                if (c < 1) throw new UserInputException("--concurrency values must be at least 1, got " + c);
                loads.add((double) c);
            }
        } else {
            for (double r : rateScales != null ? rateScales : List.of(0.25, 0.5, 1.0, 2.0, 4.0)) {
                if (!(r > 0) || !Double.isFinite(r)) throw new UserInputException("--rate-scales values must be positive numbers, got " + r);
                loads.add(r);
            }
        }
        if (loads.isEmpty()) throw new UserInputException("no load levels to sweep");
        return loads.stream().distinct().sorted().toList();
    }

    private List<SweepPoint> run(DeploymentSpec spec, ModelConfig model, Bundle bundle, Path wlFile, WorkloadSpec wl,
                                 Workloads.Options base, List<Double> loads) throws Exception {
        List<SweepPoint> points = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(Math.min(jobs, loads.size()));
             var bar = Progress.start("sweep", loads.size(), "levels")) {
            List<Future<SweepPoint>> pending = new ArrayList<>();
            for (double load : loads) {
                pending.add(pool.submit(() -> {
                    Level level = level(load, wlFile, wl, base);
                    try (Workload w = level.workload()) {
                        var outcome = Runner.run(spec, model, bundle, level.input(), new Runner.Settings(null, false, scenario.sloTtftMs, scenario.sloTpotMs),
                                sim -> {});
                        synchronized (bar) {
                            bar.step(1);
                            bar.stage(loadLabel(wl) + " " + frontier.calibrate.report.html.Num.brief(load) + " done");
                        }
                        return SweepPoint.of(load, outcome.summary());
                    }
                }));
            }
            for (Future<SweepPoint> f : pending) {
                try {
                    points.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Exception ex) throw ex;
                    throw e;
                }
            }
        }
        return points;
    }

    private static String loadLabel(WorkloadSpec wl) {
        return wl instanceof ClosedLoopSpec ? "concurrency" : "rate scale";
    }

    /** The workload of one level: the open workload at this rate scale, or the closed loop with this many clients. */
    private static Level level(double load, Path wlFile, WorkloadSpec wl, Workloads.Options base) {
        if (wl instanceof ClosedLoopSpec c) {
            int clients = (int) load;
            long requests = Math.max(c.requests(), 10L * clients);
            // as many warm-up requests per client as the workload gives its own clients
            long warmup = Math.min(requests - 1, Math.round((double) c.warmupRequests() / c.clients() * clients));
            var spec = new ClosedLoopSpec(clients, requests, c.input(), c.output(), c.seed(), warmup);
            var w = new Workload.ClosedLoop(spec, new ClosedLoopSource(spec), spec.describe());
            return new Level(load, Runner.input(w, 0), w);
        }
        Workload w = Workloads.open(wlFile, base.withRateScale(load));
        return new Level(load, Runner.input(w, base.maxRequests().orElse(0)), w);
    }
}
