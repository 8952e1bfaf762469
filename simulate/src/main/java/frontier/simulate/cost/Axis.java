package frontier.simulate.cost;

/**
 * Grid nodes for one shape dimension: every integer up to {@code exactUpTo}, geometric steps of
 * {@code ratio} above. Continuous quantities (mean KV length) are priced at the two neighbouring
 * nodes and interpolated, so a handful of cached predictions serve millions of steps.
 */
final class Axis {
    private final int exactUpTo;
    private final double logRatio;
    private final double logBase;

    Axis(int exactUpTo, double ratio) {
        this.exactUpTo = exactUpTo;
        this.logRatio = Math.log(ratio);
        this.logBase = Math.log(exactUpTo);
    }

    /** The node at or below x (x >= 1). */
    int lower(double x) {
        if (x <= exactUpTo) return (int) Math.max(1, Math.floor(x));
        return exactUpTo + (int) Math.floor((Math.log(x) - logBase) / logRatio);
    }

    double value(int node) {
        if (node <= exactUpTo) return node;
        return Math.exp(logBase + (node - exactUpTo) * logRatio);
    }

    /** Where x lies between node and node + 1, in log space (0 = at node). */
    double weight(double x, int node) {
        double a = value(node), b = value(node + 1);
        if (x <= a) return 0;
        return (Math.log(x) - Math.log(a)) / (Math.log(b) - Math.log(a));
    }
}
