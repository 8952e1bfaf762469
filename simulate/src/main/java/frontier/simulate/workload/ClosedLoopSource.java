package frontier.simulate.workload;

import java.util.SplittableRandom;

/**
 * Hands out the requests of a {@link ClosedLoopSpec} as the simulator's clients ask for them.
 * Lengths depend only on the order of issue (the k-th request issued always has the same
 * lengths for a given seed), not on which client asks, so two simulated deployments that finish
 * requests in different orders still serve the same set of requests. Not thread-safe: the
 * simulator calls it from its event loop.
 */
public final class ClosedLoopSource {
    private final ClosedLoopSpec spec;
    private final LengthSampler lengths;
    private long issued;
    private long lastNs;

    public ClosedLoopSource(ClosedLoopSpec spec) {
        this.spec = spec;
        var root = new SplittableRandom(spec.seed());
        root.split(); // the arrival stream of a synthetic source: keeps lengths equal to its for the same seed
        SplittableRandom inputRandom = root.split();
        SplittableRandom outputRandom = root.split();
        this.lengths = new LengthSampler(spec.input(), spec.output(), inputRandom, outputRandom);
    }

    /**
     * The request client {@code client} sends at {@code nowNs} (its previous request having just
     * completed, or the run starting), or null once all requests have been issued.
     *
     * @throws IllegalArgumentException if the client is out of range or the clock went back
     */
    public Request nextFor(int client, long nowNs) {
        if (client < 0 || client >= spec.clients()) {
            throw new IllegalArgumentException("client " + client + " is outside 0.." + (spec.clients() - 1));
        }
        if (nowNs < lastNs) throw new IllegalArgumentException("time went back from " + lastNs + " ns to " + nowNs + " ns");
        lastNs = nowNs;
        if (issued >= spec.requests()) return null;
        lengths.draw();
        return new Request(issued++, nowNs, lengths.input, lengths.output, null, 0, "client-" + client);
    }

    /** Requests handed out so far. */
    public long issued() { return issued; }

    /** True once every request has been handed out. */
    public boolean exhausted() { return issued >= spec.requests(); }

    public ClosedLoopSpec spec() { return spec; }
}
