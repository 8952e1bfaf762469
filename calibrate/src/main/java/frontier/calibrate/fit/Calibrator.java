package frontier.calibrate.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import frontier.calibrate.hardware.HardwareProfile;
import frontier.calibrate.profile.Family;
import frontier.calibrate.profile.IngestReport;
import frontier.calibrate.profile.Measurement;

/** Groups ingested rows into partitions and calibrates each, largest first for a steadier progress bar. */
public final class Calibrator {
    private Calibrator() {}

    public record Outcome(List<FamilyResult> results, List<String> skipped) {}

    public static Map<PartitionKey, List<Measurement>> partitions(IngestReport report) {
        Map<PartitionKey, List<Measurement>> parts = new TreeMap<>();
        for (var e : report.rows().entrySet()) {
            Family f = e.getKey();
            for (Measurement m : e.getValue()) {
                var key = new PartitionKey(f, m.provenance().framework(), m.provenance().version());
                parts.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
            }
        }
        return parts;
    }

    /**
     * @param progress called with each partition's label before it is fitted, and with its row
     *                 count (as the amount of work done) after
     */
    public static Outcome run(Map<PartitionKey, List<Measurement>> parts, HardwareProfile hw,
                              FamilyCalibration.Settings settings, Consumer<PartitionKey> starting,
                              Consumer<Integer> done) {
        List<FamilyResult> results = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (var e : parts.entrySet()) {
            starting.accept(e.getKey());
            var data = new FamilyData(e.getKey(), e.getValue(), hw);
            if (data.rows() < FamilyCalibration.MIN_ROWS) {
                skipped.add(e.getKey().label(true) + ": " + data.rows() + " usable rows (" + data.impossible
                        + " faster than the GPU's peak arithmetic rate); at least " + FamilyCalibration.MIN_ROWS + " are needed to fit and test");
            } else {
                results.add(FamilyCalibration.run(data, settings));
            }
            done.accept(e.getValue().size());
        }
        return new Outcome(results, skipped);
    }
}
