package frontier.simulate.workload;

import java.nio.file.Path;

/**
 * Replay of a trace file. The window is applied on the trace's own clock (seconds from its first
 * request), then the rate scale, then the request limit.
 *
 * @param rateScale   arrival times are divided by it: 2 replays the trace at twice its rate
 * @param maxRequests at most this many requests ({@link Long#MAX_VALUE}: all)
 * @param startS      first second of the trace kept; kept requests are shifted to start at 0
 * @param endS        requests arriving at or after this second are dropped (infinity: none)
 * @param skipBadRows count and drop unreadable rows instead of failing
 */
public record TraceSpec(Path path, double rateScale, long maxRequests, double startS, double endS,
                        boolean skipBadRows) implements WorkloadSpec {

    public TraceSpec {
        if (!(rateScale > 0) || Double.isInfinite(rateScale)) {
            throw new IllegalArgumentException("rate_scale must be positive, got " + rateScale);
        }
        if (maxRequests < 1) throw new IllegalArgumentException("max_requests must be at least 1, got " + maxRequests);
        if (!(startS >= 0) || Double.isInfinite(startS)) throw new IllegalArgumentException("start_s must be zero or positive, got " + startS);
        if (!(endS > startS)) throw new IllegalArgumentException("end_s " + endS + " must be after start_s " + startS);
    }

    /** The whole trace at its recorded rate. */
    public static TraceSpec of(Path path) {
        return new TraceSpec(path, 1, Long.MAX_VALUE, 0, Double.POSITIVE_INFINITY, false);
    }

    public boolean windowed() { return startS > 0 || endS != Double.POSITIVE_INFINITY; }
}
