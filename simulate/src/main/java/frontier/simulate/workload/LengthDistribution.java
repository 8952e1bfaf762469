package frontier.simulate.workload;

import java.util.SplittableRandom;

/** How many tokens a synthetic request's prompt (or output) has. Every draw is at least 1. */
public sealed interface LengthDistribution {

    int sample(SplittableRandom random);

    /** For summaries, e.g. "lognormal(mean 1000, sigma 1) in [16, 8192]". */
    String describe();

    /** Every request has the same length. */
    record Fixed(int value) implements LengthDistribution {
        public Fixed {
            if (value < 1) throw new IllegalArgumentException("value must be at least 1, got " + value);
        }

        @Override public int sample(SplittableRandom random) { return value; }

        @Override public String describe() { return "fixed " + value; }
    }

    /** Uniform over the whole numbers min..max, both included. */
    record Uniform(int min, int max) implements LengthDistribution {
        public Uniform {
            checkBounds(min, max);
        }

        @Override
        public int sample(SplittableRandom random) {
            return (int) random.nextLong(min, (long) max + 1);
        }

        @Override public String describe() { return "uniform [" + min + ", " + max + "]"; }
    }

    /**
     * Log-normal, given the mean length in tokens and the standard deviation {@code sigma} of the
     * underlying normal (the log of the length): ln L ~ N(mu, sigma^2) with
     * mu = ln(mean) - sigma^2/2, so that E[L] = mean. Mean and sigma rather than mu and sigma
     * because the mean is what a workload description states; sigma sets the spread (the
     * coefficient of variation is sqrt(exp(sigma^2) - 1): 1.31 for sigma 1). Draws are rounded
     * and then clipped to [min, max], which moves the mean when much mass lies outside.
     */
    record LogNormal(double mean, double sigma, int min, int max) implements LengthDistribution {
        public LogNormal {
            if (!(mean > 0) || Double.isInfinite(mean)) throw new IllegalArgumentException("mean must be positive, got " + mean);
            if (!(sigma >= 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("sigma must be zero or positive, got " + sigma);
            checkBounds(min, max);
        }

        public double mu() { return Math.log(mean) - sigma * sigma / 2; }

        @Override
        public int sample(SplittableRandom random) {
            double length = Math.rint(Math.exp(mu() + sigma * random.nextGaussian()));
            return (int) Math.max(min, Math.min(max, length));
        }

        @Override
        public String describe() {
            return "lognormal(mean " + number(mean) + ", sigma " + number(sigma) + ") in [" + min + ", " + max + "]";
        }
    }

    /**
     * Lengths drawn uniformly from the rows of a real trace. When a workload's input and output
     * both draw from the same table, they are drawn from the same row, keeping the trace's
     * pairing of prompt and output lengths.
     */
    record TraceLengths(LengthTable table, LengthTable.Column column) implements LengthDistribution {
        @Override
        public int sample(SplittableRandom random) {
            return table.length(random.nextInt(table.size()), column);
        }

        @Override
        public String describe() {
            return "trace " + table.source().getFileName() + " " + column.name().toLowerCase()
                    + " lengths (" + table.size() + " rows)";
        }
    }

    private static void checkBounds(int min, int max) {
        if (min < 1) throw new IllegalArgumentException("min must be at least 1, got " + min);
        if (max < min) throw new IllegalArgumentException("max " + max + " is below min " + min);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
