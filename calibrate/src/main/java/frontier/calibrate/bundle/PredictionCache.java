package frontier.calibrate.bundle;

import java.util.Arrays;

/**
 * Memoizes one operator model's predictions for a fixed format and kernel, keyed by shape. The
 * simulator asks for the same shapes millions of times (the same decode batch sizes, the same
 * GEMMs every layer); a hit costs one hash and one array compare, with no allocation.
 * Not thread-safe: each simulation thread owns its caches.
 */
public final class PredictionCache {
    private final OperatorModel model;
    private final String[] categories;
    private final String kernel;
    private double[][] keys;
    private double[] values;
    private boolean[] fallback;
    private int size;
    private long hits;
    private long misses;
    private long fallbacks;
    private boolean lastFallback;

    public PredictionCache(OperatorModel model, String[] categories, String kernel) {
        this.model = model;
        this.categories = categories.clone();
        this.kernel = kernel;
        this.keys = new double[1024][];
        this.values = new double[1024];
        this.fallback = new boolean[1024];
    }

    /** Latency in µs for this shape; the shape array is not kept and may be reused by the caller. */
    public double latencyUs(double[] shape) {
        int mask = keys.length - 1;
        int i = hash(shape) & mask;
        while (true) {
            double[] k = keys[i];
            if (k == null) break;
            if (Arrays.equals(k, shape)) {
                hits++;
                lastFallback = fallback[i];
                if (lastFallback) fallbacks++;
                return values[i];
            }
            i = (i + 1) & mask;
        }
        misses++;
        var p = model.predict(shape, categories, kernel);
        lastFallback = p.fallback();
        if (lastFallback) fallbacks++;
        keys[i] = shape.clone();
        values[i] = p.latencyUs();
        fallback[i] = p.fallback();
        if (++size * 2 > keys.length) grow();
        return p.latencyUs();
    }

    private static int hash(double[] shape) {
        long h = 0x9E3779B97F4A7C15L;
        for (double v : shape) {
            h ^= Double.doubleToLongBits(v);
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return (int) (h ^ (h >>> 32));
    }

    private void grow() {
        double[][] oldKeys = keys;
        double[] oldValues = values;
        boolean[] oldFallback = fallback;
        keys = new double[oldKeys.length * 2][];
        values = new double[oldKeys.length * 2];
        fallback = new boolean[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] == null) continue;
            int i = hash(oldKeys[j]) & mask;
            while (keys[i] != null) i = (i + 1) & mask;
            keys[i] = oldKeys[j];
            values[i] = oldValues[j];
            fallback[i] = oldFallback[j];
        }
    }

    public OperatorModel model() { return model; }
    public String[] categories() { return categories.clone(); }
    public String kernel() { return kernel; }
    /** Whether the latest lookup was answered by the roofline fallback. */
    public boolean lastWasFallback() { return lastFallback; }
    public long hits() { return hits; }
    public long misses() { return misses; }
    /** Lookups answered by the roofline fallback (outside the calibrated range), hits included. */
    public long fallbacks() { return fallbacks; }
    public int size() { return size; }
}
