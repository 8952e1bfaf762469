package frontier.calibrate.features;

import java.util.List;

import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.hardware.HardwareProfile;
import frontier.calibrate.profile.Family;

/**
 * Physics features of one operator family: FLOPs, bytes moved, arithmetic intensity and the
 * roofline time on a given GPU, plus shape terms that capture what totals hide (tile and wave
 * quantization, ragged batches, expert-load skew). Models fit log(latency / roofline): the
 * efficiency saturates for large shapes, so tree models stay sane beyond the calibrated range.
 */
public sealed interface Physics permits GemmPhysics, AttentionPhysics, SkewPhysics, MlaPhysics, MoePhysics, CollectivePhysics,
        TokenOpPhysics {

    /** Feature names, in the order {@link #compute} fills them. */
    List<String> names();

    /** Feature names that hold category codes rather than quantities, in every family. */
    java.util.Set<String> CATEGORY_FEATURES = java.util.Set.of("dtype", "kv_dtype", "kernel", "op");

    /** Which features are category codes (one-hot encoded for linear models). */
    default boolean[] categorical() {
        List<String> n = names();
        boolean[] c = new boolean[n.size()];
        for (int i = 0; i < c.length; i++) c[i] = CATEGORY_FEATURES.contains(n.get(i));
        return c;
    }

    /**
     * @param shape       the family's shape columns
     * @param categories  the family's category columns (formats are parsed, other text goes through {@code words})
     * @param kernelCode  the kernel's code in the training vocabulary (-1 if unseen)
     */
    FeatureRow compute(double[] shape, String[] categories, int kernelCode, HardwareProfile hw, Vocabulary words);

    /**
     * As {@link #compute(double[], String[], int, HardwareProfile, Vocabulary)}, for a family
     * whose physics depends on what the kernel's timing spans (a whole module or the kernel
     * alone), which its name says.
     */
    default FeatureRow compute(double[] shape, String[] categories, String kernelName, int kernelCode, HardwareProfile hw,
                               Vocabulary words) {
        return compute(shape, categories, kernelCode, hw, words);
    }

    /**
     * The feature holding the token count (or the family's equivalent: sequences, bytes), for
     * the token-count-only baseline of older simulators. Every family puts it first.
     */
    default int tokenFeature() {
        return 0;
    }

    /**
     * Whether the roofline this family's models scale is a measured reference time (a ratio is
     * fitted, so no fixed cost per call may be added to it).
     */
    default boolean measuredReference() {
        return false;
    }

    static Physics of(Family family) {
        return switch (family) {
            case GEMM -> new GemmPhysics();
            case ATTENTION_PREFILL, ATTENTION_DECODE, ATTENTION_MIXED -> new AttentionPhysics(family);
            case ATTENTION_SKEW -> new SkewPhysics();
            case MLA_PREFILL, MLA_DECODE -> new MlaPhysics(family);
            case MOE -> new MoePhysics();
            case ALLREDUCE, ALLGATHER, REDUCE_SCATTER, ALLTOALL, P2P -> new CollectivePhysics(family);
            case ELEMENTWISE, PER_SEQUENCE -> new TokenOpPhysics(family);
        };
    }

    static double log2(double x) {
        return Math.log(Math.max(x, 1e-30)) / Math.log(2);
    }

    static double log2p1(double x) {
        return log2(x + 1);
    }

    static Dtype dtypeOr(String name, Dtype fallback) {
        Dtype d = Dtype.parseOrNull(name);
        return d == null ? fallback : d;
    }

    /**
     * Fills the last four features, {@code log_flops, log_bytes, log_intensity, log_roofline}, from
     * {@code f[at]} on and wraps the row. The +1 inside the logs keeps empty shapes (no tokens routed
     * to a rank, no KV yet) finite.
     */
    static FeatureRow withTotals(double[] f, int at, double flops, double bytes, double roofUs, double peakFlops) {
        f[at] = log2p1(flops);
        f[at + 1] = log2p1(bytes);
        f[at + 2] = log2((flops + 1) / (bytes + 1));
        f[at + 3] = log2(roofUs);
        return new FeatureRow(f, roofUs, flops / peakFlops * 1e6);
    }

    /** Roofline time in µs: the slower of arithmetic at peak and memory traffic at peak bandwidth. */
    static double rooflineUs(double flops, double bytes, double peakFlops, HardwareProfile hw) {
        return Math.max(flops / peakFlops, hw.memorySeconds(bytes)) * 1e6;
    }
}
