package frontier.calibrate.fit;

import java.util.Arrays;

/** Absolute percentage error percentiles over a set of held-out rows. */
public record ErrorStats(int n, double p50, double p90, double p95, double p99) {

    public static final ErrorStats EMPTY = new ErrorStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public static ErrorStats of(double[] ape) {
        if (ape.length == 0) return EMPTY;
        double[] s = ape.clone();
        Arrays.sort(s);
        return new ErrorStats(s.length, percentile(s, 50), percentile(s, 90), percentile(s, 95), percentile(s, 99));
    }

    /** Linear interpolation between closest ranks, as numpy's default does; NaN for no values. */
    public static double percentile(double[] sorted, double pct) {
        if (sorted.length == 0) return Double.NaN;
        if (sorted.length == 1) return sorted[0];
        double pos = pct / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    /** |predicted − measured| / measured × 100. */
    public static double ape(double predicted, double measured) {
        return Math.abs(predicted - measured) / measured * 100;
    }
}
