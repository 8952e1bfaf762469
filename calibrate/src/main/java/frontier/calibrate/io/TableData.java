package frontier.calibrate.io;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A table read whole into memory, column by column. Numeric columns are doubles with NaN for
 * missing values; text columns are Strings with null for missing values. Small by design: the
 * kernel tables Frontier reads are at most a few hundred thousand rows.
 */
public final class TableData {
    private final Path source;
    private final int rows;
    private final Map<String, double[]> numeric = new LinkedHashMap<>();
    private final Map<String, String[]> text = new LinkedHashMap<>();

    public TableData(Path source, int rows) {
        this.source = source;
        this.rows = rows;
    }

    public Path source() { return source; }
    public int rows() { return rows; }

    public void putNumeric(String name, double[] values) { numeric.put(name, values); }
    public void putText(String name, String[] values) { text.put(name, values); }

    public boolean has(String name) { return numeric.containsKey(name) || text.containsKey(name); }

    public List<String> columnNames() {
        var names = new java.util.ArrayList<String>(numeric.keySet());
        names.addAll(text.keySet());
        return names;
    }

    /** A numeric column; text columns holding numbers are parsed (NaN where they do not parse). */
    public Optional<double[]> numeric(String name) {
        double[] values = numeric.get(name);
        if (values != null) return Optional.of(values);
        String[] strings = text.get(name);
        if (strings == null) return Optional.empty();
        double[] parsed = new double[strings.length];
        for (int i = 0; i < strings.length; i++) parsed[i] = parseOrNaN(strings[i]);
        numeric.put(name, parsed);
        return Optional.of(parsed);
    }

    /** A text column; numeric columns are rendered without a trailing ".0" for whole numbers. */
    public Optional<String[]> text(String name) {
        String[] values = text.get(name);
        if (values != null) return Optional.of(values);
        double[] nums = numeric.get(name);
        if (nums == null) return Optional.empty();
        String[] rendered = new String[nums.length];
        for (int i = 0; i < nums.length; i++) {
            double v = nums[i];
            rendered[i] = Double.isNaN(v) ? null : (v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v));
        }
        return Optional.of(rendered);
    }

    static double parseOrNaN(String s) {
        if (s == null || s.isBlank()) return Double.NaN;
        String t = s.strip();
        if (t.equalsIgnoreCase("true")) return 1;
        if (t.equalsIgnoreCase("false")) return 0;
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
