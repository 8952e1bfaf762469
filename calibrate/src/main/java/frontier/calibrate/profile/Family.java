package frontier.calibrate.profile;

import java.util.List;
import java.util.Locale;

/**
 * Normalized operator families. Every ingested measurement becomes a row of one family: numeric
 * shape columns plus categorical columns, latency in microseconds. Readers fill the columns a
 * source has; a column a source lacks is NaN (numeric) or null (categorical).
 */
public enum Family {
    /** One matrix multiply C[m,n] = A[m,k] · B[k,n]; m is the token dimension. */
    GEMM(List.of("m", "n", "k"), List.of("dtype")),
    /**
     * Prefill attention for a batch of sequences: q_len new tokens per sequence attending to
     * kv_len tokens (prefix + new). Batch-shape statistics describe ragged batches.
     */
    ATTENTION_PREFILL(List.of("batch", "q_len", "kv_len", "kv_len_max", "heads", "kv_heads", "head_dim", "window"),
            List.of("kv_dtype")),
    /** Decode attention: one new token per sequence; kv_len is the mean cached length. */
    ATTENTION_DECODE(List.of("batch", "kv_len", "kv_len_max", "heads", "kv_heads", "head_dim", "window"),
            List.of("kv_dtype")),
    /** One attention call over a mixed batch: prefill chunks and decodes together (vLLM v1). */
    ATTENTION_MIXED(List.of("prefill_tokens", "prefill_kv", "decode_seqs", "decode_kv", "heads", "kv_heads", "head_dim"),
            List.of("kv_dtype")),
    /**
     * The mixed-batch attention call over decodes of uneven cached lengths: decode_kv is their
     * mean, decode_kv_max the longest, even_us the time the profile gives the same call with every
     * decode at the mean length, in the profile's own units. Models fit the measured time over
     * even_us, so what they carry is how much longer uneven lengths take (the longest finish last).
     */
    ATTENTION_SKEW(List.of("prefill_tokens", "prefill_kv", "decode_seqs", "decode_kv", "decode_kv_max", "even_us", "heads",
            "kv_heads", "head_dim"), List.of("kv_dtype")),
    /** DeepSeek-style multi-head latent attention module, prefill (context) phase, per GPU. */
    MLA_PREFILL(List.of("batch", "q_len", "kv_len", "heads"), List.of("dtype", "kv_dtype")),
    /** Multi-head latent attention module, decode (generation) phase, per GPU. */
    MLA_DECODE(List.of("batch", "kv_len", "heads"), List.of("dtype", "kv_dtype")),
    /**
     * A fused MoE layer (routing excluded): tokens entering the layer on this rank, expert shapes,
     * parallel layout, and the expert-load skew (0 = balanced).
     */
    MOE(List.of("tokens", "hidden", "inter", "top_k", "experts", "tp", "ep", "skew", "load_max_ratio", "load_cv"),
            List.of("dtype")),
    ALLREDUCE(List.of("bytes", "ranks", "ranks_per_node"), List.of("dtype")),
    ALLGATHER(List.of("bytes", "ranks", "ranks_per_node"), List.of("dtype")),
    REDUCE_SCATTER(List.of("bytes", "ranks", "ranks_per_node"), List.of("dtype")),
    ALLTOALL(List.of("bytes", "ranks", "ranks_per_node"), List.of("dtype")),
    /** Point-to-point send/receive between two GPUs (PP stage boundaries, KV transfer). */
    P2P(List.of("bytes", "ranks", "ranks_per_node"), List.of("dtype")),
    /** Token-parallel operators that are not matrix multiplies: norms, rotary, activation, embedding. */
    ELEMENTWISE(List.of("tokens", "hidden"), List.of("op")),
    /** Per-sequence operators run once per step on the last token: LM head, sampler. */
    PER_SEQUENCE(List.of("sequences", "hidden", "vocab"), List.of("op"));

    private final List<String> shape;
    private final List<String> categories;

    Family(List<String> shape, List<String> categories) {
        this.shape = shape;
        this.categories = categories;
    }

    public List<String> shapeColumns() { return shape; }
    public List<String> categoryColumns() { return categories; }

    public int shapeIndex(String column) {
        int i = shape.indexOf(column);
        if (i < 0) throw new IllegalArgumentException(label() + " has no shape column " + column);
        return i;
    }

    /** snake_case name used in files, reports and bundles. */
    public String label() { return name().toLowerCase(Locale.ROOT); }

    public static Family fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    public boolean isCommunication() {
        return switch (this) {
            case ALLREDUCE, ALLGATHER, REDUCE_SCATTER, ALLTOALL, P2P -> true;
            default -> false;
        };
    }
}
