package frontier.calibrate.fit;

import java.util.List;

/**
 * The rows a partition's calibration held out, with what each model predicted for them: the
 * evidence behind the error percentiles, kept so that error can be examined by shape.
 *
 * @param sizeMeasure what {@link Row#size()} counts: {@code flops}, else {@code bytes} or {@code roofline_us}
 */
public record HeldOut(String sizeMeasure, List<Row> rows) {

    public enum Split {
        RANDOM, EXTRAPOLATION;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One held-out row. On the random split the chosen model is the one that ships; on the
     * extrapolation split it is the same kind refitted without the largest rows.
     *
     * @param predictedUs  the chosen model's prediction
     * @param rooflineUs   the roofline baseline's prediction (roofline time × one fitted efficiency)
     * @param tokensOnlyUs the token-count-only baseline's prediction
     */
    public record Row(Split split, double[] shape, String[] categories, String kernel, double size, double measuredUs,
                      double predictedUs, double rooflineUs, double tokensOnlyUs) {

        /** (predicted − measured) / measured × 100. */
        public double errorPct() {
            return (predictedUs - measuredUs) / measuredUs * 100;
        }
    }
}
