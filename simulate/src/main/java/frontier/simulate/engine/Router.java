package frontier.simulate.engine;

import frontier.simulate.cluster.RouterPolicy;
import frontier.simulate.workload.Request;

/** Sends each arriving request to one instance of the first-stage cluster. */
final class Router {
    private final RouterPolicy policy;
    private final Instance[] instances;
    private int next;

    Router(RouterPolicy policy, Instance[] instances) {
        this.policy = policy;
        this.instances = instances;
    }

    Instance pick(Request r) {
        return switch (policy) {
            case ROUND_ROBIN -> instances[next++ % instances.length];
            case LEAST_OUTSTANDING_TOKENS -> leastOutstanding();
            case PREFIX_AFFINITY -> {
                long[] h = r.prefixHashes();
                if (h == null || h.length == 0) yield leastOutstanding();
                // the first block decides: requests sharing a system prompt land together
                long x = h[0] * 0x9E3779B97F4A7C15L;
                yield instances[(int) Long.remainderUnsigned(x ^ (x >>> 31), instances.length)];
            }
        };
    }

    private Instance leastOutstanding() {
        Instance best = instances[0];
        for (Instance i : instances) if (i.outstandingTokens < best.outstandingTokens) best = i;
        return best;
    }
}
