package frontier.simulate.validate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Another simulator's signed errors on the same recorded run, as a benchmark folder publishes
 * them in {@code validation/summary.txt} (lines such as {@code TTFT Median 138.8 108.6 -21.8%}):
 * the bar a replay is compared against, line by line.
 *
 * @param errorPct signed error in percent by metric ({@code ttft_ms}, {@code tpot_ms},
 *                 {@code e2e_ms}) and statistic ({@code mean}, {@code p50}, {@code p90}, ...)
 */
public record ReferenceErrors(Path file, Map<String, Map<String, Double>> errorPct) {

    private static final Pattern LINE = Pattern.compile(
            "^\\s*(TTFT|TPOT|Latency|E2E)\\s+(Mean|Median|P\\d{2})\\s+[-+0-9.eE]+\\s+[-+0-9.eE]+\\s+([-+]?[0-9.]+)%\\s*$");

    /** The errors in {@code <bench>/validation/summary.txt}, or null when the folder has none (or no line reads as one). */
    public static ReferenceErrors read(Path benchDir) {
        Path f = benchDir.resolve("validation").resolve("summary.txt");
        if (!Files.isRegularFile(f)) return null;
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(f)) {
                var m = LINE.matcher(line);
                if (!m.matches()) continue;
                String metric = switch (m.group(1)) {
                    case "TTFT" -> "ttft_ms";
                    case "TPOT" -> "tpot_ms";
                    default -> "e2e_ms";
                };
                String stat = switch (m.group(2)) {
                    case "Mean" -> "mean";
                    case "Median" -> "p50";
                    default -> m.group(2).toLowerCase(java.util.Locale.ROOT);
                };
                out.computeIfAbsent(metric, k -> new LinkedHashMap<>()).put(stat, Double.parseDouble(m.group(3)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.isEmpty() ? null : new ReferenceErrors(f, out);
    }

    /**
     * Which error is nearer zero at the reference's own precision (one decimal): negative when
     * {@code ours} is, zero for a tie (not a win), positive when the reference's is.
     */
    public static int closer(double ours, double theirs) {
        return Long.compare(Math.round(Math.abs(ours) * 10), Math.round(Math.abs(theirs) * 10));
    }

    /** The reference's error for this metric and statistic, NaN where its file has no such line. */
    public double error(String metric, String stat) {
        Double v = errorPct.getOrDefault(metric, Map.of()).get(stat);
        return v == null ? Double.NaN : v;
    }
}
