package frontier.calibrate.ingest;

/**
 * Attention geometry on one GPU. Query heads split evenly across tensor-parallel ranks; KV heads
 * split too until there are fewer of them than ranks, after which every rank keeps one replica
 * (vLLM and Vidur both replicate rather than split a head).
 */
record AttentionHeads(double heads, double kvHeads, double headDim) {

    static AttentionHeads perGpu(double heads, double kvHeads, double headDim, double tp) {
        double ranks = Math.max(1, tp);
        return new AttentionHeads(heads / ranks, Math.ceil(kvHeads / ranks), headDim);
    }

    /** Width of the fused QKV projection's output. */
    double qkvWidth() { return (heads + 2 * kvHeads) * headDim; }

    /** Width of the attention output (the o-projection's input). */
    double qWidth() { return heads * headDim; }

    /** Elements per token that rotary embedding and QK-norm touch: every query and key head. */
    double qkWidth() { return (heads + kvHeads) * headDim; }

    /** Elements per token written to the KV cache: one key and one value per KV head. */
    double kvWidth() { return 2 * kvHeads * headDim; }
}
