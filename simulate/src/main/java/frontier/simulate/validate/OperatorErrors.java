package frontier.simulate.validate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import frontier.calibrate.UserInputException;
import frontier.calibrate.bundle.BundleWriter;
import frontier.calibrate.bundle.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The held-out operator errors a calibration bundle recorded in metrics.json, per operator
 * family: the chosen model on the random and extrapolation splits, and the two baselines
 * (roofline with one fitted efficiency, tokens-only) on the same splits.
 */
public final class OperatorErrors {
    private OperatorErrors() {}

    public static final List<String> SPLITS = List.of("random", "extrapolation");
    public static final List<String> BASELINES = List.of("roofline", "tokens_only");

    /** Absolute-percentage-error percentiles on one split; NaN where the bundle has none. */
    public record Split(long n, double p50, double p90, double p95, double p99) {
        static final Split NONE = new Split(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

        static Split of(JsonNode s) {
            if (s == null || !s.isObject()) return NONE;
            return new Split(s.path("n").asLong(0), num(s, "p50_ape_pct"), num(s, "p90_ape_pct"), num(s, "p95_ape_pct"), num(s, "p99_ape_pct"));
        }

        private static double num(JsonNode s, String f) {
            JsonNode v = s.get(f);
            return v == null || !v.isNumber() ? Double.NaN : v.asDouble();
        }
    }

    /**
     * One family of one framework version.
     *
     * @param model     the chosen model on {@link #SPLITS}
     * @param roofline  the roofline baseline on the same splits
     * @param tokens    the tokens-only baseline on the same splits
     */
    public record FamilyErrors(String name, String family, String framework, String version, long rows, String chosen, List<Split> model,
                         List<Split> roofline, List<Split> tokens) {}

    public record Metrics(Path dir, String hardware, List<FamilyErrors> families) {}

    public static Metrics load(Path dir) {
        if (!Files.isDirectory(dir)) throw new UserInputException(dir + ": no such folder (expected a calibration bundle)");
        if (!BundleWriter.isBundle(dir)) {
            throw new UserInputException(dir + ": not a Frontier calibration bundle (no valid " + BundleWriter.MANIFEST + ")");
        }
        Path file = dir.resolve("metrics.json");
        if (!Files.isRegularFile(file)) throw new UserInputException(dir + ": the bundle has no metrics.json");
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(file.toFile());
        } catch (RuntimeException e) {
            throw new UserInputException(file + ": not valid JSON (" + SiliconValidation.firstLine(e.getMessage()) + ")");
        }
        if (!root.path("families").isObject()) throw new UserInputException(file + ": no 'families' object");
        List<FamilyErrors> families = new ArrayList<>();
        for (var e : root.path("families").properties()) {
            JsonNode f = e.getValue();
            families.add(new FamilyErrors(e.getKey(), f.path("family").asString(""), f.path("framework").asString(""),
                    f.path("version").asString(""), f.path("rows").asLong(0), f.path("chosen").asString("-"),
                    splits(f.path("splits")), splits(f.path("baselines").path("roofline")), splits(f.path("baselines").path("tokens_only"))));
        }
        return new Metrics(dir, root.path("hardware").asString(""), families);
    }

    private static List<Split> splits(JsonNode node) {
        return SPLITS.stream().map(s -> Split.of(node.get(s))).toList();
    }

    /** Per family: chosen model, p50/p90/p95/p99 on both splits, and the baselines' p95. */
    public static String table(Metrics b) {
        var sb = new StringBuilder();
        String fmt = "%-32s %8s %-18s %6s %6s %6s %6s  %6s %6s %6s %6s  %15s %15s%n";
        sb.append(String.format(Locale.ROOT, "operator errors of %s (%s), APE %% on held-out rows%n", b.dir(), b.hardware()));
        sb.append(String.format(Locale.ROOT, fmt, "family", "rows", "chosen", "rnd50", "rnd90", "rnd95", "rnd99", "ext50", "ext90", "ext95",
                "ext99", "roofline p95 r/e", "tokens p95 r/e"));
        for (FamilyErrors f : b.families()) {
            Split r = f.model().get(0), x = f.model().get(1);
            sb.append(String.format(Locale.ROOT, fmt, f.name(), f.rows(), f.chosen(), n(r.p50()), n(r.p90()), n(r.p95()), n(r.p99()),
                    n(x.p50()), n(x.p90()), n(x.p95()), n(x.p99()), pair(f.roofline()), pair(f.tokens())));
        }
        return sb.toString();
    }

    public static ObjectNode summary(Metrics b) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("bundle", b.dir().toString());
        root.put("hardware", b.hardware());
        var families = root.putObject("families");
        for (FamilyErrors f : b.families()) {
            var n = families.putObject(f.name());
            n.put("family", f.family()).put("framework", f.framework()).put("version", f.version()).put("rows", f.rows()).put("chosen", f.chosen());
            splits(n.putObject("model"), f.model());
            var base = n.putObject("baselines");
            splits(base.putObject("roofline"), f.roofline());
            splits(base.putObject("tokens_only"), f.tokens());
        }
        return root;
    }

    private static void splits(ObjectNode node, List<Split> splits) {
        for (int i = 0; i < SPLITS.size(); i++) {
            Split s = splits.get(i);
            node.putObject(SPLITS.get(i)).put("n", s.n()).put("p50_ape_pct", Json.number(s.p50())).put("p90_ape_pct", Json.number(s.p90()))
                    .put("p95_ape_pct", Json.number(s.p95())).put("p99_ape_pct", Json.number(s.p99()));
        }
    }

    public static String markdown(Metrics b) {
        var md = new StringBuilder("# Operator errors\n\n");
        md.append("Bundle `").append(b.dir()).append("` (").append(b.hardware()).append("). Absolute percentage error on rows the model "
                + "never saw: **random** holds out a seeded 20% of the rows, **extrapolation** the 10% with the most work. Baselines on "
                + "the same rows: **roofline** (one fitted efficiency) and **tokens_only** (token count alone).\n\n");
        md.append("| family | rows | chosen | random p50 | p90 | p95 | p99 | extrapolation p50 | p90 | p95 | p99 |\n");
        md.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (FamilyErrors f : b.families()) {
            Split r = f.model().get(0), x = f.model().get(1);
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", f.name(), f.rows(), f.chosen(),
                    n(r.p50()), n(r.p90()), n(r.p95()), n(r.p99()), n(x.p50()), n(x.p90()), n(x.p95()), n(x.p99())));
        }
        md.append("\n## Baselines\n\n| family | roofline random p50 | p95 | roofline extrapolation p50 | p95 | tokens_only random p50 | p95 "
                + "| tokens_only extrapolation p50 | p95 |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (FamilyErrors f : b.families()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", f.name(), n(f.roofline().get(0).p50()),
                    n(f.roofline().get(0).p95()), n(f.roofline().get(1).p50()), n(f.roofline().get(1).p95()), n(f.tokens().get(0).p50()),
                    n(f.tokens().get(0).p95()), n(f.tokens().get(1).p50()), n(f.tokens().get(1).p95())));
        }
        return md.toString();
    }

    public static void write(Path out, Metrics b) throws IOException {
        Files.createDirectories(out);
        Json.MAPPER.writeValue(out.resolve("summary.json").toFile(), summary(b));
        Files.writeString(out.resolve("report.md"), markdown(b));
    }

    private static String pair(List<Split> s) {
        return n(s.get(0).p95()) + " / " + n(s.get(1).p95());
    }

    private static String n(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "-";
    }
}
