package frontier.calibrate.fit;

import java.lang.ref.SoftReference;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
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

    /**
     * Partitions already fitted in this process, by the content of their rows: table sets that
     * share tables (the same release with another release's MoE table, say) refit only what
     * differs. Fitting is deterministic, so a reused result is the one a refit would give. Soft
     * references let a long run give the memory back.
     */
    private static final Map<String, SoftReference<Object>> FITTED = new ConcurrentHashMap<>();

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

    /** SHA-256 over a partition's key, every row as ingested (in order), the hardware profile and the settings. */
    static String contentKey(PartitionKey key, List<Measurement> rows, HardwareProfile hw, FamilyCalibration.Settings settings) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            var text = new StringBuilder().append(key.label(true)).append('\n').append(hw).append('\n').append(settings).append('\n');
            md.update(text.toString().getBytes(StandardCharsets.UTF_8));
            var buf = java.nio.ByteBuffer.allocate(8 * 64);
            for (Measurement m : rows) {
                buf.clear();
                for (double v : m.shape()) buf.putDouble(v);
                buf.putDouble(m.latencyUs()).putDouble(m.spreadUs());
                md.update(buf.array(), 0, buf.position());
                var p = m.provenance();
                md.update((String.join("\u0000", m.categories()) + "\u0001" + p.sourceFile() + "\u0001" + p.device() + "\u0001"
                        + p.framework() + "\u0001" + p.version() + "\u0001" + p.kernel() + "\u0002").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
                    String content = contentKey(key, parts.get(key), hw, settings);
                    var earlier = FITTED.get(content);
                    Object out = earlier == null ? null : earlier.get();
                    if (out == null) {
                        var data = new FamilyData(key, parts.get(key), hw);
                        out = data.rows() < FamilyCalibration.MIN_ROWS
                                ? key.label(true) + ": " + data.rows() + " usable rows (" + data.impossible
                                        + " faster than the GPU's peak arithmetic rate); at least " + FamilyCalibration.MIN_ROWS
                                        + " are needed to fit and test"
                                : FamilyCalibration.run(data, settings);
                        FITTED.put(content, new SoftReference<>(out));
                    }
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
