package frontier.simulate.workload;

import java.util.SplittableRandom;

/** When open-loop synthetic requests arrive: a renewal process given by its gaps. */
public sealed interface ArrivalProcess {

    /** Mean arrivals per second. */
    double ratePerS();

    /** Seconds from one arrival to the next. */
    double nextGapS(SplittableRandom random);

    /** The same process at {@code factor} times the rate. */
    ArrivalProcess scaled(double factor);

    String describe();

    /** Exponential gaps: independent arrivals at a constant mean rate. */
    record Poisson(double ratePerS) implements ArrivalProcess {
        public Poisson {
            checkRate(ratePerS);
        }

        @Override public double nextGapS(SplittableRandom random) { return random.nextExponential() / ratePerS; }

        @Override public ArrivalProcess scaled(double factor) { return new Poisson(ratePerS * checkFactor(factor)); }

        @Override public String describe() { return "Poisson " + number(ratePerS) + " req/s"; }
    }

    /**
     * Gamma-distributed gaps with mean 1/rate and coefficient of variation {@code cv} (standard
     * deviation over mean): cv 1 is Poisson, above 1 bursty, below 1 more regular than Poisson,
     * 0 evenly spaced. Shape 1/cv^2, scale cv^2/rate.
     */
    record Gamma(double ratePerS, double cv) implements ArrivalProcess {
        public Gamma {
            checkRate(ratePerS);
            if (!(cv >= 0) || Double.isInfinite(cv)) throw new IllegalArgumentException("cv must be zero or positive, got " + cv);
        }

        @Override
        public double nextGapS(SplittableRandom random) {
            if (cv == 0) return 1 / ratePerS;
            if (cv == 1) return random.nextExponential() / ratePerS;
            double shape = 1 / (cv * cv);
            return standardGamma(shape, random) / (shape * ratePerS);
        }

        @Override public ArrivalProcess scaled(double factor) { return new Gamma(ratePerS * checkFactor(factor), cv); }

        @Override public String describe() { return "Gamma " + number(ratePerS) + " req/s, cv " + number(cv); }

        /**
         * Gamma(shape, 1) by Marsaglia and Tsang (2000); a shape below 1 is drawn as
         * Gamma(shape + 1) * U^(1/shape), their boosting step.
         */
        static double standardGamma(double shape, SplittableRandom random) {
            if (shape < 1) {
                double u = random.nextDouble();
                return standardGamma(shape + 1, random) * Math.pow(u, 1 / shape);
            }
            double d = shape - 1.0 / 3;
            double c = 1 / Math.sqrt(9 * d);
            while (true) {
                double x = random.nextGaussian();
                double v = 1 + c * x;
                if (v <= 0) continue;
                v = v * v * v;
                double u = random.nextDouble();
                double x2 = x * x;
                if (u < 1 - 0.0331 * x2 * x2) return d * v;
                if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
            }
        }
    }

    private static void checkRate(double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) throw new IllegalArgumentException("rate_per_s must be positive, got " + rate);
    }

    private static String number(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static double checkFactor(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) throw new IllegalArgumentException("rate scale must be positive, got " + factor);
        return factor;
    }
}
