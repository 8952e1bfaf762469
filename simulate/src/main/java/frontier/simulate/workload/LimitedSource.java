package frontier.simulate.workload;

/** The first {@code limit} requests of a source. */
public final class LimitedSource implements RequestSource {
    private final RequestSource source;
    private final long limit;
    private long passed;

    public LimitedSource(RequestSource source, long limit) {
        if (limit < 0) throw new IllegalArgumentException("limit must be zero or positive, got " + limit);
        this.source = source;
        this.limit = limit;
    }

    @Override
    public Request next() {
        if (passed >= limit) return null;
        Request r = source.next();
        if (r != null) passed++;
        return r;
    }

    @Override public long skippedRows() { return source.skippedRows(); }

    @Override public void close() { source.close(); }
}
