package frontier.simulate.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import frontier.calibrate.report.html.Chart;
import frontier.calibrate.report.html.Document;
import frontier.calibrate.report.html.Histogram;
import frontier.calibrate.report.html.Num;
import frontier.calibrate.report.html.Sample;
import frontier.calibrate.report.html.Scatter;
import frontier.simulate.metrics.TimelineComparison;
import tools.jackson.databind.JsonNode;

/**
 * report.md and report.html of a replayed vLLM benchmark run: the distribution statistics both
 * sides agree or disagree on, per-request error, the two distributions overlaid, the requests
 * simulated worst and the engine settings the replay used.
 */
public final class BenchReport {
    private BenchReport() {}

    static final int WORST = 10;
    /** The statistics compared for every metric, in the order tables list them. */
    public static final List<String> STATS = List.of("mean", "p50", "p90", "p95", "p99");

    /**
     * @param summary the validation's summary.json
     * @param rows    one row per request and metric; keys carry input_tokens and output_tokens
     */
    public static void write(Path dir, JsonNode summary, List<CaseRow> rows, TimelineComparison timeline) throws IOException {
        ErrorReport.write(dir, document(summary, rows, timeline));
    }

    /** This replay's error beside the other simulator's, line by line, at its one-decimal precision. */
    private static void reference(Document doc, JsonNode summary, List<String> metrics, JsonNode ref) {
        doc.heading(2, "Against the reference simulator");
        doc.paragraph("The bench folder publishes another simulator's errors on this run (`" + ref.path("file").asString("")
                + "`). This replay is closer to the measurement on " + ref.path("lines_closer").asLong() + " of "
                + ref.path("lines_compared").asLong() + " lines; a tie at one decimal counts as not closer.");
        List<List<String>> rows = new ArrayList<>();
        for (String m : metrics) {
            for (String stat : STATS) {
                JsonNode theirs = ref.path("error_pct").path(m).path(stat);
                if (!theirs.isNumber()) continue;
                double ours = num(summary.path(m).path("error_pct").path(stat));
                int c = frontier.simulate.validate.ReferenceErrors.closer(ours, theirs.asDouble());
                rows.add(List.of(m, stat, Num.signed(ours, 1), Num.signed(theirs.asDouble(), 1), c < 0 ? "this replay" : c == 0 ? "tie" : "reference"));
            }
        }
        doc.table(List.of("metric", "statistic", "this replay, error %", "reference, error %", "closer"), rows);
    }

    /** @param timeline the engine's own timeline beside the replay's, or null when the run has none */
    public static Document document(JsonNode summary, List<CaseRow> rows, TimelineComparison timeline) {
        List<String> metrics = ErrorReport.metrics(rows);
        var doc = new Document("Bench validation: " + summary.path("model").asString("") + " (vLLM "
                + summary.path("vllm_version").asString("?") + ")");
        doc.paragraph("The recorded run in `" + summary.path("bench").asString("") + "` replayed through the simulator with the run's "
                + "own engine settings: " + summary.path("requests").asLong() + " requests (" + summary.path("skipped_requests").asLong()
                + " skipped for incomplete timestamps), " + summary.path("simulated_requests").asLong() + " simulated. Signed error is "
                + "(simulated − measured) / measured. TTFT and E2E run from the moment the engine took a request in (the run's "
                + "`queued_ts`; in the simulation the first scheduling pass after its arrival), as the run measured them.");
        doc.contents();

        doc.heading(2, "Measured vs simulated");
        List<List<String>> table = new ArrayList<>();
        boolean shifted = metrics.stream().anyMatch(m -> summary.path(m).has("error_pct_steps_shorter_longer"));
        for (String m : metrics) {
            JsonNode node = summary.path(m);
            for (String stat : STATS) {
                List<String> row = new ArrayList<>(List.of(m, stat, ErrorReport.value(num(node.path("measured").path(stat))),
                        ErrorReport.value(num(node.path("simulated").path(stat))), Num.signed(num(node.path("error_pct").path(stat)), 1)));
                JsonNode span = node.path("error_pct_steps_shorter_longer").path(stat);
                if (shifted) row.add(span.size() == 2 ? Num.signed(span.get(0).asDouble(), 1) + " / " + Num.signed(span.get(1).asDouble(), 1) : "");
                table.add(row);
            }
            List<String> perRequest = new ArrayList<>(List.of(m, "per-request median APE", "", "",
                    Num.fixed(num(node.path("per_request").path("median_ape_pct")), 1)));
            if (shifted) perRequest.add("");
            table.add(perRequest);
        }
        List<String> header = new ArrayList<>(List.of("metric", "statistic", "measured", "simulated", "error %"));
        if (shifted) header.add("error % with steps shorter / longer");
        doc.table(header, table);
        if (shifted) {
            doc.paragraph("The last column replays the run with every step shorter and longer by the `--sensitivity` share: where "
                    + "it spans many points, the run sits near saturation and that error is as much the run's as the model's.");
        }
        JsonNode ref = summary.path("reference_simulator");
        if (ref.isObject()) reference(doc, summary, metrics, ref);

        doc.heading(2, "Per request");
        doc.add(ErrorReport.metricTable(rows));
        doc.figure(ErrorReport.errorCdf("|error| per request", rows), ErrorReport.cdfCaption());
        for (Chart c : ErrorReport.parityCharts(rows, " (per request)")) doc.figure(c, "One point per request; dashed: y = x, shaded: ±10%.");

        doc.heading(2, "Distributions");
        for (String m : metrics) {
            double[] measured = rows.stream().filter(r -> r.metric().equals(m)).mapToDouble(CaseRow::measured).toArray();
            double[] simulated = rows.stream().filter(r -> r.metric().equals(m)).mapToDouble(CaseRow::simulated).toArray();
            doc.figure(new Histogram(m + ": measured and simulated", m, "share of requests",
                    List.of(new Sample("measured", measured), new Sample("simulated", simulated)), 40, spansDecades(measured, simulated)), "");
        }

        if (timeline != null) timeline(doc, timeline);

        doc.heading(2, "Worst " + WORST + " requests");
        doc.paragraph("Ranked by their largest |error| over " + String.join(", ", metrics) + ".");
        doc.add(worstRequests(rows, metrics));

        doc.heading(2, "Engine settings");
        doc.table(List.of("setting", "value"), settings(summary));
        return doc;
    }

    /** The engine's logged timeline and the replay's on the same ticks: throughput, running and waiting requests. */
    static void timeline(Document doc, TimelineComparison c) {
        doc.heading(2, "Engine timeline");
        doc.paragraph("What the engine logged every tick (tokens per second over the tick, requests running and waiting at "
                + "its end) beside the same quantities in the replay, on the run's clock. Written to `timeline.parquet`.");
        List<List<String>> table = new ArrayList<>();
        for (TimelineComparison.Series s : c.series()) {
            table.add(List.of(s.name(), Num.fixed(s.measuredMean(), 1), Num.fixed(s.simulatedMean(), 1), Num.fixed(s.meanAbsDiff(), 1)));
        }
        doc.table(List.of("series", "measured mean", "simulated mean", "mean |difference| per tick"), table);
        var splits = c.fullBatchSplits();
        if (splits != null) {
            var m = splits.measured();
            var sim = splits.simulated();
            doc.paragraph("While the batch is full, each tick splits into steps with every slot decoding and prompt tokens "
                    + "prefilled alongside (least squares over " + m.ticks() + " measured and " + sim.ticks() + " simulated ticks): "
                    + "where the two sides differ here says whether decode steps or prefill work is mispriced.");
            doc.table(List.of("per full-batch step", "measured", "simulated", "error %"), List.of(
                    List.of("decode step, ms", Num.fixed(m.decodeStepMs(), 2), Num.fixed(sim.decodeStepMs(), 2),
                            Num.signed((sim.decodeStepMs() - m.decodeStepMs()) / m.decodeStepMs() * 100, 1)),
                    List.of("added per 1k prompt tokens, ms", Num.fixed(m.msPer1kPromptTokens(), 2), Num.fixed(sim.msPer1kPromptTokens(), 2),
                            Num.signed((sim.msPer1kPromptTokens() - m.msPer1kPromptTokens()) / m.msPer1kPromptTokens() * 100, 1))));
        }
        double[] t = c.measured().t();
        for (TimelineComparison.Series s : c.series()) {
            doc.figure(Scatter.of(s.name() + " over the run", "seconds from the run's start", s.name(),
                    List.of(new Scatter.Points("measured", t, s.measured()), new Scatter.Points("simulated", t, s.simulated())),
                    false, false), "");
        }
    }

    /** Log bins when the values span more than a factor of 30 (TTFT under load does; TPOT rarely). */
    static boolean spansDecades(double[]... sets) {
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (double[] s : sets) {
            for (double v : s) {
                if (v > 0 && Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return hi / lo > 30;
    }

    static Document.Table worstRequests(List<CaseRow> rows, List<String> metrics) {
        Map<String, Map<String, CaseRow>> byRequest = new LinkedHashMap<>();
        for (CaseRow r : rows) {
            if (r.compared()) byRequest.computeIfAbsent(r.id(), k -> new LinkedHashMap<>()).put(r.metric(), r);
        }
        record Worst(String id, CaseRow row, Map<String, CaseRow> all) {}
        List<Worst> worst = byRequest.entrySet().stream()
                .map(e -> new Worst(e.getKey(), e.getValue().values().stream().max(Comparator.comparingDouble(CaseRow::apePct)).orElseThrow(),
                        e.getValue()))
                .sorted(Comparator.comparingDouble((Worst w) -> w.row().apePct()).reversed().thenComparing(Worst::id))
                .limit(WORST).toList();
        List<String> head = new ArrayList<>(List.of("request", "input tokens", "output tokens", "worst metric", "measured", "simulated"));
        for (String m : metrics) head.add(m + " error %");
        List<List<String>> out = new ArrayList<>();
        for (Worst w : worst) {
            List<String> c = new ArrayList<>(List.of(w.id(), w.row().key("input_tokens"), w.row().key("output_tokens"), w.row().metric(),
                    ErrorReport.value(w.row().measured()), ErrorReport.value(w.row().simulated())));
            for (String m : metrics) c.add(w.all().containsKey(m) ? Num.signed(w.all().get(m).errorPct(), 1) : "-");
            out.add(c);
        }
        return new Document.Table(head, out);
    }

    /** The replay's engine settings, the run's own engine arguments and what the simulated engine held. */
    static List<List<String>> settings(JsonNode summary) {
        List<List<String>> out = new ArrayList<>();
        summary.path("engine_settings").properties().forEach(e -> out.add(List.of(e.getKey(),
                e.getKey().equals("max_model_len") && e.getValue().asInt() == 0 ? "0 (the model's maximum)" : text(e.getValue()))));
        summary.path("engine_args").properties().forEach(e -> out.add(List.of("engine_args." + e.getKey(), text(e.getValue()))));
        JsonNode sim = summary.path("simulation");
        for (String f : List.of("deployment", "hardware", "engine", "gpus")) {
            if (sim.has(f)) out.add(List.of("simulation." + f, text(sim.path(f))));
        }
        sim.path("memory").properties().forEach(cluster -> cluster.getValue().properties()
                .forEach(e -> out.add(List.of("memory." + cluster.getKey() + "." + e.getKey(), text(e.getValue())))));
        return out;
    }

    private static String text(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) return "-";
        if (v.isNumber()) return v.isIntegralNumber() ? v.asString() : Num.tick(v.asDouble());
        return v.isValueNode() ? v.asString() : v.toString();
    }

    private static double num(JsonNode v) {
        return v.isNumber() ? v.asDouble() : Double.NaN;
    }
}
