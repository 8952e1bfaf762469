package frontier.simulate.workload;

/** Replays a source faster or slower: arrival times divided by {@code factor} (2 = twice the rate). */
public final class RateScaledSource implements RequestSource {
    private final RequestSource source;
    private final double factor;

    public RateScaledSource(RequestSource source, double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) throw new IllegalArgumentException("rate scale must be positive, got " + factor);
        this.source = source;
        this.factor = factor;
    }

    @Override
    public Request next() {
        Request r = source.next();
        return r == null || factor == 1 ? r : r.withArrival(Math.round(r.arrivalNs() / factor));
    }

    @Override public long skippedRows() { return source.skippedRows(); }

    @Override public void close() { source.close(); }
}
