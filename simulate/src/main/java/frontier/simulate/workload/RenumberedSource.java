package frontier.simulate.workload;

/** Gives the requests of a source the ids 0, 1, 2, ... in order, after filtering left gaps. */
public final class RenumberedSource implements RequestSource {
    private final RequestSource source;
    private long nextId;

    public RenumberedSource(RequestSource source) {
        this.source = source;
    }

    @Override
    public Request next() {
        Request r = source.next();
        if (r == null) return null;
        long id = nextId++;
        return r.id() == id ? r : r.withId(id);
    }

    @Override public long skippedRows() { return source.skippedRows(); }

    @Override public void close() { source.close(); }
}
