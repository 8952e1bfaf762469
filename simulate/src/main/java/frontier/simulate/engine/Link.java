package frontier.simulate.engine;

import java.util.ArrayList;
import java.util.List;

import frontier.simulate.cluster.LinkSpec;

/**
 * A network path shared by concurrent transfers: its bandwidth is divided equally among the
 * transfers in flight (processor sharing), so a burst of KV transfers slows each of them down.
 * Only the earliest completion is ever scheduled; any start or finish reschedules it.
 */
final class Link {
    final int id;
    final LinkSpec spec;
    private final List<Transfer> active = new ArrayList<>();
    private long lastNs;
    /** Incremented on every reschedule: a completion event carrying an older version is stale. */
    long version;
    long bytesMoved;
    long transfers;
    double busyNs;

    /** One transfer: bytes still to move, and what to do when done. */
    static final class Transfer {
        final long id;
        final String kind;
        final long requestId;
        final double bytes;
        double remaining;
        final long startNs;
        final long readyNs;
        final Runnable onDone;

        Transfer(long id, String kind, long requestId, double bytes, long startNs, long readyNs, Runnable onDone) {
            this.id = id;
            this.kind = kind;
            this.requestId = requestId;
            this.bytes = bytes;
            this.remaining = bytes;
            this.startNs = startNs;
            this.readyNs = readyNs;
            this.onDone = onDone;
        }
    }

    Link(int id, LinkSpec spec) {
        this.id = id;
        this.spec = spec;
    }

    private void advance(long nowNs) {
        if (!active.isEmpty() && nowNs > lastNs) {
            double share = spec.bandwidth() / active.size() * (nowNs - lastNs) / 1e9;
            for (Transfer t : active) t.remaining = Math.max(0, t.remaining - share);
            busyNs += nowNs - lastNs;
        }
        lastNs = nowNs;
    }

    void start(long nowNs, Transfer t) {
        advance(nowNs);
        active.add(t);
        transfers++;
        bytesMoved += (long) t.bytes;
    }

    /** Transfers finished by now, removed from the link. */
    List<Transfer> finish(long nowNs) {
        advance(nowNs);
        List<Transfer> done = new ArrayList<>();
        active.removeIf(t -> {
            if (t.remaining <= 1e-6 && nowNs >= t.readyNs) {
                done.add(t);
                return true;
            }
            return false;
        });
        return done;
    }

    /** When the next transfer completes at the current sharing, or -1 when idle. */
    long nextCompletionNs() {
        if (active.isEmpty()) return -1;
        double rate = spec.bandwidth() / active.size();
        long best = Long.MAX_VALUE;
        for (Transfer t : active) {
            long at = lastNs + (long) Math.ceil(t.remaining / rate * 1e9);
            best = Math.min(best, Math.max(at, t.readyNs));
        }
        return best;
    }

    int inFlight() { return active.size(); }
}
