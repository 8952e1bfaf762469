package frontier.simulate.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import frontier.calibrate.report.html.Bars;
import frontier.calibrate.report.html.Cdf;
import frontier.calibrate.report.html.Document;
import frontier.calibrate.report.html.Num;
import frontier.calibrate.report.html.Sample;
import frontier.calibrate.report.html.Scatter;
import frontier.simulate.metrics.RequestLog;
import frontier.simulate.metrics.StepLog;
import frontier.simulate.workload.Request;
import tools.jackson.databind.JsonNode;

/**
 * A simulation run as a person reads it: report.md and a self-contained report.html with the
 * latency table, the TTFT, TPOT and E2E distributions, each cluster's first instance over time
 * (requests running and waiting, KV cache in use, step duration) and where each cluster's step
 * time goes. The run streams its rows to disk, so the report keeps an evenly spaced sample of
 * them as they pass: every k-th, k doubling whenever the sample fills. The same run gives the
 * same report, and a run of any size a report of bounded size.
 */
public final class RunReport implements RequestLog.Listener, StepLog.Listener {
    static final int MAX_REQUESTS = 20_000, MAX_STEPS = 4_000;

    private final Thinned requests = new Thinned(3, MAX_REQUESTS);
    private final Map<String, Thinned> timelines = new LinkedHashMap<>();
    private String lastCluster;
    private Thinned lastTimeline;

    /** Every k-th row offered, k doubling whenever the kept rows fill the buffer. */
    static final class Thinned {
        private final double[][] columns;
        private int size;
        private long offered, stride = 1;

        Thinned(int width, int capacity) {
            columns = new double[width][capacity];
        }

        void offer(double a, double b, double c) {
            if (keep()) put(a, b, c, 0, 0);
        }

        void offer(double a, double b, double c, double d, double e) {
            if (keep()) put(a, b, c, d, e);
        }

        private boolean keep() {
            return offered++ % stride == 0;
        }

        private void put(double a, double b, double c, double d, double e) {
            if (size == columns[0].length) {
                // keep every other row: what remains is every (2k)-th row offered so far
                for (double[] col : columns) for (int i = 0; i < size / 2; i++) col[i] = col[2 * i];
                size /= 2;
                stride *= 2;
                if ((offered - 1) % stride != 0) return;
            }
            columns[0][size] = a;
            columns[1][size] = b;
            columns[2][size] = c;
            if (columns.length > 3) {
                columns[3][size] = d;
                columns[4][size] = e;
            }
            size++;
        }

        int size() { return size; }

        double[] column(int j) { return Arrays.copyOf(columns[j], size); }
    }

    @Override
    public void completed(Request r, double queuedMs, double ttftMs, double tpotMs, double e2eMs) {
        requests.offer(ttftMs, tpotMs, e2eMs);
    }

    @Override
    public void step(String cluster, int instance, long startNs, long durationNs, int decodeTokens, int running, int waiting,
                     long kvUsed, long kvTotal) {
        if (instance != 0) return;
        // steps come cluster after cluster: the same name object as the last step's, most of the time
        if (cluster != lastCluster) {
            lastCluster = cluster;
            lastTimeline = timelines.computeIfAbsent(cluster, c -> new Thinned(5, MAX_STEPS));
        }
        lastTimeline.offer(startNs / 1e9, running, waiting, kvTotal > 0 ? (double) kvUsed / kvTotal : Double.NaN, durationNs / 1e6);
    }

    /** The sampled steps of a cluster's first instance (time s, running, waiting, KV share, step ms), or null. */
    Thinned timeline(String cluster) {
        return timelines.get(cluster);
    }

    /** Writes report.md and report.html into {@code dir} beside the run's summary.json (given as its tree). */
    public void write(Path dir, JsonNode summary) throws IOException {
        Document doc = document(summary);
        Files.writeString(dir.resolve("report.md"), doc.markdown());
        Files.writeString(dir.resolve("report.html"), doc.html());
    }

    Document document(JsonNode s) {
        var doc = new Document("Simulation: " + s.path("deployment").asString(""));
        JsonNode req = s.path("requests"), tp = s.path("throughput");
        doc.paragraph(s.path("model").asString("") + " on " + s.path("gpus").asInt() + " x " + s.path("hardware").asString("") + " ("
                + s.path("engine").asString("") + "): " + req.path("count").asLong() + " requests completed"
                + (req.path("refused").asLong() > 0 ? ", " + req.path("refused").asLong() + " refused" : "") + " in "
                + Num.fixed(tp.path("simulated_s").asDouble(), 1) + " s of simulated time; "
                + Num.fixed(tp.path("output_tokens_per_s_per_gpu").asDouble(), 1) + " output tokens/s per GPU, "
                + Num.fixed(tp.path("requests_per_s").asDouble(), 2) + " requests/s. Rows are in requests.parquet and steps.parquet; "
                + "the charts draw " + (requests.size() < req.path("count").asLong() ? "an evenly spaced sample of " + requests.size()
                + " requests and of each cluster's steps" : "every request") + ".");
        List<List<String>> rows = new ArrayList<>();
        for (String m : List.of("ttft_ms", "tpot_ms", "itl_ms", "e2e_ms")) {
            JsonNode d = s.path(m);
            List<String> row = new ArrayList<>(List.of(m));
            for (String stat : List.of("mean", "p50", "p90", "p95", "p99")) {
                row.add(d.path(stat).isNumber() ? Num.fixed(d.path(stat).asDouble(), 2) : "-");
            }
            rows.add(row);
        }
        doc.table(List.of("metric", "mean", "p50", "p90", "p95", "p99"), rows);
        JsonNode good = s.path("goodput");
        if (good.path("slo_ttft_ms").isNumber() || good.path("slo_tpot_ms").isNumber()) {
            doc.paragraph("Goodput: " + Num.fixed(100 * good.path("share_meeting_slo").asDouble(), 1) + "% of requests meet the SLOs ("
                    + "TTFT " + (good.path("slo_ttft_ms").isNumber() ? good.path("slo_ttft_ms").asDouble() + " ms" : "any") + ", TPOT "
                    + (good.path("slo_tpot_ms").isNumber() ? good.path("slo_tpot_ms").asDouble() + " ms" : "any") + "), "
                    + Num.fixed(good.path("output_tokens_per_s_per_gpu").asDouble(), 1) + " output tokens/s per GPU within them.");
        }
        if (requests.size() > 0) {
            doc.heading(2, "Latency distributions");
            doc.figure(new Cdf("TTFT", "TTFT (ms)", List.of(new Sample("", requests.column(0))), true), "");
            doc.figure(new Cdf("TPOT", "TPOT (ms)", List.of(new Sample("", requests.column(1))), false),
                    "Requests of one output token have no TPOT and are not drawn.");
            doc.figure(new Cdf("E2E", "E2E (ms)", List.of(new Sample("", requests.column(2))), true), "");
        }
        if (!timelines.isEmpty()) {
            doc.heading(2, "Over time");
            doc.paragraph("Each cluster's first instance, step by step: requests running and waiting, the share of its KV blocks in "
                    + "use, and how long each step took.");
            for (var e : timelines.entrySet()) {
                Thinned t = e.getValue();
                double[] time = t.column(0);
                String c = e.getKey();
                doc.figure(Scatter.curves(c + ": requests", "simulated time (s)", "requests",
                        List.of(new Scatter.Points("running", time, t.column(1)), new Scatter.Points("waiting", time, t.column(2))),
                        false, false), "");
                doc.figure(Scatter.curves(c + ": KV cache in use", "simulated time (s)", "share of KV blocks",
                        List.of(new Scatter.Points("", time, t.column(3))), false, false), "");
                doc.figure(Scatter.of(c + ": step duration", "simulated time (s)", "step (ms)",
                        List.of(new Scatter.Points("", time, t.column(4))), false, true), "");
            }
        }
        JsonNode clusters = s.path("clusters");
        List<String> parts = new ArrayList<>();
        // parts no cluster spends time on (MoE in a dense model) are left out
        for (JsonNode c : clusters) {
            for (var p : c.path("step_time_share").properties()) {
                if (p.getValue().asDouble() > 0 && !parts.contains(p.getKey())) parts.add(p.getKey());
            }
        }
        if (!parts.isEmpty()) {
            List<Sample> series = new ArrayList<>();
            for (var c : clusters.properties()) {
                double[] v = new double[parts.size()];
                for (int i = 0; i < v.length; i++) v[i] = 100 * c.getValue().path("step_time_share").path(parts.get(i)).asDouble(Double.NaN);
                series.add(new Sample(c.getKey(), v));
            }
            doc.heading(2, "Where step time goes");
            doc.figure(new Bars("Step time by part", "share of step time (%)", parts, series, false),
                    "Shares of each cluster's summed step time (summary.json clusters.*.step_time_share).");
        }
        return doc;
    }
}
