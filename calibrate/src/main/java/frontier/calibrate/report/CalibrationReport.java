package frontier.calibrate.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import frontier.calibrate.bundle.HeldOutTable;
import frontier.calibrate.bundle.Json;
import frontier.calibrate.features.Physics;
import frontier.calibrate.fit.ErrorStats;
import frontier.calibrate.fit.FamilyResult;
import frontier.calibrate.fit.HeldOut;
import frontier.calibrate.profile.Family;
import frontier.calibrate.profile.IngestReport;
import frontier.calibrate.profile.Rejection;
import frontier.calibrate.report.html.Bars;
import frontier.calibrate.report.html.Cdf;
import frontier.calibrate.report.html.Document;
import frontier.calibrate.report.html.Num;
import frontier.calibrate.report.html.Sample;
import frontier.calibrate.report.html.Scatter;
import tools.jackson.databind.node.ObjectNode;

/** metrics.json, report.md, report.html and the console table of one calibration run. */
public final class CalibrationReport {
    private final String hardware;
    private final List<FamilyResult> results;
    private final IngestReport ingest;
    private final List<String> unfitted;
    private final List<Path> inputs;
    private final boolean qualify;

    public CalibrationReport(String hardware, List<FamilyResult> results, IngestReport ingest, List<String> unfitted,
                             List<Path> inputs) {
        this.hardware = hardware;
        this.results = results;
        this.ingest = ingest;
        this.unfitted = unfitted;
        this.inputs = inputs;
        this.qualify = results.stream().map(r -> r.key().family()).distinct().count() < results.size();
    }

    public String label(FamilyResult r) {
        return r.key().label(qualify);
    }

    public ObjectNode metrics() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("hardware", hardware);
        ObjectNode fams = root.putObject("families");
        for (FamilyResult r : results) {
            ObjectNode f = fams.putObject(label(r));
            f.put("family", r.key().family().label());
            f.put("framework", r.key().framework());
            f.put("version", r.key().version());
            f.put("rows", r.rows());
            f.put("chosen", r.chosen());
            f.put("fixed_us", r.fixedUs());
            ObjectNode splits = f.putObject("splits");
            splits.set("random", stats(r.random()));
            splits.set("extrapolation", stats(r.extrapolation()));
            ObjectNode base = f.putObject("baselines");
            ObjectNode roof = base.putObject("roofline");
            roof.set("random", stats(r.rooflineRandom()));
            roof.set("extrapolation", stats(r.rooflineExtrapolation()));
            ObjectNode tok = base.putObject("tokens_only");
            tok.set("random", stats(r.tokensRandom()));
            tok.set("extrapolation", stats(r.tokensExtrapolation()));
            ObjectNode cv = f.putObject("cv_p95_ape_pct");
            r.cvP95().forEach((k, v) -> cv.put(k, Json.number(v)));
            f.put("rows_faster_than_peak", r.impossible());
            ObjectNode noise = f.putObject("noise_floor");
            noise.put("p50_spread_pct", Json.number(r.noiseP50Pct()));
            noise.put("p90_spread_pct", Json.number(r.noiseP90Pct()));
            noise.put("rows_spread_over_25pct_not_fitted", r.noisyRows());
            ObjectNode held = f.putObject("heldout");
            held.put("file", HeldOutTable.file(label(r)));
            held.put("rows", r.heldOut().rows().size());
            held.put("size_measure", r.heldOut().sizeMeasure());
        }
        ObjectNode in = root.putObject("ingest");
        in.put("tables", ingest.tables().size());
        in.put("rows", ingest.total());
        in.put("rejected_rows", ingest.rejectedRows());
        var rej = in.putArray("rejected");
        for (Rejection x : ingest.rejections()) {
            ObjectNode e = rej.addObject();
            e.put("file", x.file());
            e.put("reason", x.reason());
            e.put("rows", x.rows());
        }
        var sk = in.putArray("skipped");
        ingest.skipped().forEach(sk::add);
        var uf = in.putArray("not_fitted");
        unfitted.forEach(uf::add);
        return root;
    }

    private static ObjectNode stats(ErrorStats s) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("n", s.n());
        o.put("p50_ape_pct", Json.number(s.p50()));
        o.put("p90_ape_pct", Json.number(s.p90()));
        o.put("p95_ape_pct", Json.number(s.p95()));
        o.put("p99_ape_pct", Json.number(s.p99()));
        return o;
    }

    /** The per-family table the command prints. */
    public String table() {
        var sb = new StringBuilder();
        String fmt = "%-34s %8s  %-17s %7s %7s %8s %9s %10s %8s%n";
        sb.append(String.format(Locale.ROOT, fmt, "family", "rows", "chosen", "p50 %", "p95 %", "extr p95", "roof p95", "tokens p95",
                "fixed µs"));
        for (FamilyResult r : results) {
            sb.append(String.format(Locale.ROOT, fmt, label(r), r.rows(), r.chosen(), pct(r.random().p50()), pct(r.random().p95()),
                    pct(r.extrapolation().p95()), pct(r.rooflineRandom().p95()), pct(r.tokensRandom().p95()),
                    fixedUs(r)));
        }
        return sb.toString();
    }

    /** The family's fixed cost per call, whole microseconds. */
    private static String fixedUs(FamilyResult r) {
        return String.format(Locale.ROOT, "%.0f", r.fixedUs());
    }

    static String pct(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "-";
    }

    /**
     * For families fitted against a measured reference instead of the roofline (attention_skew:
     * the profile's even-batch time), what their "roofline" columns mean; empty without such a family.
     */
    private String referenceNote() {
        List<String> fams = results.stream().map(r -> r.key().family()).filter(f -> Physics.of(f).measuredReference())
                .map(Family::label).distinct().toList();
        if (fams.isEmpty()) return "";
        return " " + String.join(", ", fams) + " is fitted against the time its source gives for the same call with every "
                + "decode at the mean length, in place of the roofline: its models predict how much longer uneven lengths take, "
                + "with no fixed cost per call, and its roofline baseline is that even time scaled by one factor.";
    }

    public String markdown() {
        var sb = new StringBuilder();
        sb.append("# Calibration report: ").append(hardware).append("\n\n");
        sb.append("Each operator family is fitted on the ratio of measured latency to the hardware roofline time plus a ")
                .append("fixed cost per call (log efficiency). Error is the absolute percentage error on rows the model never saw:\n\n")
                .append("- **random**: a seeded 20% of the rows held out;\n")
                .append("- **extrapolation**: the 10% of rows with the largest FLOPs (bytes or tokens where FLOPs do not apply) held out, ")
                .append("the model fitted on the rest.\n\n")
                .append("Baselines are fitted on the same training rows: **roofline** is the roofline time scaled by one ")
                .append("fitted efficiency factor; **tokens_only** is a random forest on token count alone, the feature set ")
                .append("of older simulators. The model kind, then the fixed cost per call (0, 2 or 8 µs, so that ")
                .append("shapes whose time is mostly per-call cost do not stretch the efficiency scale) are chosen per family ")
                .append("by cross-validation on the training rows only.").append(referenceNote()).append("\n\n");
        sb.append("## Held-out error (absolute percentage error)\n\n");
        sb.append("| family | rows | chosen | random p50 | p90 | p95 | p99 | extrapolation p50 | p95 | roofline p95 (random / extr.) | tokens_only p95 (random / extr.) |\n");
        sb.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (FamilyResult r : results) {
            sb.append("| ").append(label(r)).append(" | ").append(r.rows()).append(" | ").append(r.chosen())
                    .append(" | ").append(pct(r.random().p50())).append(" | ").append(pct(r.random().p90()))
                    .append(" | ").append(pct(r.random().p95())).append(" | ").append(pct(r.random().p99()))
                    .append(" | ").append(pct(r.extrapolation().p50())).append(" | ").append(pct(r.extrapolation().p95()))
                    .append(" | ").append(pct(r.rooflineRandom().p95())).append(" / ").append(pct(r.rooflineExtrapolation().p95()))
                    .append(" | ").append(pct(r.tokensRandom().p95())).append(" / ").append(pct(r.tokensExtrapolation().p95()))
                    .append(" |\n");
        }
        sb.append("\n## Model selection (cross-validated p95 APE on the training rows)\n\n");
        sb.append("The kinds are compared at the bare roofline; the fixed cost is then chosen for the chosen kind.\n\n");
        sb.append("| family | ols | random_forest | gradient_boosting | fixed cost µs (chosen) |\n|---|---:|---:|---:|---:|\n");
        for (FamilyResult r : results) {
            sb.append("| ").append(label(r));
            for (String k : List.of("ols", "random_forest", "gradient_boosting")) {
                sb.append(" | ").append(pct(r.cvP95().getOrDefault(k, Double.NaN)));
            }
            sb.append(" | ").append(fixedUs(r)).append(" |\n");
        }
        boolean anyNoise = results.stream().anyMatch(r -> Double.isFinite(r.noiseP50Pct()));
        if (anyNoise) {
            sb.append("\n## Noise floor\n\nWhere a source records repeated runs, their spread (std / median) bounds what any ")
                    .append("model can reach: no model beats its labels. Rows whose spread exceeds 25% of their median are ")
                    .append("flagged and left out of fitting and testing; the percentiles are over the rows kept.\n\n")
                    .append("| family | spread p50 % | spread p90 % | rows with spread > 25% (left out) |\n|---|---:|---:|---:|\n");
            for (FamilyResult r : results) {
                if (!Double.isFinite(r.noiseP50Pct())) continue;
                sb.append("| ").append(label(r)).append(" | ").append(pct(r.noiseP50Pct())).append(" | ")
                        .append(pct(r.noiseP90Pct())).append(" | ").append(r.noisyRows()).append(" |\n");
            }
        }
        sb.append("\n## Rows left out\n\n");
        long impossible = results.stream().mapToLong(FamilyResult::impossible).sum();
        sb.append("- ").append(impossible).append(" rows measured faster than the GPU's peak arithmetic rate ")
                .append("(kernels that skipped work); counted per family in metrics.json as `rows_faster_than_peak`.\n");
        for (Rejection x : ingest.rejections()) {
            sb.append("- ").append(x.rows()).append(" rows of `").append(x.file()).append("`: ").append(x.reason()).append('\n');
        }
        for (String s : ingest.skipped()) sb.append("- skipped `").append(s).append("`\n");
        for (String s : unfitted) sb.append("- not fitted: ").append(s).append('\n');
        sb.append("\n## Inputs\n\n");
        for (Path p : inputs) sb.append("- `").append(p).append("`\n");
        return sb.toString();
    }

    /** Points per scatter series: beyond this, a deterministic even subsample keeps the page light. */
    static final int MAX_POINTS = 1500;
    /** Percent: the least error the log-scaled error charts show. */
    static final double ERROR_FLOOR = 0.01;

    /** report.html: the tables of report.md plus, per family, charts of the held-out error by model and by shape. */
    public String html() {
        var doc = new Document("Calibration report: " + hardware);
        doc.paragraph("Operator-latency models fitted per family on log(measured / roofline) and scored on rows they never saw: "
                + "the random split holds out a seeded 20% of the rows; the extrapolation split holds out the 10% largest (by FLOPs, "
                + "else bytes or roofline time) and fits on the rest. Baselines are fitted on the same training rows: roofline is "
                + "the roofline time times one fitted efficiency; tokens_only is a random forest on token count alone. Errors are "
                + "absolute percentage errors (APE). The held-out rows and every prediction are in `heldout/<family>.parquet`."
                + referenceNote());
        doc.contents();
        doc.heading(2, "Overview");
        List<List<String>> rows = new ArrayList<>();
        for (FamilyResult r : results) {
            rows.add(List.of(label(r), Long.toString(r.rows()), r.chosen(), pct(r.random().p50()), pct(r.random().p95()),
                    pct(r.extrapolation().p95()), pct(r.rooflineRandom().p95()), pct(r.tokensRandom().p95())));
        }
        doc.paragraph("APE percentiles in %: the chosen model's on both splits, the baselines' p95 on the random split.");
        doc.table(List.of("family", "rows", "chosen", "p50", "p95", "extrapolation p95", "roofline p95", "tokens_only p95"), rows);
        List<String> labels = results.stream().map(this::label).toList();
        doc.figure(new Bars("p95 APE on the random split, by family", "p95 APE (%)", labels, List.of(
                new Sample("chosen model", results.stream().mapToDouble(r -> r.random().p95()).toArray()),
                new Sample("roofline", results.stream().mapToDouble(r -> r.rooflineRandom().p95()).toArray()),
                new Sample("tokens_only", results.stream().mapToDouble(r -> r.tokensRandom().p95()).toArray())), true),
                "Lower is better; log scale.");
        for (FamilyResult r : results) family(doc, r);
        doc.heading(2, "Rows left out");
        List<String> left = new ArrayList<>();
        left.add(results.stream().mapToLong(FamilyResult::impossible).sum() + " rows measured faster than the GPU's peak arithmetic rate");
        for (Rejection x : ingest.rejections()) left.add(x.rows() + " rows of `" + x.file() + "`: " + x.reason());
        for (String s : ingest.skipped()) left.add("skipped `" + s + "`");
        for (String s : unfitted) left.add("not fitted: " + s);
        doc.bullets(left);
        doc.heading(2, "Inputs");
        doc.bullets(inputs.stream().map(p -> "`" + p + "`").toList());
        return doc.html();
    }

    private void family(Document doc, FamilyResult r) {
        String label = label(r);
        HeldOut held = r.heldOut();
        doc.heading(2, label);
        var cv = new StringBuilder();
        r.cvP95().forEach((k, v) -> cv.append(cv.isEmpty() ? "" : ", ").append(k).append(' ').append(pct(v)).append('%'));
        doc.paragraph(r.rows() + " rows; chosen model: " + r.chosen() + " of the roofline time plus "
                + fixedUs(r) + " µs per call (cross-validated p95 APE: " + cv + "). "
                + held.rows().size() + " held-out rows in `" + HeldOutTable.file(label) + "`.");
        List<List<String>> rows = new ArrayList<>();
        rows.add(statsRow(r.chosen() + " (chosen)", "random", r.random()));
        rows.add(statsRow("roofline", "random", r.rooflineRandom()));
        rows.add(statsRow("tokens_only", "random", r.tokensRandom()));
        rows.add(statsRow(r.chosen() + " (chosen)", "extrapolation", r.extrapolation()));
        rows.add(statsRow("roofline", "extrapolation", r.rooflineExtrapolation()));
        rows.add(statsRow("tokens_only", "extrapolation", r.tokensExtrapolation()));
        doc.table(List.of("model", "split", "rows", "p50 APE %", "p90 APE %", "p95 APE %", "p99 APE %"), rows);
        doc.figure(new Bars(label + ": p95 APE by model", "p95 APE (%)", List.of("random split", "extrapolation split"), List.of(
                new Sample(r.chosen(), new double[] {r.random().p95(), r.extrapolation().p95()}),
                new Sample("roofline", new double[] {r.rooflineRandom().p95(), r.rooflineExtrapolation().p95()}),
                new Sample("tokens_only", new double[] {r.tokensRandom().p95(), r.tokensExtrapolation().p95()})), true), "Log scale.");

        List<HeldOut.Row> random = held.rows().stream().filter(x -> x.split() == HeldOut.Split.RANDOM).toList();
        List<HeldOut.Row> extrap = held.rows().stream().filter(x -> x.split() == HeldOut.Split.EXTRAPOLATION).toList();
        List<HeldOut.Row> randomShown = evenly(random, MAX_POINTS), extrapShown = evenly(extrap, MAX_POINTS);
        String shown = randomShown.size() < random.size() || extrapShown.size() < extrap.size()
                ? " Showing " + randomShown.size() + " of " + random.size() + " random-split and " + extrapShown.size() + " of "
                        + extrap.size() + " extrapolation rows, evenly spaced in table order."
                : "";
        doc.figure(Scatter.parity(label + ": predicted vs measured (held-out rows)", "measured latency (µs)", "predicted latency (µs)",
                List.of(points("random split", randomShown, HeldOut.Row::measuredUs, HeldOut.Row::predictedUs),
                        points("extrapolation split", extrapShown, HeldOut.Row::measuredUs, HeldOut.Row::predictedUs)), 0.1),
                "The chosen model's predictions; dashed: y = x, shaded: ±10%." + shown);
        doc.figure(new Cdf(label + ": |error| on the random split", "absolute percentage error (%)", List.of(
                new Sample(r.chosen(), ape(random, HeldOut.Row::predictedUs)),
                new Sample("roofline", ape(random, HeldOut.Row::rooflineUs)),
                new Sample("tokens_only", ape(random, HeldOut.Row::tokensOnlyUs))), true),
                "Share of held-out rows predicted within a given error; further left is better. Errors below "
                        + Num.tick(ERROR_FLOOR) + "% are drawn at " + Num.tick(ERROR_FLOOR) + "%.");
        String size = switch (held.sizeMeasure()) {
            case "flops" -> "FLOPs";
            case "bytes" -> "bytes moved";
            default -> "roofline time (µs)";
        };
        doc.figure(Scatter.of(label + ": error by size", size, "absolute percentage error (%)", List.of(
                        points("random split", randomShown, HeldOut.Row::size, CalibrationReport::shownError),
                        points("extrapolation split", extrapShown, HeldOut.Row::size, CalibrationReport::shownError)), true, true),
                "The chosen model's error against the operator's size: the extrapolation split is the largest 10%. Errors below "
                        + Num.tick(ERROR_FLOOR) + "% are drawn at " + Num.tick(ERROR_FLOOR) + "%." + shown);
    }

    private static List<String> statsRow(String model, String split, ErrorStats s) {
        return List.of(model, split, Integer.toString(s.n()), pct(s.p50()), pct(s.p90()), pct(s.p95()), pct(s.p99()));
    }

    private static Scatter.Points points(String name, List<HeldOut.Row> rows, ToDoubleFunction<HeldOut.Row> x,
                                         ToDoubleFunction<HeldOut.Row> y) {
        return new Scatter.Points(name, rows.stream().mapToDouble(x).toArray(), rows.stream().mapToDouble(y).toArray());
    }

    private static double[] ape(List<HeldOut.Row> rows, ToDoubleFunction<HeldOut.Row> predicted) {
        return Num.atLeast(rows.stream().mapToDouble(x -> ErrorStats.ape(predicted.applyAsDouble(x), x.measuredUs())).toArray(), ERROR_FLOOR);
    }

    private static double shownError(HeldOut.Row x) {
        return Math.max(ERROR_FLOOR, Math.abs(x.errorPct()));
    }

    /** At most {@code max} items, evenly spaced, first and last included. */
    static <T> List<T> evenly(List<T> items, int max) {
        int n = items.size();
        if (n <= max) return items;
        List<T> out = new ArrayList<>(max);
        for (int i = 0; i < max; i++) out.add(items.get((int) Math.round((double) i * (n - 1) / (max - 1))));
        return out;
    }
}
