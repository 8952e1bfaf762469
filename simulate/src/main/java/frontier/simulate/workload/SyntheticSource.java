package frontier.simulate.workload;

import java.util.SplittableRandom;

/**
 * Generates the requests of a {@link SyntheticSpec} one at a time, in constant memory. Arrivals
 * and each length have their own random stream split from the seed, so the same seed gives the
 * same requests bit for bit, and changing the length distribution leaves arrival times as they
 * were (useful when comparing runs). Arrival times accumulate in double seconds and are rounded
 * to nanoseconds, so rounding never drifts. Requests carry no source id (null) and no prefix
 * hashes: nothing real stands behind them.
 */
public final class SyntheticSource implements RequestSource {
    private final SyntheticSpec spec;
    private final ArrivalProcess arrival;
    private final SplittableRandom arrivalRandom;
    private final LengthSampler lengths;
    private long issued;
    private double clockS;

    public SyntheticSource(SyntheticSpec spec) {
        this.spec = spec;
        this.arrival = spec.arrival();
        var root = new SplittableRandom(spec.seed());
        this.arrivalRandom = root.split();
        SplittableRandom inputRandom = root.split();
        SplittableRandom outputRandom = root.split();
        this.lengths = new LengthSampler(spec.input(), spec.output(), inputRandom, outputRandom);
    }

    @Override
    public Request next() {
        if (issued >= spec.requests()) return null;
        if (issued > 0) clockS += arrival.nextGapS(arrivalRandom);
        lengths.draw();
        return new Request(issued++, Math.round(clockS * Numbers.NS_PER_S), lengths.input, lengths.output, null, 0, null);
    }

    public SyntheticSpec spec() { return spec; }
}
