package frontier.simulate.cluster;

/**
 * The parallel layout of one cluster: {@code instances} independent engine instances, each over
 * tp × pp × dp GPUs. With dp > 1 the instance runs data-parallel attention ranks that share one
 * expert-parallel MoE of size ep (the vLLM/SGLang "DP attention + EP" layout); ep = 1 keeps
 * every expert on every rank (sharded by TP).
 */
public record Layout(int instances, int tp, int pp, int dp, int ep) {

    /** tp × pp × dp, or more when expert parallelism spans more GPUs (an FFN cluster's instances). */
    public int gpusPerInstance() { return Math.max(tp * pp * dp, ep * pp); }

    public int gpus() { return instances * gpusPerInstance(); }

    /** The tensor-parallel split of each expert: the GPUs sharing the MoE (tp × dp) over the expert-parallel size. */
    public int moeTp() { return moeTp(tp, dp, ep); }

    public static int moeTp(int tp, int dp, int ep) { return Math.max(1, tp * Math.max(1, dp) / Math.max(1, ep)); }
}
