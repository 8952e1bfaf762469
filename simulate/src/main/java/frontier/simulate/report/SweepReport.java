package frontier.simulate.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import frontier.calibrate.bundle.Json;
import frontier.calibrate.io.Column;
import frontier.calibrate.io.ParquetSink;
import frontier.calibrate.report.html.Document;
import frontier.calibrate.report.html.Num;
import frontier.calibrate.report.html.Scatter;
import frontier.simulate.metrics.SweepPoint;
import tools.jackson.databind.node.ObjectNode;

/**
 * The outputs of a load sweep: one row per load level in {@code points.parquet} and
 * {@code points.csv}, {@code summary.json}, and {@code report.md} / {@code report.html} with the
 * latency-throughput curves a capacity plan reads: output tokens/s per GPU against TPOT (the
 * trade-off of batching more) and TTFT, TPOT against load.
 *
 * @param loadColumn what the swept setting is called: {@code rate_scale} or {@code concurrency}
 */
public record SweepReport(String deployment, String workload, int gpus, String loadColumn, List<SweepPoint> points) {

    /** The columns of points.parquet and points.csv, in order, and how each is read from a point. */
    private List<Metric> metrics() {
        return List.of(new Metric(loadColumn, SweepPoint::load), new Metric("requests", p -> p.requests()),
                new Metric("refused", p -> p.refused()), new Metric("preemptions", p -> p.preemptions()),
                new Metric("simulated_s", SweepPoint::simulatedS), new Metric("requests_per_s", SweepPoint::requestsPerS),
                new Metric("output_tokens_per_s", SweepPoint::outputTokensPerS),
                new Metric("output_tokens_per_s_per_gpu", SweepPoint::outputTokensPerSPerGpu),
                new Metric("ttft_ms_mean", SweepPoint::ttftMean), new Metric("ttft_ms_p50", SweepPoint::ttftP50),
                new Metric("ttft_ms_p90", SweepPoint::ttftP90), new Metric("ttft_ms_p99", SweepPoint::ttftP99),
                new Metric("tpot_ms_mean", SweepPoint::tpotMean), new Metric("tpot_ms_p50", SweepPoint::tpotP50),
                new Metric("tpot_ms_p90", SweepPoint::tpotP90), new Metric("tpot_ms_p99", SweepPoint::tpotP99),
                new Metric("e2e_ms_mean", SweepPoint::e2eMean), new Metric("e2e_ms_p50", SweepPoint::e2eP50),
                new Metric("e2e_ms_p99", SweepPoint::e2eP99), new Metric("goodput_share", SweepPoint::goodputShare),
                new Metric("goodput_output_tokens_per_s_per_gpu", SweepPoint::goodputTokensPerSPerGpu));
    }

    private record Metric(String name, ToDoubleFunction<SweepPoint> value) {
        boolean whole() {
            return name.equals("requests") || name.equals("refused") || name.equals("preemptions")
                    || name.equals("concurrency");
        }
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        var metrics = metrics();
        List<Column> cols = new ArrayList<>();
        for (Metric m : metrics) cols.add(m.whole() ? Column.lng(m.name()) : Column.dbl(m.name()));
        try (var sink = new ParquetSink(dir.resolve("points.parquet"), cols)) {
            for (SweepPoint p : points) {
                for (Metric m : metrics) {
                    double v = m.value().applyAsDouble(p);
                    // an empty statistic (no request completed, no SLO given) is a null, not a made-up number
                    sink.set(m.name(), Double.isNaN(v) ? null : m.whole() ? (Object) (long) v : (Object) v);
                }
                sink.endRow();
            }
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve("points.csv"))) {
            w.write(String.join(",", metrics.stream().map(Metric::name).toList()));
            w.write('\n');
            for (SweepPoint p : points) {
                List<String> cells = new ArrayList<>();
                for (Metric m : metrics) {
                    double v = m.value().applyAsDouble(p);
                    cells.add(Double.isNaN(v) ? "" : m.whole() ? Long.toString((long) v) : Double.toString(v));
                }
                w.write(String.join(",", cells));
                w.write('\n');
            }
        }
        Json.MAPPER.writeValue(dir.resolve("summary.json").toFile(), summary(metrics));
        Document doc = document();
        Files.writeString(dir.resolve("report.md"), doc.markdown());
        Files.writeString(dir.resolve("report.html"), doc.html());
    }

    private ObjectNode summary(List<Metric> metrics) {
        var root = Json.MAPPER.createObjectNode();
        root.put("deployment", deployment);
        root.put("workload", workload);
        root.put("gpus", gpus);
        root.put("swept", loadColumn);
        var arr = root.putArray("points");
        for (SweepPoint p : points) {
            var o = arr.addObject();
            for (Metric m : metrics) {
                double v = m.value().applyAsDouble(p);
                if (m.whole() && !Double.isNaN(v)) o.put(m.name(), (long) v);
                else o.put(m.name(), Json.number(v));
            }
        }
        return root;
    }

    /** The printed table: one line per load level. */
    public String table() {
        var sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-12s %8s %10s %10s %10s %10s %10s %10s%n", loadColumn, "req/s", "tok/s/GPU",
                "TTFT p50", "TTFT p99", "TPOT p50", "TPOT p99", "goodput"));
        for (SweepPoint p : points) {
            sb.append(String.format(Locale.ROOT, "%-12s %8.2f %10.1f %10.1f %10.1f %10.2f %10.2f %10s%n", Num.brief(p.load()),
                    p.requestsPerS(), p.outputTokensPerSPerGpu(), p.ttftP50(), p.ttftP99(), p.tpotP50(), p.tpotP99(),
                    Double.isNaN(p.goodputShare()) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * p.goodputShare())));
        }
        return sb.toString();
    }

    Document document() {
        String what = loadColumn.equals("concurrency") ? "clients (concurrency)" : "arrival-rate scale";
        var doc = new Document("Load sweep: " + deployment);
        doc.paragraph("The workload " + workload + " replayed through " + deployment + " (" + gpus + (gpus == 1 ? " GPU" : " GPUs") + ") at "
                + points.size() + " load levels of its " + what + ". Each level is an independent simulation with the same "
                + "seed; rows are in points.parquet and points.csv.");
        double[] load = column(SweepPoint::load);
        doc.figure(Scatter.curves("Throughput per GPU against TPOT", "TPOT p50 (ms)", "output tokens/s per GPU",
                List.of(new Scatter.Points("", column(SweepPoint::tpotP50), column(SweepPoint::outputTokensPerSPerGpu))), false, false),
                "Each point is one load level; further right is more batching. Read off the throughput a TPOT target allows.");
        doc.figure(Scatter.curves("TTFT against load", loadColumn, "TTFT (ms)",
                List.of(new Scatter.Points("p50", load, column(SweepPoint::ttftP50)),
                        new Scatter.Points("p90", load, column(SweepPoint::ttftP90)),
                        new Scatter.Points("p99", load, column(SweepPoint::ttftP99))), true, true),
                "Queueing shows as the bend where TTFT leaves its floor.");
        doc.figure(Scatter.curves("TPOT against load", loadColumn, "TPOT (ms)",
                List.of(new Scatter.Points("p50", load, column(SweepPoint::tpotP50)),
                        new Scatter.Points("p90", load, column(SweepPoint::tpotP90)),
                        new Scatter.Points("p99", load, column(SweepPoint::tpotP99))), true, false), "");
        List<List<String>> rows = new ArrayList<>();
        for (SweepPoint p : points) {
            rows.add(List.of(Num.brief(p.load()), Long.toString(p.requests()), Num.fixed(p.requestsPerS(), 2),
                    Num.fixed(p.outputTokensPerSPerGpu(), 1), Num.fixed(p.ttftP50(), 1), Num.fixed(p.ttftP90(), 1),
                    Num.fixed(p.ttftP99(), 1), Num.fixed(p.tpotP50(), 2), Num.fixed(p.tpotP90(), 2), Num.fixed(p.e2eMean(), 0),
                    Double.isNaN(p.goodputShare()) ? "-" : Num.fixed(100 * p.goodputShare(), 1)));
        }
        doc.table(List.of(loadColumn, "requests", "req/s", "tok/s per GPU", "TTFT p50", "TTFT p90", "TTFT p99", "TPOT p50",
                "TPOT p90", "E2E mean", "goodput %"), rows);
        return doc;
    }

    private double[] column(ToDoubleFunction<SweepPoint> f) {
        return points.stream().mapToDouble(f).toArray();
    }
}
