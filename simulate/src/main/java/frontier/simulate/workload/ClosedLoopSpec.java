package frontier.simulate.workload;

/**
 * Closed-loop load: {@code clients} clients, each sending its next request as soon as its
 * previous one completes, until {@code requests} requests have been sent in all. The simulator
 * owns the clock and asks a {@link ClosedLoopSource} for each client's next request.
 *
 * @param warmupRequests the first requests sent (ids 0 .. warmupRequests-1) bring the system to
 *                       steady state; the simulator runs them but leaves them out of metrics
 */
public record ClosedLoopSpec(int clients, long requests, LengthDistribution input, LengthDistribution output,
                             long seed, long warmupRequests) implements WorkloadSpec {

    public ClosedLoopSpec {
        if (clients < 1) throw new IllegalArgumentException("clients must be at least 1, got " + clients);
        if (requests < 1) throw new IllegalArgumentException("requests must be at least 1, got " + requests);
        if (input == null || output == null) throw new IllegalArgumentException("input and output lengths are required");
        if (warmupRequests < 0) throw new IllegalArgumentException("warmup_requests must be zero or positive, got " + warmupRequests);
        if (warmupRequests >= requests) {
            throw new IllegalArgumentException("warmup_requests " + warmupRequests + " leaves none of the " + requests
                    + " requests to measure");
        }
    }

    /** Whether the request with this id is one of the warm-up requests. */
    public boolean isWarmup(long requestId) { return requestId < warmupRequests; }

    public String describe() {
        return "closed loop: " + clients + " clients, " + requests
                + " requests (" + warmupRequests + " warm-up), input " + input.describe() + ", output " + output.describe()
                + ", seed " + seed;
    }
}
