package frontier.simulate.cost;

/**
 * A latency in µs that remembers whether the roofline fallback produced it: memo tables store
 * fallback answers as negative numbers so that every lookup can be counted.
 */
final class Priced {
    private Priced() {}

    static double encode(double us, boolean fallback) {
        return fallback ? -us : us;
    }

    static double us(double encoded) {
        return Math.abs(encoded);
    }

    static boolean fallback(double encoded) {
        return encoded < 0;
    }
}
