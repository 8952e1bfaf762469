package frontier.simulate.workload;

/**
 * Requests in arrival order, produced one at a time so that a million-request trace never sits
 * in memory whole. Arrival times never decrease.
 */
public interface RequestSource extends AutoCloseable {

    /** The next request, or null when the workload is exhausted. */
    Request next();

    /** Rows skipped as unreadable (only when the user allowed skipping), for the summary. */
    default long skippedRows() { return 0; }

    @Override
    default void close() {}
}
