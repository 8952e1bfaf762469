package frontier.simulate.validate;

/**
 * What became of one silicon row: simulated (with the simulated means), not simulated (with the
 * one-line reason), or a disagg row whose worker counts are not given (no deployment to build;
 * left out of the coverage denominator).
 */
public sealed interface SiliconCase extends SiliconPlan {

    SiliconRow row();

    /** The kernel-table version the case was (or would have been) calibrated from; "" when none applies. */
    String kernelVersion();

    /**
     * @param ttftMs   mean simulated TTFT over the case's requests
     * @param tpotMs   mean simulated TPOT
     * @param requests requests the simulation completed
     * @param lookups  operator lookups the simulation made, of which {@code fallbacks} fell outside a model's
     *                 calibrated range (roofline times its efficiency) and {@code unmodelled} had no kernel table
     * @param stepTimeShare each {@link frontier.simulate.cost.StepPart}'s share of the run's step time, all clusters together
     */
    record Simulated(SiliconRow row, String kernelVersion, double ttftMs, double tpotMs, long requests, long lookups,
                     long fallbacks, long unmodelled, double[] stepTimeShare) implements SiliconCase {}

    record NotSimulated(SiliconRow row, String kernelVersion, String reason) implements SiliconCase {}

    record LayoutNotGiven(SiliconRow row) implements SiliconCase {
        @Override public String kernelVersion() { return ""; }
    }

    default String status() {
        return switch (this) {
            case Simulated s -> "simulated";
            case NotSimulated n -> "not_simulated";
            case LayoutNotGiven l -> "layout_not_given";
        };
    }

    default String reason() {
        return switch (this) {
            case Simulated s -> "";
            case NotSimulated n -> n.reason();
            case LayoutNotGiven l -> "disagg row without prefill_num_workers/decode_num_workers";
        };
    }
}
