package frontier.simulate.validate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import frontier.calibrate.bundle.Json;
import frontier.calibrate.fit.ErrorStats;
import frontier.calibrate.io.Column;
import frontier.calibrate.io.ParquetSink;
import frontier.simulate.cost.StepPart;
import tools.jackson.databind.node.ObjectNode;

/**
 * The outputs of silicon validation: errors.parquet (one row per case and metric), cases.parquet
 * (one row per input row), summary.json, report.md and the printed table. Everything is computed
 * once by {@link #data}; the writers only format it, so another format (an HTML report) is one
 * more writer over the same {@link Data}.
 */
public final class SiliconReport {
    private SiliconReport() {}

    /**
     * Everything a report shows: the cases in row-id order, their error rows and the summary.
     * The hook for further report formats.
     */
    public record Data(List<SiliconCase> cases, List<SiliconErrors.Row> errors, ObjectNode summary,
                       Map<Integer, List<String>> conflicts, Map<Integer, Double> impliedPeakPct, List<TtftGap> ttftGaps,
                       Map<Integer, String> repeats) {
        /** The cases that do not repeat an earlier row's measurement. */
        List<SiliconCase> distinct() {
            return SiliconReport.distinct(cases, repeats);
        }
    }

    static List<SiliconCase> distinct(List<SiliconCase> cases, Map<Integer, String> repeats) {
        return cases.stream().filter(c -> !repeats.containsKey(c.row().line())).toList();
    }

    /**
     * What the run was: for the summary and the report header.
     *
     * @param settings engine settings given on the command line, as BACKEND:KEY=VALUE
     */
    public record Run(String csv, List<String> filters, String protocol, List<String> settings) {
        public Run(String csv, List<String> filters, String protocol) {
            this(csv, filters, protocol, List.of());
        }
    }

    public static Data data(List<SiliconCase> cases, Run run) {
        return data(cases, run, Map.of());
    }

    /** @param impliedPeakPct per CSV line, the share of its GPUs' peak its measurements need ({@link ImpliedCompute}) */
    public static Data data(List<SiliconCase> cases, Run run, Map<Integer, Double> impliedPeakPct) {
        var errors = SiliconErrors.rows(cases);
        var conflicts = LayoutConflicts.of(cases.stream().map(SiliconCase::row).toList());
        var gaps = TtftGap.of(cases);
        var summary = summary(cases, errors, run, gaps);
        summary.put("layout_conflicts", conflicts.size());
        summary.put("layouts_read_as_run", cases.stream().filter(c -> squareRecorded(c.row())).count());
        summary.put("rows_beyond_peak", beyondPeak(cases, impliedPeakPct).size());
        var repeats = RepeatedMeasurements.of(cases.stream().map(SiliconCase::row).toList());
        summary.put("repeated_measurements", repeats.size());
        var distinct = distinct(cases, repeats);
        var d = summary.putObject("distinct_measurements");
        counts(d, distinct);
        d.set("metrics", metrics(SiliconErrors.rows(distinct)));
        return new Data(cases, errors, summary, conflicts, Map.copyOf(impliedPeakPct), gaps, Map.copyOf(repeats));
    }

    /** The cases whose measurements need more than their GPUs' peak, most demanding first. */
    static List<SiliconCase> beyondPeak(List<SiliconCase> cases, Map<Integer, Double> impliedPeakPct) {
        return cases.stream().filter(c -> impliedPeakPct.getOrDefault(c.row().line(), Double.NaN) > 100)
                .sorted(Comparator.comparingDouble((SiliconCase c) -> -impliedPeakPct.get(c.row().line())))
                .toList();
    }

    public static void write(Path out, Data data) throws IOException {
        Files.createDirectories(out);
        writeErrors(out.resolve("errors.parquet"), data.errors());
        writeCases(out.resolve("cases.parquet"), data.cases(), data.conflicts(), data.impliedPeakPct(), data.repeats());
        Json.MAPPER.writeValue(out.resolve("summary.json").toFile(), data.summary());
        // the charts page: parity, error CDFs, groups and worst cases; report.md keeps the silicon tables
        Files.writeString(out.resolve("report.html"), frontier.simulate.report.ErrorReport.document(
                "Steady-state validation: " + data.summary().path("csv").asString(""), caseRows(data.errors()),
                frontier.simulate.report.ErrorReport.summary(data.summary()),
                List.of(List.of("backend", "mode"), List.of("backend", "model"), List.of("backend", "isl_osl")),
                frontier.simulate.report.ErrorReport.WORST).html());
        Files.writeString(out.resolve("report.md"), markdown(data));
    }

    static List<frontier.simulate.report.CaseRow> caseRows(List<SiliconErrors.Row> errors) {
        return errors.stream().map(e -> {
            var r = e.source().row();
            return new frontier.simulate.report.CaseRow(r.id(), e.metric(), e.measured(), e.simulated(),
                    frontier.simulate.report.CaseRow.keys("backend", r.backend(), "mode", r.mode(), "model", r.model(),
                            "precision", r.precision(), "isl_osl", r.isl() + "/" + r.osl(), "concurrency", String.valueOf(r.concurrency()),
                            "tables", e.source().kernelVersion(), "simulated step time", largestParts(e.source().stepTimeShare(), 3)));
        }).toList();
    }

    // ---- summary.json ----

    static ObjectNode summary(List<SiliconCase> cases, List<SiliconErrors.Row> errors, Run run, List<TtftGap> ttftGaps) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("csv", run.csv());
        var f = root.putArray("filters");
        run.filters().forEach(f::add);
        root.put("protocol", run.protocol());
        if (!run.settings().isEmpty()) {
            var es = root.putArray("engine_settings");
            run.settings().forEach(es::add);
        }
        counts(root, cases);
        root.set("metrics", metrics(errors));
        root.put("e2e_ms_note", "not compared: the silicon rows measure TTFT and TPOT only");
        var reasons = root.putArray("not_simulated_reasons");
        reasons(cases).forEach((reason, n) -> reasons.addObject().put("reason", reason).put("count", n));
        var versions = root.putArray("kernel_versions");
        kernelVersions(cases).forEach((k, n) -> versions.addObject().put("system", k.get(0)).put("backend", k.get(1))
                .put("backend_version", k.get(2)).put("kernel_version_used", k.get(3)).put("cases", n));
        var groups = root.putArray("groups");
        group(cases, c -> List.of(c.row().system(), c.row().backend(), c.row().mode(), c.row().model())).forEach((key, members) -> {
            var g = groups.addObject();
            g.putObject("key").put("system", key.get(0)).put("backend", key.get(1)).put("mode", key.get(2)).put("model", key.get(3));
            counts(g, members);
            g.set("metrics", metrics(SiliconErrors.rows(members)));
        });
        var gaps = root.putArray("ttft_gap_by_backend");
        gapsByBackend(ttftGaps).forEach((backend, list) -> {
            var g = gaps.addObject().put("backend", backend).put("deployments", list.size());
            for (TtftGap.Trend t : TtftGap.Trend.values()) g.put(t.name().toLowerCase(Locale.ROOT), count(list, t));
            g.put("median_gap_at_lowest_concurrency_ms", Json.number(median(list, TtftGap::gapAtLowMs)));
            g.put("median_gap_at_zero_load_ms", Json.number(median(list, TtftGap::zeroLoadMs)));
        });
        return root;
    }

    static Map<String, List<TtftGap>> gapsByBackend(List<TtftGap> gaps) {
        return gaps.stream().collect(Collectors.groupingBy(g -> g.key().get(1), TreeMap::new, Collectors.toList()));
    }

    /** The median over deployments of one figure; NaN when there are none. */
    static double median(List<TtftGap> gaps, java.util.function.ToDoubleFunction<TtftGap> figure) {
        return ErrorStats.percentile(gaps.stream().mapToDouble(figure).sorted().toArray(), 50);
    }

    private static void counts(ObjectNode node, List<SiliconCase> cases) {
        node.put("cases", cases.size());
        node.put("simulated", cases.stream().filter(c -> c instanceof SiliconCase.Simulated).count());
        node.put("coverage_pct", Json.number(SiliconErrors.coveragePct(cases)));
        node.put("layout_not_given", cases.stream().filter(c -> c instanceof SiliconCase.LayoutNotGiven).count());
        node.put("not_simulated", cases.stream().filter(c -> c instanceof SiliconCase.NotSimulated).count());
    }

    private static ObjectNode metrics(List<SiliconErrors.Row> errors) {
        ObjectNode m = Json.MAPPER.createObjectNode();
        for (String metric : SiliconErrors.METRICS) {
            var s = SiliconErrors.stats(errors, metric);
            m.putObject(metric).put("n", s.n()).put("median_ape_pct", Json.number(s.medianApePct()))
                    .put("p90_ape_pct", Json.number(s.p90ApePct())).put("mean_signed_pct", Json.number(s.meanSignedPct()));
        }
        m.putNull("e2e_ms");
        return m;
    }

    /** Not-simulated reasons with their counts, most frequent first (ties by text). */
    static Map<String, Long> reasons(List<SiliconCase> cases) {
        Map<String, Long> counts = cases.stream().filter(c -> c instanceof SiliconCase.NotSimulated)
                .collect(Collectors.groupingBy(SiliconCase::reason, TreeMap::new, Collectors.counting()));
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private static Map<List<String>, Long> kernelVersions(List<SiliconCase> cases) {
        return cases.stream().filter(c -> !c.kernelVersion().isEmpty()).collect(Collectors.groupingBy(
                c -> List.of(c.row().system(), c.row().backend(), c.row().backendVersion(), c.kernelVersion()),
                () -> new TreeMap<>(KEY_ORDER), Collectors.counting()));
    }

    /** Key parts in text order, except that whole numbers (prompt lengths) go in numeric order. */
    private static final Comparator<List<String>> KEY_ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            String x = a.get(i), y = b.get(i);
            int c = isWhole(x) && isWhole(y) ? Long.compare(Long.parseLong(x), Long.parseLong(y)) : x.compareTo(y);
            if (c != 0) return c;
        }
        return Integer.compare(a.size(), b.size());
    };

    private static boolean isWhole(String s) {
        return !s.isEmpty() && s.length() < 19 && s.chars().allMatch(Character::isDigit);
    }

    static Map<List<String>, List<SiliconCase>> group(List<SiliconCase> cases, Function<SiliconCase, List<String>> key) {
        return cases.stream().collect(Collectors.groupingBy(key, () -> new TreeMap<>(KEY_ORDER), Collectors.toList()));
    }

    // ---- the printed table and report.md ----

    /** Cases, coverage and median APEs per (backend, mode), then all together. */
    public static String table(Data data) {
        var sb = new StringBuilder();
        String fmt = "%-8s %-7s %6s %9s %10s %13s %13s%n";
        sb.append(String.format(Locale.ROOT, fmt, "backend", "mode", "cases", "simulated", "coverage %", "TTFT med APE%",
                "TPOT med APE%"));
        group(data.cases(), c -> List.of(c.row().backend(), c.row().mode()))
                .forEach((k, members) -> tableRow(sb, fmt, k.get(0), k.get(1), members));
        tableRow(sb, fmt, "all", "", data.cases());
        return sb.toString();
    }

    private static void tableRow(StringBuilder sb, String fmt, String a, String b, List<SiliconCase> members) {
        var rows = SiliconErrors.rows(members);
        sb.append(String.format(Locale.ROOT, fmt, a, b, members.size(), members.stream().filter(c -> c instanceof SiliconCase.Simulated).count(),
                pct(SiliconErrors.coveragePct(members)), pct(SiliconErrors.stats(rows, "ttft_ms").medianApePct()),
                pct(SiliconErrors.stats(rows, "tpot_ms").medianApePct())));
    }

    static String markdown(Data data) {
        var s = data.summary();
        var md = new StringBuilder("# Silicon validation\n\n");
        md.append("Input: `").append(s.path("csv").asString()).append("`");
        if (!s.path("filters").isEmpty()) {
            List<String> f = new ArrayList<>();
            s.path("filters").forEach(n -> f.add("`" + n.asString() + "`"));
            md.append(", filters ").append(String.join(", ", f));
        }
        md.append(".\n\n").append(s.path("protocol").asString()).append("\n\n");
        if (!s.path("engine_settings").isEmpty()) {
            List<String> es = new ArrayList<>();
            s.path("engine_settings").forEach(n -> es.add("`" + n.asString() + "`"));
            md.append("Engine settings added to the rows' deployments: ").append(String.join(", ", es)).append(".\n\n");
        }
        md.append("Error = (simulated − measured) / measured; APE = |error|. Coverage = simulated / (cases − layout not given): "
                + "disagg rows without worker counts describe no deployment and are left out of it; every other row counts, "
                + "whatever kept it from running. E2E latency is not measured in these rows and not compared.\n\n");
        md.append(String.format(Locale.ROOT, "**%d cases, %d simulated, coverage %s %%, %d layout not given.**%n%n",
                s.path("cases").asLong(), s.path("simulated").asLong(), pct(s.path("coverage_pct").asDouble(Double.NaN)),
                s.path("layout_not_given").asLong()));
        md.append("## By backend\n\n");
        groupTable(md, data.cases(), "backend", c -> List.of(c.row().backend()));
        md.append("\n## By mode\n\n");
        groupTable(md, data.cases(), "mode", c -> List.of(c.row().mode()));
        md.append("\n## By backend and mode\n\n");
        groupTable(md, data.cases(), "backend / mode", c -> List.of(c.row().backend(), c.row().mode()));
        // where the error sits: a model's rows or a prompt length can carry most of a backend's median
        md.append("\n## By backend and model\n\n");
        groupTable(md, data.cases(), "backend / model", c -> List.of(c.row().backend(), c.row().model()));
        md.append("\n## By backend and prompt length\n\nThe rows' nominal ISL (prompts were drawn as the protocol above says).\n\n");
        groupTable(md, data.cases(), "backend / ISL", c -> List.of(c.row().backend(), Integer.toString(c.row().isl())));
        md.append("\n## Kernel tables used\n\nEach case is calibrated from its system's tables of its backend at the collected "
                + "version nearest to the measured one.\n\n| system | backend | measured version | tables used | cases |\n|---|---|---|---|---:|\n");
        s.path("kernel_versions").forEach(k -> md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d |%n", k.path("system").asString(),
                k.path("backend").asString(), k.path("backend_version").asString().isEmpty() ? "(not given: newest tables)"
                        : k.path("backend_version").asString(), k.path("kernel_version_used").asString(), k.path("cases").asLong())));
        md.append("\n## Not simulated\n\n");
        var reasons = reasons(data.cases());
        if (reasons.isEmpty()) md.append("Every counted row was simulated.\n");
        else {
            md.append("| reason | rows |\n|---|---:|\n");
            reasons.forEach((r, n) -> md.append("| ").append(r.replace("|", "\\|")).append(" | ").append(n).append(" |\n"));
        }
        squareLayouts(md, data);
        conflicts(md, data);
        repeats(md, data);
        beyondPeak(md, data);
        ttftGaps(md, data);
        md.append("\n## Worst 15 cases\n\nRanked by the larger of the TTFT and TPOT APE.\n\n");
        worst(md, data.errors());
        return md.toString();
    }

    private static void squareLayouts(StringBuilder md, Data data) {
        List<SiliconCase> reread = data.cases().stream().filter(c -> squareRecorded(c.row())).toList();
        if (reread.isEmpty()) return;
        md.append("\n## Layouts read as the benchmark ran\n\n");
        md.append(String.format(Locale.ROOT, "%d aggregated rows record a benchmark run as `tp N, ep N` (N GPUs, the experts over N "
                + "ranks) on N x N GPUs (tp or attention-dp N x N with moe_tp = moe_ep = N, or tp = attention-dp = N with EP "
                + "N x N): such rows' ids read tpN_epN, and rows of the other collections hold the same measurements under the "
                + "N-GPU layout. They are simulated on N GPUs with expert parallelism N, the per-rank batch limit scaled by the "
                + "ranks folded together (`cases.parquet`: `layout_read_as_run`).%n%n", reread.size()));
        groupTable(md, reread, "backend / mode", c -> List.of(c.row().backend(), c.row().mode()));
    }

    static boolean squareRecorded(SiliconRow r) {
        return r.agg() != null && r.agg().squareRecorded();
    }

    private static void repeats(StringBuilder md, Data data) {
        md.append("\n## Repeated measurements\n\n");
        if (data.repeats().isEmpty()) {
            md.append("No row repeats another row's measurement of the same deployment.\n");
            return;
        }
        // the figures without the repeats are the summary's, worked out once in data()
        var d = data.summary().path("distinct_measurements");
        var m = d.path("metrics");
        md.append(String.format(Locale.ROOT, "%d rows repeat an earlier row's measurement of the same deployment (same system, "
                + "backend, model, precision, lengths, concurrency and layout as run; TTFT and TPOT equal to 0.01 ms): the "
                + "collections overlap. Every row counts in the figures above; without the repeats (%d rows, %d of them simulated) "
                + "the median APE is TTFT %s%% and TPOT %s%% (`summary.json` `distinct_measurements`; `cases.parquet` `repeat_of` "
                + "names the first row of each repeat).%n%n", data.repeats().size(), d.path("cases").asLong(), d.path("simulated").asLong(),
                pct(m.path("ttft_ms").path("median_ape_pct").asDouble(Double.NaN)),
                pct(m.path("tpot_ms").path("median_ape_pct").asDouble(Double.NaN))));
        groupTable(md, data.distinct(), "backend / mode", c -> List.of(c.row().backend(), c.row().mode()));
    }

    private static void conflicts(StringBuilder md, Data data) {
        md.append("\n## Rows that contradict each other\n\n");
        if (data.conflicts().isEmpty()) {
            md.append("No two rows record the same measured TTFT and TPOT under different layouts.\n");
            return;
        }
        List<SiliconCase> members = data.cases().stream().filter(c -> data.conflicts().containsKey(c.row().line())).toList();
        md.append(String.format(Locale.ROOT, "%d rows share their exact measured TTFT and TPOT with a row of another layout "
                + "(same system, backend and ISL/OSL). Different deployments do not measure the same means to the last digit, "
                + "so at most one layout of each such group is the one that ran; the rows are simulated as recorded and "
                + "`cases.parquet` names the rows each one contradicts (`same_measurement_as`).%n%n", members.size()));
        groupTable(md, members, "backend / mode", c -> List.of(c.row().backend(), c.row().mode()));
    }

    private static void ttftGaps(StringBuilder md, Data data) {
        md.append("\n## TTFT gap against load\n\n");
        var gaps = data.ttftGaps();
        if (gaps.isEmpty()) {
            md.append("No deployment was measured at " + TtftGap.MIN_CONCURRENCIES + " or more concurrencies.\n");
            return;
        }
        md.append("For each deployment measured at " + TtftGap.MIN_CONCURRENCIES + " or more concurrencies, the gap (measured − "
                + "simulated TTFT) fitted as a line in the concurrency. A gap that stays put (the line moves by at most half the "
                + "median gap across the concurrencies measured) is time per request or per run that the simulation does not price, "
                + "such as the serving front end, a benchmark's first requests meeting cold kernels, or prompt steps bound by "
                + "the host launching their kernels (a floor each prompt step pays; `eager_host_us_per_op` "
                + "models it, off unless given); a gap that grows with the load is step time priced wrong or queueing the "
                + "replay does not reproduce.\n\n");
        md.append("Per backend, the medians over its deployments of the gap at the lowest concurrency measured and of the "
                + "fitted line at no load.\n\n");
        md.append("| backend | deployments | flat | grows with load | shrinks with load | gap at lowest concurrency, ms | "
                + "gap at no load (fitted), ms |\n|---|---:|---:|---:|---:|---:|---:|\n");
        gapsByBackend(gaps).forEach((backend, list) -> md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %s | %s |%n",
                backend, list.size(), count(list, TtftGap.Trend.FLAT), count(list, TtftGap.Trend.GROWS),
                count(list, TtftGap.Trend.SHRINKS), signedMs(median(list, TtftGap::gapAtLowMs)),
                signedMs(median(list, TtftGap::zeroLoadMs)))));
        md.append("\n| backend / release | model | precision | ISL/OSL | layout | rows | concurrency | gap at lowest, ms | "
                + "gap at highest, ms | ms per client | at no load, ms | trend |\n|---|---|---|---|---|---:|---|---:|---:|---:|---:|---|\n");
        for (TtftGap g : gaps) {
            var k = g.key();
            md.append(String.format(Locale.ROOT, "| %s %s | %s | %s | %s | %s | %d | %d–%d | %s | %s | %+.1f | %s | %s |%n", k.get(1),
                    k.get(2).isEmpty() ? "(not given)" : k.get(2), k.get(3), k.get(4), k.get(5), k.get(6), g.rows(), g.concurrency()[0],
                    g.concurrency()[1], signedMs(g.gapAtLowMs()), signedMs(g.gapAtHighMs()), g.slopeMs(), signedMs(g.zeroLoadMs()),
                    g.trend().label()));
        }
    }

    private static long count(List<TtftGap> gaps, TtftGap.Trend t) {
        return gaps.stream().filter(g -> g.trend() == t).count();
    }

    private static String signedMs(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%+.0f", v) : "–";
    }

    private static void beyondPeak(StringBuilder md, Data data) {
        md.append("\n## Rows beyond their GPUs' peak\n\n");
        var rows = beyondPeak(data.cases(), data.impliedPeakPct());
        String how = "A closed loop of C clients finishes C / (TTFT + TPOT x (output - 1)) requests a second, and every token "
                + "costs at least two FLOPs per weight it passes through (attention scores not counted). ";
        if (rows.isEmpty()) {
            md.append(how).append("No row's measurements need more than its GPUs' fastest dense tensor-core peak");
            data.cases().stream().filter(c -> data.impliedPeakPct().containsKey(c.row().line()))
                    .max(Comparator.comparingDouble(c -> data.impliedPeakPct().get(c.row().line())))
                    .ifPresent(c -> md.append(String.format(Locale.ROOT, "; the most demanding, `%s`, needs %.1f%% of it",
                            c.row().id(), data.impliedPeakPct().get(c.row().line()))));
            md.append(".\n");
            return;
        }
        md.append(how).append(String.format(Locale.ROOT, (rows.size() == 1 ? "%d row needs" : "%d rows need")
                + " more than their GPUs' fastest dense tensor-core peak: "
                + "they cannot have run at the concurrency, lengths and layout they state, and no replay of that deployment can meet "
                + "both their TTFT and their TPOT. They stay in every figure above; `cases.parquet` gives each row's share "
                + "(`implied_peak_pct`).%n%n", rows.size()));
        groupTable(md, rows, "backend / mode", c -> List.of(c.row().backend(), c.row().mode()));
        md.append("\n| id | model | isl/osl | concurrency | layout GPUs | TTFT / TPOT measured ms | peak needed % |\n|---|---|---|---:|---:|---|---:|\n");
        for (var c : rows) {
            var r = c.row();
            md.append(String.format(Locale.ROOT, "| %s | %s | %d/%d | %d | %d | %s / %s | %.0f |%n", r.id(), r.model(), r.isl(), r.osl(),
                    r.concurrency(), r.gpus(), ms(r.ttftMs()), ms(r.tpotMs()), data.impliedPeakPct().get(r.line())));
        }
    }

    private static void groupTable(StringBuilder md, List<SiliconCase> cases, String label, Function<SiliconCase, List<String>> key) {
        md.append("| ").append(label).append(" | cases | simulated | layout not given | coverage % | TTFT median APE % | TTFT p90 APE % "
                + "| TTFT mean error % | TPOT median APE % | TPOT p90 APE % | TPOT mean error % |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        group(cases, key).forEach((k, members) -> {
            var rows = SiliconErrors.rows(members);
            var t = SiliconErrors.stats(rows, "ttft_ms");
            var p = SiliconErrors.stats(rows, "tpot_ms");
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %s | %s | %s | %s | %s | %s | %s |%n", String.join(" / ", k),
                    members.size(), members.stream().filter(c -> c instanceof SiliconCase.Simulated).count(),
                    members.stream().filter(c -> c instanceof SiliconCase.LayoutNotGiven).count(), pct(SiliconErrors.coveragePct(members)),
                    pct(t.medianApePct()), pct(t.p90ApePct()), signed(t.meanSignedPct()), pct(p.medianApePct()), pct(p.p90ApePct()),
                    signed(p.meanSignedPct())));
        });
    }

    private static void worst(StringBuilder md, List<SiliconErrors.Row> errors) {
        Map<SiliconCase.Simulated, List<SiliconErrors.Row>> byCase = errors.stream()
                .collect(Collectors.groupingBy(SiliconErrors.Row::source, LinkedHashMap::new, Collectors.toList()));
        var ranked = byCase.entrySet().stream()
                .sorted(Comparator.comparingDouble((Map.Entry<SiliconCase.Simulated, List<SiliconErrors.Row>> e) -> SiliconErrors.worstApe(e.getValue()))
                        .reversed().thenComparing(e -> e.getKey().row().id()))
                .limit(15).toList();
        if (ranked.isEmpty()) {
            md.append("No case was simulated.\n");
            return;
        }
        md.append("| id | backend | tables | model | precision | mode | isl/osl | concurrency | layout | TTFT measured / simulated ms "
                + "| TTFT error % | TPOT measured / simulated ms | TPOT error % | simulated step time |\n"
                + "|---|---|---|---|---|---|---|---:|---|---|---:|---|---:|---|\n");
        for (var e : ranked) {
            var c = e.getKey();
            var r = c.row();
            md.append(String.format(Locale.ROOT, "| %s | %s %s | %s | %s | %s | %s | %d/%d | %d | %s | %s / %s | %s | %s / %s | %s | %s |%n",
                    r.id(), r.backend(), r.backendVersion(), c.kernelVersion(), r.model(), r.precision(), r.mode(), r.isl(), r.osl(),
                    r.concurrency(), SiliconMapping.describe(r), ms(r.ttftMs()), ms(c.ttftMs()), signed(pctError(r.ttftMs(), c.ttftMs())),
                    ms(r.tpotMs()), ms(c.tpotMs()), signed(pctError(r.tpotMs(), c.tpotMs())), largestParts(c.stepTimeShare(), 3)));
        }
    }

    /** The {@code n} largest parts of a step-time split, as "moe 61%, attention 20%". */
    static String largestParts(double[] shares, int n) {
        return StepPart.largest(shares, n, 0);
    }

    private static double pctError(double measured, double simulated) {
        return (simulated - measured) / measured * 100;
    }

    static String pct(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "-";
    }

    private static String signed(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%+.1f", v) : "-";
    }

    private static String ms(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "-";
    }

    // ---- Parquet ----

    /** The columns that identify a case in both Parquet files. */
    static final List<Column> KEY = List.of(Column.str("system"), Column.str("backend"), Column.str("backend_version"),
            Column.str("kernel_version_used"), Column.str("mode"), Column.str("model"), Column.str("precision"), Column.lng("isl"),
            Column.lng("osl"), Column.lng("concurrency"), Column.lng("tp"), Column.lng("pp"), Column.lng("dp"), Column.lng("ep"),
            Column.lng("prefill_workers"), Column.lng("prefill_tp"), Column.lng("prefill_dp"), Column.lng("prefill_ep"),
            Column.lng("decode_workers"), Column.lng("decode_tp"), Column.lng("decode_dp"), Column.lng("decode_ep"));

    private static void key(ParquetSink sink, SiliconCase c) {
        var r = c.row();
        sink.set("system", r.system()).set("backend", r.backend()).set("backend_version", r.backendVersion())
                .set("kernel_version_used", c.kernelVersion().isEmpty() ? null : c.kernelVersion()).set("mode", r.mode())
                .set("model", r.model()).set("precision", r.precision()).set("isl", (long) r.isl()).set("osl", (long) r.osl())
                .set("concurrency", r.concurrency() > 0 ? (long) r.concurrency() : null);
        if (r.agg() != null) {
            var a = r.agg();
            sink.set("tp", (long) a.tp()).set("pp", (long) a.pp()).set("dp", (long) a.dp()).set("ep", (long) a.ep());
        }
        // worker counts of 0 are "not given" and stay empty
        for (var role : List.of("prefill", "decode")) {
            var w = role.equals("prefill") ? r.prefill() : r.decode();
            if (w == null) continue;
            sink.set(role + "_workers", w.count() > 0 ? (long) w.count() : null).set(role + "_tp", (long) w.tp())
                    .set(role + "_dp", (long) w.dp()).set(role + "_ep", (long) w.ep());
        }
    }

    private static List<Column> with(List<Column> first) {
        List<Column> all = new ArrayList<>(first);
        all.addAll(KEY);
        return all;
    }

    static void writeErrors(Path file, List<SiliconErrors.Row> errors) throws IOException {
        try (var sink = new ParquetSink(file, with(List.of(Column.str("id"), Column.str("metric"), Column.dbl("measured"),
                Column.dbl("simulated"), Column.dbl("error_pct"), Column.dbl("ape_pct"))))) {
            for (var e : errors) {
                sink.set("id", e.source().row().id()).set("metric", e.metric()).set("measured", e.measured())
                        .set("simulated", e.simulated()).set("error_pct", e.errorPct()).set("ape_pct", e.apePct());
                key(sink, e.source());
                sink.endRow();
            }
        }
    }

    /** Percent of {@code part} in {@code whole}; NaN when there is no whole. */
    static double share(long part, long whole) {
        return whole == 0 ? Double.NaN : 100.0 * part / whole;
    }

    /** cases.parquet's column for a part's share of the run's step time. */
    static String stepShareColumn(StepPart p) { return "step_share_" + p.label(); }

    static void writeCases(Path file, List<SiliconCase> cases, Map<Integer, List<String>> conflicts,
                           Map<Integer, Double> impliedPeakPct, Map<Integer, String> repeats) throws IOException {
        List<Column> columns = new ArrayList<>(List.of(Column.str("id"), Column.lng("csv_line"), Column.str("status"),
                Column.str("reason"), Column.dbl("measured_ttft_ms"), Column.dbl("simulated_ttft_ms"), Column.dbl("measured_tpot_ms"),
                Column.dbl("simulated_tpot_ms"), Column.lng("simulated_requests"), Column.dbl("roofline_fallback_pct"),
                Column.dbl("unmodelled_pct"), Column.str("same_measurement_as"), Column.dbl("implied_peak_pct"),
                Column.bool("layout_read_as_run"), Column.str("repeat_of")));
        for (StepPart p : StepPart.values()) columns.add(Column.dbl(stepShareColumn(p)));
        try (var sink = new ParquetSink(file, with(columns))) {
            for (var c : cases) {
                var r = c.row();
                sink.set("id", r.id()).set("csv_line", (long) r.line()).set("status", c.status())
                        .set("reason", c.reason().isEmpty() ? null : c.reason()).set("measured_ttft_ms", r.ttftMs())
                        .set("measured_tpot_ms", r.tpotMs());
                if (c instanceof SiliconCase.Simulated s) {
                    sink.set("simulated_ttft_ms", s.ttftMs()).set("simulated_tpot_ms", s.tpotMs()).set("simulated_requests", s.requests())
                            .set("roofline_fallback_pct", share(s.fallbacks(), s.lookups()))
                            .set("unmodelled_pct", share(s.unmodelled(), s.lookups()));
                    for (StepPart p : StepPart.values()) sink.set(stepShareColumn(p), s.stepTimeShare()[p.ordinal()]);
                }
                var others = conflicts.get(r.line());
                if (others != null) sink.set("same_measurement_as", String.join(" ", others));
                Double implied = impliedPeakPct.get(r.line());
                if (implied != null && !implied.isNaN()) sink.set("implied_peak_pct", implied);
                sink.set("layout_read_as_run", squareRecorded(r));
                sink.set("repeat_of", repeats.get(r.line()));
                key(sink, c);
                sink.endRow();
            }
        }
    }
}
