package frontier.simulate.workload;

/**
 * Open-loop synthetic requests: {@code requests} arrivals of the given process, the first at
 * time 0, with lengths drawn from the two distributions. The seed fixes every draw.
 */
public record SyntheticSpec(long requests, ArrivalProcess arrival, LengthDistribution input,
                            LengthDistribution output, long seed) implements WorkloadSpec {

    public SyntheticSpec {
        if (requests < 1) throw new IllegalArgumentException("requests must be at least 1, got " + requests);
        if (arrival == null || input == null || output == null) throw new IllegalArgumentException("arrival and lengths are required");
    }

    public String describe() {
        return "synthetic: " + requests + " requests, " + arrival.describe() + ", input " + input.describe()
                + ", output " + output.describe() + ", seed " + seed;
    }
}
