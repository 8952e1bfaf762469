package frontier.simulate.workload;

/**
 * The requests arriving in [startNs, endNs), shifted so that the window starts at time 0: the
 * simulated run then begins with the window instead of idling through the hour before it.
 * Arrivals never decrease, so reading stops at the first request past the window.
 */
public final class TimeWindowSource implements RequestSource {
    private final RequestSource source;
    private final long startNs;
    private final long endNs;
    private boolean done;

    /** @param endNs exclusive end; {@link Long#MAX_VALUE} for no end */
    public TimeWindowSource(RequestSource source, long startNs, long endNs) {
        if (startNs < 0 || endNs <= startNs) throw new IllegalArgumentException("empty or negative window [" + startNs + ", " + endNs + ")");
        this.source = source;
        this.startNs = startNs;
        this.endNs = endNs;
    }

    @Override
    public Request next() {
        while (!done) {
            Request r = source.next();
            if (r == null || r.arrivalNs() >= endNs) {
                done = true;
                return null;
            }
            if (r.arrivalNs() >= startNs) return startNs == 0 ? r : r.withArrival(r.arrivalNs() - startNs);
        }
        return null;
    }

    @Override public long skippedRows() { return source.skippedRows(); }

    @Override public void close() { source.close(); }
}
