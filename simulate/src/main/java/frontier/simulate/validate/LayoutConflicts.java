package frontier.simulate.validate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rows that record the same measurement under different deployments. Two runs of different
 * layouts do not produce the same mean TTFT and TPOT to the last bit, so when rows share both
 * (on one system and backend, at one ISL/OSL) at most one of their layouts is the one that was
 * measured, and the others' comparisons mean nothing. Such rows are still simulated as recorded;
 * this names them so a reader can set them aside. Rows whose layout is not given cannot
 * contradict anything and are not considered.
 */
public final class LayoutConflicts {
    private LayoutConflicts() {}

    private record Measurement(String system, String backend, int isl, int osl, double ttftMs, double tpotMs) {}

    record Deployment(SiliconRow.Workers agg, SiliconRow.Workers prefill, SiliconRow.Workers decode) {}

    /** For each row in a conflict, keyed by its CSV line: the ids of the rows that record its measurement under another layout. */
    public static Map<Integer, List<String>> of(List<SiliconRow> rows) {
        Map<Measurement, List<SiliconRow>> byMeasurement = new LinkedHashMap<>();
        for (SiliconRow r : rows) {
            if (!layoutGiven(r) || !Double.isFinite(r.ttftMs()) || !Double.isFinite(r.tpotMs())) continue;
            byMeasurement.computeIfAbsent(new Measurement(r.system(), r.backend(), r.isl(), r.osl(), r.ttftMs(), r.tpotMs()),
                    k -> new ArrayList<>()).add(r);
        }
        Map<Integer, List<String>> out = new HashMap<>();
        for (List<SiliconRow> same : byMeasurement.values()) {
            if (same.size() < 2) continue;
            for (SiliconRow r : same) {
                List<String> others = new ArrayList<>();
                for (SiliconRow o : same) {
                    if (!Objects.equals(deployment(o), deployment(r))) others.add(o.id());
                }
                if (!others.isEmpty()) out.put(r.line(), List.copyOf(others));
            }
        }
        return out;
    }

    static boolean layoutGiven(SiliconRow r) {
        if (r.invalid() != null) return false;
        if (!r.disagg()) return r.agg() != null;
        return r.prefill() != null && r.decode() != null && r.prefill().count() > 0 && r.decode().count() > 0;
    }

    /** The deployment as it ran: a layout the table recorded squared is the same deployment as its N-GPU record. */
    static Deployment deployment(SiliconRow r) {
        return new Deployment(deployed(r.agg()), deployed(r.prefill()), deployed(r.decode()));
    }

    private static SiliconRow.Workers deployed(SiliconRow.Workers w) {
        return w == null ? null : w.deployed();
    }
}
