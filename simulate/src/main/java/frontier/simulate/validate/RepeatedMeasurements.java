package frontier.simulate.validate;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows that repeat another row's measurement of the same deployment. The silicon collections
 * overlap: one benchmark run can appear in two or three source files, sometimes rounded to
 * 0.01 ms. Each repeat is a row of its own and counts in every figure, as the rows are the cases;
 * this names the repeats so that the error over distinct measurements can be shown beside it.
 */
public final class RepeatedMeasurements {
    private RepeatedMeasurements() {}

    private record Key(String system, String backend, String model, String precision, int isl, int osl, int concurrency,
                       LayoutConflicts.Deployment deployment, long ttftCentiMs, long tpotCentiMs) {}

    /**
     * For each row that repeats one above it in the file, keyed by its CSV line: the id of the
     * first row with that measurement.
     */
    public static Map<Integer, String> of(List<SiliconRow> rows) {
        Map<Key, String> first = new HashMap<>();
        Map<Integer, String> repeats = new HashMap<>();
        for (SiliconRow r : rows.stream().sorted(Comparator.comparingInt(SiliconRow::line)).toList()) {
            if (!LayoutConflicts.layoutGiven(r) || !Double.isFinite(r.ttftMs()) || !Double.isFinite(r.tpotMs())) continue;
            var key = new Key(r.system(), r.backend(), r.model(), r.precision(), r.isl(), r.osl(), r.concurrency(),
                    LayoutConflicts.deployment(r), Math.round(r.ttftMs() * 100), Math.round(r.tpotMs() * 100));
            String earlier = first.putIfAbsent(key, r.id());
            if (earlier != null) repeats.put(r.line(), earlier);
        }
        return repeats;
    }
}
