package frontier.simulate.cost;

import java.util.Arrays;

/** Open-addressing map from long keys to doubles: memo tables looked up every step without boxing. */
final class LongDoubleMap {
    private long[] keys = new long[256];
    private double[] values = new double[256];
    private boolean[] used = new boolean[256];
    private int size;

    /** The value, or NaN when absent. */
    double get(long key) {
        int mask = keys.length - 1;
        int i = mix(key) & mask;
        while (used[i]) {
            if (keys[i] == key) return values[i];
            i = (i + 1) & mask;
        }
        return Double.NaN;
    }

    void put(long key, double value) {
        if ((size + 1) * 2 > keys.length) grow();
        int mask = keys.length - 1;
        int i = mix(key) & mask;
        while (used[i]) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        used[i] = true;
        keys[i] = key;
        values[i] = value;
        size++;
    }

    private static int mix(long k) {
        k ^= k >>> 33;
        k *= 0xFF51AFD7ED558CCDL;
        k ^= k >>> 33;
        return (int) k;
    }

    private void grow() {
        long[] k = keys;
        double[] v = values;
        boolean[] u = used;
        keys = new long[k.length * 2];
        values = new double[k.length * 2];
        used = new boolean[k.length * 2];
        size = 0;
        for (int i = 0; i < k.length; i++) if (u[i]) put(k[i], v[i]);
    }

    int size() { return size; }

    void clear() {
        Arrays.fill(used, false);
        size = 0;
    }
}
