package frontier.simulate.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import frontier.calibrate.bundle.Json;
import frontier.calibrate.fit.ErrorStats;
import frontier.calibrate.report.html.Cdf;
import frontier.calibrate.report.html.Chart;
import frontier.calibrate.report.html.Document;
import frontier.calibrate.report.html.Num;
import frontier.calibrate.report.html.Sample;
import frontier.calibrate.report.html.Scatter;
import tools.jackson.databind.JsonNode;

/**
 * report.md and report.html for any comparison of simulated with measured values, case by case:
 * error by metric, |error| CDFs, predicted-vs-measured per metric, error by group and the worst
 * cases with what identifies them. The pieces are public so that reports of a particular kind
 * (a replayed benchmark run) can add their own sections around them.
 */
public final class ErrorReport {
    private ErrorReport() {}

    /** Percent: the least |error| the log-scaled error charts show. */
    public static final double ERROR_FLOOR = 0.01;
    /** Share counted as "close" in the tables. */
    public static final double CLOSE_PCT = 10;

    /** Cases listed in the worst-cases table unless told otherwise. */
    public static final int WORST = 15;

    /** {@link #write(Path, String, List, Map, List, int)} with the {@value #WORST} worst cases. */
    public static void write(Path dir, String title, List<CaseRow> rows, Map<String, ?> summary, List<String> groupKeys)
            throws IOException {
        write(dir, title, rows, summary, groupKeys, WORST);
    }

    /**
     * Writes {@code dir/report.md} and {@code dir/report.html}.
     *
     * @param summary   shown as a table of its scalar entries (nested maps as dotted keys)
     * @param groupKeys identifying columns whose value combinations get a row each in the group table
     */
    public static void write(Path dir, String title, List<CaseRow> rows, Map<String, ?> summary, List<String> groupKeys,
                             int worst) throws IOException {
        write(dir, document(title, rows, summary, groupKeys == null || groupKeys.isEmpty() ? List.of() : List.of(groupKeys), worst));
    }

    public static void write(Path dir, Document doc) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.md"), doc.markdown());
        Files.writeString(dir.resolve("report.html"), doc.html());
    }

    /** @param groupings one group table for each list of identifying columns, in this order */
    public static Document document(String title, List<CaseRow> rows, Map<String, ?> summary, List<List<String>> groupings,
                                    int worst) {
        var doc = new Document(title);
        if (summary != null && !summary.isEmpty()) {
            doc.heading(2, "Summary");
            List<List<String>> table = new ArrayList<>();
            flatten("", summary, table);
            doc.table(List.of("entry", "value"), table);
        }
        doc.heading(2, "Error by metric");
        doc.paragraph("Signed error is (simulated − measured) / measured; APE is its absolute value.");
        doc.add(metricTable(rows));
        doc.figure(errorCdf("|error| by metric", rows), cdfCaption());
        for (Chart c : parityCharts(rows, "")) doc.figure(c, parityCaption());
        for (List<String> groupKeys : groupings) {
            doc.heading(2, "Error by " + String.join(", ", groupKeys));
            doc.add(groupTable(rows, groupKeys));
        }
        doc.heading(2, "Worst " + worst + " cases");
        doc.add(worstCases(rows, worst));
        return doc;
    }

    /** The metrics in order of first appearance. */
    public static List<String> metrics(List<CaseRow> rows) {
        return List.copyOf(new LinkedHashSet<>(rows.stream().map(CaseRow::metric).toList()));
    }

    /** Cases, compared, median and p90 APE, mean signed error and the share within ±10%, per metric. */
    public static Document.Table metricTable(List<CaseRow> rows) {
        List<List<String>> out = new ArrayList<>();
        for (String m : metrics(rows)) {
            List<CaseRow> of = rows.stream().filter(r -> r.metric().equals(m)).toList();
            out.add(statsCells(List.of(m), of));
        }
        return new Document.Table(statsHeader(List.of("metric")), out);
    }

    /** The same statistics per combination of the group keys' values and metric. */
    public static Document.Table groupTable(List<CaseRow> rows, List<String> groupKeys) {
        Map<List<String>, List<CaseRow>> groups = new LinkedHashMap<>();
        List<String> metrics = metrics(rows);
        for (CaseRow r : rows) {
            List<String> k = new ArrayList<>();
            for (String g : groupKeys) k.add(r.key(g));
            k.add(r.metric());
            groups.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
        }
        List<List<String>> keys = new ArrayList<>(groups.keySet());
        Comparator<List<String>> byGroup = (a, b) -> {
            for (int i = 0; i < groupKeys.size(); i++) {
                int c = a.get(i).compareTo(b.get(i));
                if (c != 0) return c;
            }
            return Integer.compare(metrics.indexOf(a.getLast()), metrics.indexOf(b.getLast()));
        };
        keys.sort(byGroup);
        List<List<String>> out = new ArrayList<>();
        for (List<String> k : keys) out.add(statsCells(k, groups.get(k)));
        List<String> head = new ArrayList<>(groupKeys);
        head.add("metric");
        return new Document.Table(statsHeader(head), out);
    }

    private static List<String> statsHeader(List<String> first) {
        List<String> h = new ArrayList<>(first);
        h.addAll(List.of("cases", "compared", "median APE %", "p90 APE %", "mean signed error %", "within ±" + Num.tick(CLOSE_PCT) + "%"));
        return h;
    }

    private static List<String> statsCells(List<String> first, List<CaseRow> rows) {
        double[] ape = rows.stream().filter(CaseRow::compared).mapToDouble(CaseRow::apePct).sorted().toArray();
        double signed = rows.stream().filter(CaseRow::compared).mapToDouble(CaseRow::errorPct).average().orElse(Double.NaN);
        long close = rows.stream().filter(r -> r.compared() && r.apePct() <= CLOSE_PCT).count();
        List<String> c = new ArrayList<>(first);
        c.add(Integer.toString(rows.size()));
        c.add(Integer.toString(ape.length));
        c.add(Num.fixed(ErrorStats.percentile(ape, 50), 1));
        c.add(Num.fixed(ErrorStats.percentile(ape, 90), 1));
        c.add(Num.signed(signed, 1));
        c.add(ape.length == 0 ? "-" : Num.fixed(100.0 * close / ape.length, 0) + "%");
        return c;
    }

    /** One |error| CDF per metric. */
    public static Cdf errorCdf(String title, List<CaseRow> rows) {
        List<Sample> series = new ArrayList<>();
        for (String m : metrics(rows)) {
            double[] ape = rows.stream().filter(r -> r.metric().equals(m) && r.compared()).mapToDouble(CaseRow::apePct).toArray();
            series.add(new Sample(m, Num.atLeast(ape, ERROR_FLOOR)));
        }
        return new Cdf(title, "absolute percentage error (%)", series, true);
    }

    public static String cdfCaption() {
        return "Share of cases simulated within a given error; further left is better. Errors below " + Num.tick(ERROR_FLOOR)
                + "% are drawn at " + Num.tick(ERROR_FLOOR) + "%.";
    }

    /** Simulated against measured, one chart per metric, one point per compared case. */
    public static List<Chart> parityCharts(List<CaseRow> rows, String what) {
        List<Chart> charts = new ArrayList<>();
        for (String m : metrics(rows)) {
            List<CaseRow> of = rows.stream().filter(r -> r.metric().equals(m) && r.compared()).toList();
            double[] x = of.stream().mapToDouble(CaseRow::measured).toArray();
            double[] y = of.stream().mapToDouble(CaseRow::simulated).toArray();
            charts.add(Scatter.parity(m + ": simulated vs measured" + what, "measured " + m, "simulated " + m,
                    List.of(new Scatter.Points("", x, y)), CLOSE_PCT / 100));
        }
        return charts;
    }

    public static String parityCaption() {
        return "One point per case; dashed: y = x, shaded: ±" + Num.tick(CLOSE_PCT) + "%.";
    }

    /** The cases with the largest |error|, with every identifying column. */
    public static Document.Table worstCases(List<CaseRow> rows, int n) {
        List<CaseRow> worst = rows.stream().filter(CaseRow::compared)
                .sorted(Comparator.comparingDouble(CaseRow::apePct).reversed().thenComparing(CaseRow::id).thenComparing(CaseRow::metric))
                .limit(n).toList();
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        worst.forEach(r -> keys.addAll(r.keys().keySet()));
        List<String> head = new ArrayList<>(List.of("case", "metric"));
        head.addAll(keys);
        head.addAll(List.of("measured", "simulated", "error %"));
        List<List<String>> out = new ArrayList<>();
        for (CaseRow r : worst) {
            List<String> c = new ArrayList<>(List.of(r.id(), r.metric()));
            for (String k : keys) c.add(r.key(k));
            c.add(value(r.measured()));
            c.add(value(r.simulated()));
            c.add(Num.signed(r.errorPct(), 1));
            out.add(c);
        }
        return new Document.Table(head, out);
    }

    /** A measured or simulated value: enough digits for milliseconds and for tokens per second. */
    public static String value(double v) {
        return Math.abs(v) >= 100 ? Num.fixed(v, 1) : Math.abs(v) >= 1 ? Num.fixed(v, 2) : Num.fixed(v, 4);
    }

    /** A JSON summary as the ordered map {@link #write} takes. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> summary(JsonNode node) {
        return Json.MAPPER.convertValue(node, LinkedHashMap.class);
    }

    /** A short list of plain values (filters, settings) reads better spelled out than counted. */
    private static boolean plain(List<?> l) {
        return !l.isEmpty() && l.size() <= 8 && l.stream().allMatch(v -> v instanceof String || v instanceof Number);
    }

    private static void flatten(String prefix, Map<String, ?> map, List<List<String>> out) {
        for (var e : map.entrySet()) {
            String key = prefix + e.getKey();
            switch (e.getValue()) {
                case Map<?, ?> m -> {
                    Map<String, Object> sub = new LinkedHashMap<>();
                    m.forEach((k, v) -> sub.put(String.valueOf(k), v));
                    flatten(key + ".", sub, out);
                }
                case List<?> l -> out.add(List.of(key, plain(l) ? String.join(", ", l.stream().map(String::valueOf).toList())
                        : l.size() + " entries"));
                case null -> out.add(List.of(key, "-"));
                case Double d -> out.add(List.of(key, d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : value(d)));
                case Float f -> out.add(List.of(key, value(f)));
                case Object o -> out.add(List.of(key, o.toString()));
            }
        }
    }
}
