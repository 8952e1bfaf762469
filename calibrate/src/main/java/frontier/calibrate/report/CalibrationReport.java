package frontier.calibrate.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import frontier.calibrate.bundle.Json;
import frontier.calibrate.fit.ErrorStats;
import frontier.calibrate.fit.FamilyResult;
import frontier.calibrate.profile.IngestReport;
import frontier.calibrate.profile.Rejection;
import tools.jackson.databind.node.ObjectNode;

/** metrics.json, report.md and the console table of one calibration run. */
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
        String fmt = "%-34s %8s  %-17s %7s %7s %8s %9s %10s%n";
        sb.append(String.format(Locale.ROOT, fmt, "family", "rows", "chosen", "p50 %", "p95 %", "extr p95", "roof p95", "tokens p95"));
        for (FamilyResult r : results) {
            sb.append(String.format(Locale.ROOT, fmt, label(r), r.rows(), r.chosen(), pct(r.random().p50()), pct(r.random().p95()),
                    pct(r.extrapolation().p95()), pct(r.rooflineRandom().p95()), pct(r.tokensRandom().p95())));
        }
        return sb.toString();
    }

    static String pct(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "-";
    }

    public String markdown() {
        var sb = new StringBuilder();
        sb.append("# Calibration report: ").append(hardware).append("\n\n");
        sb.append("Each operator family is fitted on the ratio of measured latency to the hardware roofline ")
                .append("(log efficiency). Error is the absolute percentage error on rows the model never saw:\n\n")
                .append("- **random**: a seeded 20% of the rows held out;\n")
                .append("- **extrapolation**: the 10% of rows with the largest FLOPs (bytes or tokens where FLOPs do not apply) held out, ")
                .append("the model fitted on the rest.\n\n")
                .append("Baselines are fitted on the same training rows: **roofline** is the roofline time scaled by one ")
                .append("fitted efficiency factor; **tokens_only** is a random forest on token count alone, the feature set ")
                .append("of older simulators. The model kind is chosen per family by ")
                .append("cross-validation on the training rows only.\n\n");
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
        sb.append("| family | ols | random_forest | gradient_boosting |\n|---|---:|---:|---:|\n");
        for (FamilyResult r : results) {
            sb.append("| ").append(label(r));
            for (String k : List.of("ols", "random_forest", "gradient_boosting")) {
                sb.append(" | ").append(pct(r.cvP95().getOrDefault(k, Double.NaN)));
            }
            sb.append(" |\n");
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
}
