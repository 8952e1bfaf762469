package frontier.simulate.metrics;

import java.util.Arrays;

/** Exact percentiles of one per-request metric; floats keep a million requests in 4 MB. */
public final class Distribution {
    private float[] values = new float[1024];
    private int size;
    private double sum;
    private boolean sorted;

    public void add(double v) {
        if (Double.isNaN(v)) return;
        if (size == values.length) values = Arrays.copyOf(values, size * 2);
        values[size++] = (float) v;
        sum += v;
        sorted = false;
    }

    public int count() { return size; }

    public double mean() { return size == 0 ? Double.NaN : sum / size; }

    /** Linear interpolation between closest ranks (numpy's default). */
    public double percentile(double pct) {
        if (size == 0) return Double.NaN;
        if (!sorted) {
            Arrays.sort(values, 0, size);
            sorted = true;
        }
        if (size == 1) return values[0];
        double pos = pct / 100 * (size - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, size - 1);
        return values[lo] + (values[hi] - values[lo]) * (pos - lo);
    }

    public float[] values() { return Arrays.copyOf(values, size); }
}
