package frontier.simulate.engine;

import frontier.simulate.workload.Request;

/**
 * Closed-loop clients: each sends its next request when its previous one completes. The
 * simulation owns the clock and asks for a client's next request at that instant.
 */
public interface ClientSource {
    int clients();

    /** The client's next request arriving at {@code nowNs}, or null when the run has issued them all. */
    Request nextFor(int client, long nowNs);

    /** Requests issued before measurement starts (excluded from the summary). */
    long warmupRequests();
}
