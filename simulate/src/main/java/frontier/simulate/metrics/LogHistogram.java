package frontier.simulate.metrics;

/**
 * Counts values in buckets 1% wide on a log scale, from 1 µs to about 3 hours: enough for the
 * percentiles of hundreds of millions of inter-token gaps in a few kilobytes.
 */
public final class LogHistogram {
    private static final double MIN_NS = 1_000;
    private static final double STEP = Math.log(1.01);
    private final long[] counts = new long[2400];
    private long total;
    private double sum;

    public void add(long ns) {
        double v = Math.max(ns, MIN_NS);
        int b = (int) (Math.log(v / MIN_NS) / STEP);
        counts[Math.min(b, counts.length - 1)]++;
        total++;
        sum += ns;
    }

    public long count() { return total; }

    public double meanNs() { return total == 0 ? Double.NaN : sum / total; }

    /** The value below which pct percent of the samples fall (bucket midpoint, ±0.5%). */
    public double percentileNs(double pct) {
        if (total == 0) return Double.NaN;
        long rank = (long) Math.ceil(pct / 100 * total);
        long seen = 0;
        for (int b = 0; b < counts.length; b++) {
            seen += counts[b];
            if (seen >= Math.max(1, rank)) return MIN_NS * Math.exp((b + 0.5) * STEP);
        }
        return MIN_NS * Math.exp(counts.length * STEP);
    }
}
