package frontier.simulate.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One compared quantity: what was measured and what the simulator predicted for one case (a
 * request, a benchmark point) and one metric, with the columns that identify the case.
 *
 * @param keys identifying columns in display order (backend, model, isl, ...)
 */
public record CaseRow(String id, String metric, double measured, double simulated, Map<String, String> keys) {

    public CaseRow {
        keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }

    /** (simulated − measured) / measured × 100; NaN where the pair cannot be compared. */
    public double errorPct() {
        return compared() ? (simulated - measured) / measured * 100 : Double.NaN;
    }

    public double apePct() {
        return Math.abs(errorPct());
    }

    /** Both sides known and the measurement positive. */
    public boolean compared() {
        return Double.isFinite(measured) && Double.isFinite(simulated) && measured > 0;
    }

    /** Identifying columns from name, value pairs, in the order given (Map.of has none). */
    public static Map<String, String> keys(String... nameValue) {
        if (nameValue.length % 2 != 0) throw new IllegalArgumentException("name, value pairs expected");
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) m.put(nameValue[i], nameValue[i + 1]);
        return m;
    }

    public String key(String name) {
        return keys.getOrDefault(name, "");
    }
}
