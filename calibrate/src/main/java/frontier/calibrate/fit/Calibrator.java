package frontier.calibrate.fit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import frontier.calibrate.hardware.HardwareProfile;
import frontier.calibrate.profile.Family;
import frontier.calibrate.profile.IngestReport;
import frontier.calibrate.profile.Measurement;

/** Groups ingested rows into partitions and calibrates each. */
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
     * Calibrates the partitions two at a time, largest first so that the last one to start is
     * short: a single fit keeps little more than one core busy, and two at once stay well inside
     * the launcher's default heap. Results come back in partition order whatever finished first.
     *
     * @param starting called with each partition's key before it is fitted
     * @param done     called with its row count (as the amount of work done) after
     */
    public static Outcome run(Map<PartitionKey, List<Measurement>> parts, HardwareProfile hw,
                              FamilyCalibration.Settings settings, Consumer<PartitionKey> starting,
                              Consumer<Integer> done) {
        List<PartitionKey> keys = new ArrayList<>(parts.keySet());
        List<PartitionKey> bySize = new ArrayList<>(keys);
        bySize.sort(Comparator.comparingInt((PartitionKey k) -> parts.get(k).size()).reversed());
        Object lock = new Object();
        Map<PartitionKey, Future<Object>> pending = new HashMap<>();
        int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        try (var pool = Executors.newFixedThreadPool(threads)) {
            for (PartitionKey key : bySize) {
                pending.put(key, pool.submit(() -> {
                    synchronized (lock) {
                        starting.accept(key);
                    }
                    var data = new FamilyData(key, parts.get(key), hw);
                    Object out = data.rows() < FamilyCalibration.MIN_ROWS
                            ? key.label(true) + ": " + data.rows() + " usable rows (" + data.impossible
                                    + " faster than the GPU's peak arithmetic rate); at least " + FamilyCalibration.MIN_ROWS
                                    + " are needed to fit and test"
                            : FamilyCalibration.run(data, settings);
                    synchronized (lock) {
                        done.accept(parts.get(key).size());
                    }
                    return out;
                }));
            }
            List<FamilyResult> results = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            for (PartitionKey key : keys) {
                switch (pending.get(key).get()) {
                    case FamilyResult r -> results.add(r);
                    case String why -> skipped.add(why);
                    default -> throw new IllegalStateException("unexpected calibration outcome");
                }
            }
            return new Outcome(results, skipped);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("calibration interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }
}
