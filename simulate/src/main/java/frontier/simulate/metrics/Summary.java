package frontier.simulate.metrics;

import java.util.List;
import java.util.Locale;

import frontier.calibrate.bundle.Json;
import frontier.simulate.cost.StepPart;
import tools.jackson.databind.node.ObjectNode;

/** summary.json and the printed table of a run. Nothing in it depends on the wall clock. */
public final class Summary {
    private Summary() {}

    public record Run(String deployment, String model, String hardware, String engine, int gpus, long arrived,
                      RequestLog requests, StepLog steps, double simulatedS, long preemptions, long operatorLookups,
                      long fallbackLookups, long unmodelledLookups, double prefixHitRate, List<String> operatorModels, ObjectNode memory, ObjectNode clusters,
                      double sloTtftMs, double sloTpotMs, long skippedRows) {}

    public static ObjectNode json(Run r) {
        var root = Json.MAPPER.createObjectNode();
        root.put("deployment", r.deployment());
        root.put("model", r.model());
        root.put("hardware", r.hardware());
        root.put("engine", r.engine());
        root.put("gpus", r.gpus());
        var req = root.putObject("requests");
        req.put("arrived", r.arrived());
        req.put("count", r.requests().completedCount());
        req.put("refused", r.requests().refusedCount());
        req.put("first_refusal", r.requests().firstRefusal());
        req.put("skipped_rows", r.skippedRows());
        root.set("ttft_ms", stats(r.requests().ttftMs));
        root.set("tpot_ms", stats(r.requests().tpotMs));
        var itl = Json.MAPPER.createObjectNode();
        var h = r.requests().itl;
        itl.put("count", h.count());
        itl.put("mean", Json.number(h.meanNs() / 1e6));
        for (int p : new int[] {50, 90, 95, 99}) itl.put("p" + p, Json.number(h.percentileNs(p) / 1e6));
        root.set("itl_ms", itl);
        root.set("e2e_ms", stats(r.requests().e2eMs));
        var tp = root.putObject("throughput");
        double span = Math.max(r.simulatedS(), 1e-9);
        double out = r.requests().outputTokens() / span;
        tp.put("simulated_s", Json.number(r.simulatedS()));
        tp.put("output_tokens_per_s", Json.number(out));
        tp.put("output_tokens_per_s_per_gpu", Json.number(out / Math.max(1, r.gpus())));
        tp.put("input_tokens_per_s", Json.number(r.requests().inputTokens() / span));
        tp.put("requests_per_s", Json.number(r.requests().completedCount() / span));
        var gp = root.putObject("goodput");
        gp.put("slo_ttft_ms", r.sloTtftMs() > 0 ? Json.number(r.sloTtftMs()) : null);
        gp.put("slo_tpot_ms", r.sloTpotMs() > 0 ? Json.number(r.sloTpotMs()) : null);
        long done = r.requests().completedCount();
        gp.put("requests_meeting_slo", r.requests().goodRequests());
        gp.put("share_meeting_slo", done == 0 ? null : Json.number((double) r.requests().goodRequests() / done));
        gp.put("requests_per_s", Json.number(r.requests().goodRequests() / span));
        gp.put("output_tokens_per_s", Json.number(r.requests().goodOutputTokens() / span));
        gp.put("output_tokens_per_s_per_gpu", Json.number(r.requests().goodOutputTokens() / span / Math.max(1, r.gpus())));
        var eng = root.putObject("engine_stats");
        eng.put("steps", r.steps().steps());
        eng.put("preemptions", r.preemptions());
        eng.put("prefix_cache_hit_rate", Json.number(r.prefixHitRate()));
        eng.put("operator_lookups", r.operatorLookups());
        eng.put("roofline_fallback_lookups", r.fallbackLookups());
        eng.put("unmodelled_operator_lookups", r.unmodelledLookups());
        root.set("memory", r.memory());
        root.set("clusters", r.clusters());
        var models = root.putArray("operator_models");
        r.operatorModels().forEach(models::add);
        return root;
    }

    static ObjectNode stats(Distribution d) {
        var o = Json.MAPPER.createObjectNode();
        o.put("count", d.count());
        o.put("mean", Json.number(d.mean()));
        for (int p : new int[] {50, 90, 95, 99}) o.put("p" + p, Json.number(d.percentile(p)));
        return o;
    }

    public static String table(Run r) {
        var sb = new StringBuilder();
        var q = r.requests();
        sb.append(String.format(Locale.ROOT, "%s: %s on %d x %s (%s)%n", r.deployment(), r.model(), r.gpus(), r.hardware(), r.engine()));
        sb.append(String.format(Locale.ROOT, "requests: %d completed, %d refused, %.1f s simulated%n", q.completedCount(),
                q.refusedCount(), r.simulatedS()));
        if (q.firstRefusal() != null) {
            sb.append(q.refusedCount() == 1 ? "refused: " : "first refused: ").append(q.firstRefusal())
                    .append("; requests.parquet gives every refused request's reason\n");
        }
        String fmt = "%-10s %10s %10s %10s %10s %10s%n";
        sb.append(String.format(Locale.ROOT, fmt, "metric", "mean", "p50", "p90", "p95", "p99"));
        row(sb, fmt, "ttft_ms", q.ttftMs);
        row(sb, fmt, "tpot_ms", q.tpotMs);
        var h = q.itl;
        sb.append(String.format(Locale.ROOT, fmt, "itl_ms", f(h.meanNs() / 1e6), f(h.percentileNs(50) / 1e6), f(h.percentileNs(90) / 1e6),
                f(h.percentileNs(95) / 1e6), f(h.percentileNs(99) / 1e6)));
        row(sb, fmt, "e2e_ms", q.e2eMs);
        double span = Math.max(r.simulatedS(), 1e-9);
        sb.append(String.format(Locale.ROOT, "throughput: %.1f output tok/s, %.1f per GPU, %.2f req/s%n",
                q.outputTokens() / span, q.outputTokens() / span / Math.max(1, r.gpus()), q.completedCount() / span));
        if (r.sloTtftMs() > 0 || r.sloTpotMs() > 0) {
            sb.append(String.format(Locale.ROOT, "goodput (ttft <= %s ms, tpot <= %s ms): %.1f%% of requests, %.1f output tok/s per GPU%n",
                    r.sloTtftMs() > 0 ? f(r.sloTtftMs()) : "-", r.sloTpotMs() > 0 ? f(r.sloTpotMs()) : "-",
                    q.completedCount() == 0 ? 0 : 100.0 * q.goodRequests() / q.completedCount(),
                    q.goodOutputTokens() / span / Math.max(1, r.gpus())));
        }
        stepTime(sb, r.clusters());
        sb.append(String.format(Locale.ROOT, "steps: %d, preemptions: %d, operator lookups: %d (%d outside the calibrated range, "
                + "%d of operators without a kernel table; both priced at the roofline)%n",
                r.steps().steps(), r.preemptions(), r.operatorLookups(), r.fallbackLookups(), r.unmodelledLookups()));
        return sb.toString();
    }

    /** One line per cluster: where its step time went, largest parts first (those under 0.5% left out). */
    private static void stepTime(StringBuilder sb, ObjectNode clusters) {
        if (clusters == null) return;
        clusters.properties().forEach(e -> {
            var node = e.getValue().get("step_time_share");
            if (node == null) return;
            double[] shares = new double[StepPart.COUNT];
            for (StepPart p : StepPart.values()) shares[p.ordinal()] = node.path(p.label()).asDouble(0);
            sb.append("step time (").append(e.getKey()).append("): ").append(StepPart.largest(shares, StepPart.COUNT, 1))
                    .append(System.lineSeparator());
        });
    }

    private static void row(StringBuilder sb, String fmt, String name, Distribution d) {
        sb.append(String.format(Locale.ROOT, fmt, name, f(d.mean()), f(d.percentile(50)), f(d.percentile(90)), f(d.percentile(95)),
                f(d.percentile(99))));
    }

    static String f(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "-";
    }
}
