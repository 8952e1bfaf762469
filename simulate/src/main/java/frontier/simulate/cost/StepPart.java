package frontier.simulate.cost;

/**
 * What a step's time goes to. Each step's duration is split over these exactly; where
 * data-parallel ranks run in lockstep, each part is counted on the rank that set the pace.
 */
public enum StepPart {
    /** Attention kernels over the batch's sequences (MLA modules with their projections; linear-attention recurrences). */
    ATTENTION("attention"),
    /** The attention block's GEMMs: QKV (or MLA's down/up projections) and output. */
    PROJECTIONS("attention_projections"),
    /** Dense layers' gate/up and down GEMMs and their activation. */
    DENSE_MLP("dense_mlp"),
    /** Router, fused MoE grouped GEMM at the busiest rank's load, shared experts. */
    MOE("moe"),
    /** Expert-parallel dispatch and combine left exposed (under two-batch overlap, what compute did not hide). */
    EP_COMMUNICATION("ep_communication"),
    /** Tensor-parallel all-reduces. */
    TP_COMMUNICATION("tp_communication"),
    /** Norms, rotary embedding, q/k norms, embedding lookup. */
    TOKEN_OPS("token_ops"),
    /** LM head and sampler. */
    LM_HEAD_SAMPLER("lm_head_sampler"),
    /** Pipeline-parallel activation sends. */
    PP_SEND("pp_send"),
    /** The engine's fixed per-step CPU overhead. */
    ENGINE_OVERHEAD("engine_overhead"),
    /** What an eager step waits beyond its kernels for the host to launch them (eager_host_us_per_op). */
    HOST_LAUNCH("host_launch");

    public static final int COUNT = values().length;
    private static final StepPart[] ALL = values();

    private final String label;

    StepPart(String label) {
        this.label = label;
    }

    public String label() { return label; }

    public static StepPart of(int ordinal) { return ALL[ordinal]; }

    /**
     * The largest parts of a split (shares indexed by ordinal), largest first, those under 0.5%
     * left out, at most {@code limit}: "moe 61.2%, attention 20.0%" with one decimal.
     */
    public static String largest(double[] shares, int limit, int decimals) {
        return java.util.Arrays.stream(ALL).filter(p -> shares[p.ordinal()] >= 0.005)
                .sorted(java.util.Comparator.comparingDouble((StepPart p) -> -shares[p.ordinal()]).thenComparing(Enum::ordinal))
                .limit(limit)
                .map(p -> String.format(java.util.Locale.ROOT, "%s %." + decimals + "f%%", p.label(), 100 * shares[p.ordinal()]))
                .collect(java.util.stream.Collectors.joining(", "));
    }
}
