package frontier.simulate.validate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import frontier.calibrate.bundle.Bundle;
import frontier.calibrate.bundle.Json;
import frontier.calibrate.fit.ErrorStats;
import frontier.calibrate.io.Column;
import frontier.calibrate.io.ParquetSink;
import frontier.calibrate.model.ModelConfig;
import frontier.simulate.cluster.ClusterSpec;
import frontier.simulate.cluster.DeploymentSpec;
import frontier.simulate.cluster.Deployments;
import frontier.simulate.cluster.EngineSettings;
import frontier.simulate.cluster.Layout;
import frontier.simulate.cluster.RouterPolicy;
import frontier.simulate.engine.Runner;
import frontier.simulate.metrics.Distribution;
import frontier.simulate.metrics.EngineTimeline;
import frontier.simulate.metrics.TimelineComparison;
import frontier.simulate.report.BenchReport;
import frontier.simulate.report.CaseRow;
import frontier.simulate.workload.Request;
import frontier.simulate.workload.RequestSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replays a recorded vLLM run with the run's own engine settings and compares what the
 * simulator predicts with what the engine measured, request by request and in distribution.
 * Writes summary.json, errors.parquet, report.md and report.html beside the simulation's outputs.
 */
public final class BenchValidation {
    private BenchValidation() {}

    public static final List<String> METRICS = List.of("ttft_ms", "tpot_ms", "e2e_ms");

    /**
     * The deployment the run describes: the engine it recorded (see {@link RecordedEngine}) over
     * vLLM v1's defaults, read as a deployment file would be, so a recorded value a deployment
     * could not hold fails as it would there, naming meta.json.
     */
    public static DeploymentSpec deployment(BenchRun run, String modelId, ModelConfig model, String hardware, List<Path> profiles,
                                            Path bundle) {
        return deployment(run, modelId, RecordedEngine.read(run.meta(), run.metaFile(), model), hardware, profiles, bundle);
    }

    /** The deployment of the engine the run recorded, read once by the caller. */
    public static DeploymentSpec deployment(BenchRun run, String modelId, RecordedEngine engine, String hardware, List<Path> profiles,
                                            Path bundle) {
        return Deployments.parse(tree(run, modelId, engine, hardware, profiles, bundle), run.metaFile());
    }

    static ObjectNode tree(BenchRun run, String modelId, RecordedEngine engine, String hardware, List<Path> profiles, Path bundle) {
        ObjectNode d = Json.MAPPER.createObjectNode();
        d.put("name", "bench-" + run.dir().toAbsolutePath().normalize().getFileName());
        d.put("model", modelId);
        d.put("dtype", engine.dtype());
        d.put("kv_cache_dtype", engine.kvCacheDtype());
        d.put("hardware", hardware);
        d.put("engine", "vllm");
        d.put("engine_version", run.vllmVersion());
        var cal = d.putObject("calibration");
        if (bundle != null) cal.put("bundle", bundle.toAbsolutePath().toString());
        var p = cal.putArray("profiles");
        profiles.forEach(x -> p.add(x.toAbsolutePath().toString()));
        d.put("router", RouterPolicy.LEAST_OUTSTANDING_TOKENS.label());
        d.putArray("clusters").add(engine.cluster());
        return d;
    }

    public record Result(ObjectNode summary, String table) {}

    public static Result run(BenchRun run, DeploymentSpec spec, ModelConfig model, Bundle bundle, Path out) throws IOException {
        return run(run, RecordedEngine.read(run.meta(), run.metaFile(), model), spec, model, bundle, out, 0);
    }

    /**
     * As {@link #run(BenchRun, DeploymentSpec, ModelConfig, Bundle, Path)}, for the engine the run
     * recorded ({@code recorded}, which {@code spec} was built from); with {@code sensitivityPct} above 0 the run is replayed twice more with every step that much
     * shorter and longer, and each statistic's error under both is reported beside it: where a
     * 1% change in step time moves an error by several points, the run sits near saturation and
     * that error says more about the run than about the model.
     */
    public static Result run(BenchRun run, RecordedEngine recorded, DeploymentSpec spec, ModelConfig model, Bundle bundle, Path out,
                             double sensitivityPct) throws IOException {
        if (sensitivityPct < 0 || sensitivityPct >= 100) {
            throw new frontier.calibrate.UserInputException("--sensitivity must be a percentage in [0, 100), got " + sensitivityPct);
        }
        double[][][] shifted = sensitivityPct > 0 ? new double[][][] {
            replayStats(run, spec, model, bundle, 1 - sensitivityPct / 100), replayStats(run, spec, model, bundle, 1 + sensitivityPct / 100)
        } : null;
        Map<Long, double[]> simulated = new HashMap<>();
        var settings = new Runner.Settings(out, true, 0, 0);
        EngineTimeline measuredTimeline = run.timeseries() != null && Double.isFinite(run.clockOffsetS())
                ? EngineTimeline.read(run.timeseries()) : null;
        var recorder = measuredTimeline == null ? null : new EngineTimeline.Recorder(measuredTimeline, run.clockOffsetS());
        var outcome = Runner.run(spec, model, bundle, replay(run), settings, sim -> {
            sim.requests().listen((Request r, double queued, double ttft, double tpot, double e2e) -> {
                simulated.put(r.id(), asRecorded(queued, ttft, tpot, e2e));
                if (recorder != null) recorder.firstToken(r.arrivalNs() / 1e9 + ttft / 1e3, r.inputTokens());
            });
            if (recorder != null) sim.steps().listen(recorder::step);
        });
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("bench", run.dir().toString());
        root.put("model", run.model());
        root.put("vllm_version", run.vllmVersion());
        root.put("requests", run.requests().size());
        root.put("skipped_requests", run.skipped());
        root.put("simulated_requests", simulated.size());
        root.set("engine_settings", engineSettings(spec));
        root.set("engine_args", run.engineArgs().deepCopy());
        var from = root.putObject("engine_settings_from");
        recorded.sources().forEach(from::put);
        var ignored = root.putArray("engine_args_not_modelled");
        recorded.notModelled().forEach(ignored::add);
        List<CaseRow> rows = new ArrayList<>();
        var table = new StringBuilder();
        ReferenceErrors reference = ReferenceErrors.read(run.dir());
        String fmt = "%-9s %-9s %11s %11s %9s%s%s%n";
        String shiftHead = shifted == null ? "" : String.format(Locale.ROOT, " %15s", "steps ±" + frontier.calibrate.report.html.Num.brief(sensitivityPct) + "%");
        table.append(String.format(Locale.ROOT, fmt, "metric", "stat", "measured", "simulated", "error %",
                reference == null ? "" : String.format(Locale.ROOT, " %9s", "ref %"), shiftHead));
        int closer = 0, lines = 0;
        if (!recorded.notModelled().isEmpty()) {
            table.insert(0, "engine arguments not modelled: " + String.join(", ", recorded.notModelled()) + "\n\n");
        }
        try (var errors = new ParquetSink(out.resolve("errors.parquet"), List.of(Column.str("request_id"), Column.str("metric"),
                Column.dbl("measured"), Column.dbl("simulated"), Column.dbl("error_pct"), Column.dbl("ape_pct"),
                Column.lng("input_tokens"), Column.lng("output_tokens")))) {
            for (int mi = 0; mi < METRICS.size(); mi++) {
                var measured = new Distribution();
                var sim = new Distribution();
                List<Double> ape = new ArrayList<>();
                for (BenchRun.Measured m : run.requests()) {
                    double meas = mi == 0 ? m.ttftMs() : mi == 1 ? m.tpotMs() : m.e2eMs();
                    double[] s = simulated.get(m.request().id());
                    double sv = s == null ? Double.NaN : s[mi];
                    measured.add(meas);
                    sim.add(sv);
                    if (Double.isFinite(meas) && Double.isFinite(sv) && meas > 0) {
                        double err = (sv - meas) / meas * 100;
                        ape.add(Math.abs(err));
                        errors.set(0, m.request().sourceId()).set(1, METRICS.get(mi)).set(2, meas).set(3, sv).set(4, err)
                                .set(5, Math.abs(err)).set(6, (long) m.request().inputTokens()).set(7, (long) m.request().outputTokens());
                        errors.endRow();
                    }
                    if (Double.isFinite(meas) || Double.isFinite(sv)) {
                        rows.add(new CaseRow(m.request().sourceId(), METRICS.get(mi), meas, sv, CaseRow.keys("input_tokens",
                                Integer.toString(m.request().inputTokens()), "output_tokens", Integer.toString(m.request().outputTokens()))));
                    }
                }
                var node = root.putObject(METRICS.get(mi));
                var mNode = node.putObject("measured");
                var sNode = node.putObject("simulated");
                var eNode = node.putObject("error_pct");
                var shiftNode = shifted == null ? null : node.putObject("error_pct_steps_shorter_longer");
                for (int si = 0; si < BenchReport.STATS.size(); si++) {
                    String stat = BenchReport.STATS.get(si);
                    double a = stat(measured, stat), b = stat(sim, stat);
                    double err = (b - a) / a * 100;
                    mNode.put(stat, Json.number(a));
                    sNode.put(stat, Json.number(b));
                    eNode.put(stat, Json.number(err));
                    double ref = reference == null ? Double.NaN : reference.error(METRICS.get(mi), stat);
                    if (Double.isFinite(ref) && Double.isFinite(err)) {
                        lines++;
                        if (ReferenceErrors.closer(err, ref) < 0) closer++;
                    }
                    String shift = "";
                    if (shifted != null) {
                        double lo = (shifted[0][mi][si] - a) / a * 100, hi = (shifted[1][mi][si] - a) / a * 100;
                        shiftNode.putArray(stat).add(Json.number(lo)).add(Json.number(hi));
                        shift = String.format(Locale.ROOT, " %15s", String.format(Locale.ROOT, "%+.1f / %+.1f", lo, hi));
                    }
                    table.append(String.format(Locale.ROOT, fmt, METRICS.get(mi), stat, f(a), f(b), String.format(Locale.ROOT, "%+.1f", err),
                            reference == null ? "" : String.format(Locale.ROOT, " %9s", Double.isFinite(ref) ? String.format(Locale.ROOT, "%+.1f", ref) : ""),
                            shift));
                }
                double[] sorted = ape.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                double median = ErrorStats.percentile(sorted, 50);
                node.putObject("per_request").put("median_ape_pct", Json.number(median)).put("n", sorted.length);
                table.append(String.format(Locale.ROOT, "%-9s %-9s %33s%n", METRICS.get(mi), "per-req", "median APE " + f(median) + "%"));
            }
        }
        if (reference != null) {
            var r = root.putObject("reference_simulator");
            r.put("file", reference.file().toString());
            var e = r.putObject("error_pct");
            reference.errorPct().forEach((metric, stats) -> {
                var m = e.putObject(metric);
                stats.forEach(m::put);
            });
            r.put("lines_compared", lines);
            r.put("lines_closer", closer);
            table.append(String.format(Locale.ROOT, "closer to the measurement than the simulator in %s on %d of %d lines "
                    + "(at its one-decimal precision)%n", run.dir().relativize(reference.file()), closer, lines));
        }
        root.set("simulation", outcome.summary());
        TimelineComparison timeline = null;
        if (recorder != null) {
            timeline = new TimelineComparison(measuredTimeline, recorder.finish());
            timeline.write(out.resolve("timeline.parquet"));
            root.set("timeline", timeline.summary(run.clockOffsetS()));
            table.append(timeline.table());
        } else if (run.timeseries() != null) {
            table.append("\ntimeline: " + run.timeseries() + " not compared: meta.json has no started_at, or requests.jsonl "
                    + "no arrival_time, to place the ticks on the engine's clock\n");
        }
        Json.MAPPER.writeValue(out.resolve("summary.json").toFile(), root);
        BenchReport.write(out, root, rows, timeline);
        return new Result(root, table.toString());
    }

    /**
     * The simulated mean, p50, p90, p95 and p99 (as {@link BenchReport#STATS}) of TTFT, TPOT and
     * E2E when the run is replayed with every step scaled by {@code factor}; nothing written.
     */
    static double[][] replayStats(BenchRun run, DeploymentSpec spec, ModelConfig model, Bundle bundle, double factor) throws IOException {
        var dists = new Distribution[METRICS.size()];
        for (int i = 0; i < dists.length; i++) dists[i] = new Distribution();
        Runner.run(spec, model, bundle, replay(run), new Runner.Settings(null, false, 0, 0), sim -> {
            sim.scaleStepTime(factor);
            sim.requests().listen((Request r, double queued, double ttft, double tpot, double e2e) -> {
                double[] v = asRecorded(queued, ttft, tpot, e2e);
                for (int m = 0; m < dists.length; m++) dists[m].add(v[m]);
            });
        });
        double[][] out = new double[METRICS.size()][BenchReport.STATS.size()];
        for (int m = 0; m < out.length; m++) {
            for (int s = 0; s < out[m].length; s++) out[m][s] = stat(dists[m], BenchReport.STATS.get(s));
        }
        return out;
    }

    /** The run's requests, at their recorded arrivals and lengths, as the replay's open-loop input. */
    private static Runner.Open replay(BenchRun run) {
        Iterator<BenchRun.Measured> it = run.requests().iterator();
        RequestSource source = () -> it.hasNext() ? it.next().request() : null;
        return new Runner.Open(source, run.requests().size());
    }

    /**
     * A simulated request's TTFT, TPOT and E2E (as {@link #METRICS}) measured as the run measured
     * them: its TTFT and E2E start when the engine's scheduler took the request in.
     */
    private static double[] asRecorded(double queuedMs, double ttftMs, double tpotMs, double e2eMs) {
        return new double[] {ttftMs - queuedMs, tpotMs, e2eMs - queuedMs};
    }

    /** One of {@link BenchReport#STATS} of a distribution: its mean or a percentile ("p90"). */
    private static double stat(Distribution d, String stat) {
        return stat.equals("mean") ? d.mean() : d.percentile(Double.parseDouble(stat.substring(1)));
    }

    /** What the replay ran with: the run's engine arguments over vLLM's defaults, as the simulator applied them. */
    static ObjectNode engineSettings(DeploymentSpec spec) {
        ClusterSpec c = spec.clusters().getFirst();
        EngineSettings e = c.engine();
        Layout l = c.layout();
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("instances", l.instances());
        o.put("tensor_parallel_size", l.tp());
        o.put("data_parallel_size", l.dp());
        o.put("expert_parallel_size", l.ep());
        o.put("dtype", spec.dtype().label());
        o.put("kv_cache_dtype", spec.kvCacheDtype().label());
        o.setAll(e.describe());
        o.put("router", spec.router().label());
        return o;
    }

    static String f(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "-";
    }
}
