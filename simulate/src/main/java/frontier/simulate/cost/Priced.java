package frontier.simulate.cost;

/**
 * A latency in µs that remembers how it was priced, so that memo tables can count every lookup:
 * a calibrated model inside its range (positive), the roofline fallback of a model outside its
 * range (negative), or the bare roofline of an operator no table measured (below -1e9).
 */
final class Priced {
    private static final double UNMODELLED = 1e9;

    private Priced() {}

    static double encode(double us, boolean fallback) {
        return fallback ? -us : us;
    }

    static double unmodelled(double us) {
        return -(UNMODELLED + us);
    }

    /** Another latency, priced the same way as {@code encoded}. */
    static double withUs(double encoded, double us) {
        if (isUnmodelled(encoded)) return unmodelled(us);
        return encode(us, fallback(encoded));
    }

    /** {@code times} such operators one after another, priced the same way. */
    static double times(double encoded, int times) {
        if (isUnmodelled(encoded)) return unmodelled(us(encoded) * times);
        return encoded * times;
    }

    static double us(double encoded) {
        if (encoded >= 0) return encoded;
        return encoded > -UNMODELLED ? -encoded : -encoded - UNMODELLED;
    }

    /** Outside a model's range, or no model at all. */
    static boolean fallback(double encoded) {
        return encoded < 0;
    }

    static boolean isUnmodelled(double encoded) {
        return encoded <= -UNMODELLED;
    }
}
