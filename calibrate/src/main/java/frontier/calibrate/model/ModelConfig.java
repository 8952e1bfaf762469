package frontier.calibrate.model;

import frontier.calibrate.hardware.Dtype;

/**
 * The architecture facts of a transformer that operator shapes and memory sizes follow from,
 * read from a Hugging Face {@code config.json}.
 *
 * @param headDim        attention head size (q/k); for MLA the per-head q/k size without RoPE part
 * @param qkNormAcrossHeads the q/k RMSNorm spans all heads of a token (MiniMax-M2's {@code per_layer}), not each
 *                       head: under tensor parallelism its variance is summed across the ranks
 * @param slidingWindow  window of sliding-window layers (0 = none)
 * @param slidingLayers  how many of the layers use the sliding window
 * @param moe            null for dense models
 * @param mla            null unless the model uses multi-head latent attention (DeepSeek-V3 family)
 * @param weightDtype    the format the published weights use (quantization_config, else torch_dtype)
 * @param linear         null unless some layers use linear attention (Qwen3.5, Qwen3-Next)
 * @param unquantized    the layers a quantized checkpoint keeps in its unquantized dtype (beyond
 *                       embeddings, LM head and router, which every serving engine keeps so)
 */
public record ModelConfig(
        String name,
        String architecture,
        int hiddenSize,
        int layers,
        int heads,
        int kvHeads,
        int headDim,
        int intermediateSize,
        int vocabSize,
        int maxPositions,
        boolean tiedEmbeddings,
        boolean qkNorm,
        boolean qkNormAcrossHeads,
        int slidingWindow,
        int slidingLayers,
        Moe moe,
        Mla mla,
        Dtype weightDtype,
        LinearAttention linear,
        Unquantized unquantized) {

    /** A config without quantization exclusions (every GEMM layer in the checkpoint's format). */
    public ModelConfig(String name, String architecture, int hiddenSize, int layers, int heads, int kvHeads, int headDim,
                       int intermediateSize, int vocabSize, int maxPositions, boolean tiedEmbeddings, boolean qkNorm,
                       boolean qkNormAcrossHeads, int slidingWindow, int slidingLayers, Moe moe, Mla mla, Dtype weightDtype,
                       LinearAttention linear) {
        this(name, architecture, hiddenSize, layers, heads, kvHeads, headDim, intermediateSize, vocabSize, maxPositions,
                tiedEmbeddings, qkNorm, qkNormAcrossHeads, slidingWindow, slidingLayers, moe, mla, weightDtype, linear, Unquantized.NONE);
    }

    /**
     * Layer groups a quantized checkpoint leaves unquantized (its quantization config's
     * {@code ignore} or {@code modules_to_not_convert} list): gpt-oss keeps attention in bf16 and
     * quantizes only the experts, Kimi-K2.5 keeps attention, shared experts and its dense layer.
     */
    public record Unquantized(boolean attention, boolean sharedExperts, boolean denseMlp) {
        public static final Unquantized NONE = new Unquantized(false, false, false);
    }

    /** Mixture-of-experts layout. {@code denseLayers} of the {@code layers} use a dense MLP instead. */
    public record Moe(int experts, int topK, int expertIntermediate, int sharedExperts, int sharedIntermediate,
                      int denseLayers) {}

    /** Multi-head latent attention dimensions. */
    public record Mla(int kvLoraRank, int qLoraRank, int qkNopeHeadDim, int qkRopeHeadDim, int vHeadDim) {}

    /**
     * Gated-DeltaNet-style linear attention in {@code layers} of the layers: each sequence keeps a
     * fixed recurrent state there instead of a KV cache that grows with its length.
     */
    public record LinearAttention(int layers, int keyHeads, int valueHeads, int keyHeadDim, int valueHeadDim, int convKernel) {
        /** The fp32 recurrent state plus the short convolution's last inputs (bf16), per sequence and layer. */
        public double stateBytesPerLayer() {
            return 4.0 * valueHeads * keyHeadDim * valueHeadDim
                    + 2.0 * (convKernel - 1) * (2.0 * keyHeads * keyHeadDim + (double) valueHeads * valueHeadDim);
        }

        /** Outputs of the input projection: q, k, v, the output gate z, and the per-head decay and step (a, b). */
        public int projectionWidth() {
            return 2 * keyHeads * keyHeadDim + 2 * valueHeads * valueHeadDim + 2 * valueHeads;
        }
    }

    public boolean isMoe() { return moe != null; }

    /** Layers that hold a KV cache: all but the linear-attention ones. */
    public int kvLayers() { return layers - linearLayers(); }

    public int linearLayers() { return linear == null ? 0 : linear.layers(); }

    public boolean isMla() { return mla != null; }

    public int moeLayers() { return moe == null ? 0 : layers - moe.denseLayers(); }

    public int denseLayers() { return moe == null ? layers : moe.denseLayers(); }

    /** Elements of K and V cached per token per layer (MLA caches the compressed latent and the RoPE key). */
    public long kvElementsPerTokenPerLayer() {
        if (mla != null) return mla.kvLoraRank() + mla.qkRopeHeadDim();
        return 2L * kvHeads * headDim;
    }

    /** Parameters, counting every expert: what must sit in GPU memory. */
    public double parameters() {
        double attn = attentionParameters();
        double denseMlp = 3.0 * hiddenSize * intermediateSize;
        double perDense = attn + denseMlp;
        double total = denseLayers() * perDense;
        if (moe != null) {
            double experts = 3.0 * hiddenSize * moe.expertIntermediate() * moe.experts();
            double shared = 3.0 * hiddenSize * moe.sharedIntermediate() * moe.sharedExperts();
            double router = (double) hiddenSize * moe.experts();
            total += moeLayers() * (attn + experts + shared + router);
        }
        return total + embeddingParameters();
    }

    /** The input embeddings and the LM head (one table when tied). */
    public double embeddingParameters() {
        return (double) vocabSize * hiddenSize * (tiedEmbeddings ? 1 : 2);
    }

    /**
     * Parameters a quantized checkpoint keeps in its unquantized dtype: the embeddings and LM head
     * and the routers, which serving engines never quantize, and the layer groups
     * {@link #unquantized} names.
     */
    public double unquantizedParameters() {
        double p = embeddingParameters() + unquantizedFfnParameters();
        if (unquantized.attention()) p += attentionParameters() * layers;
        if (moe != null) p += (double) hiddenSize * moe.experts() * moeLayers();
        return p;
    }

    /** Of {@link #unquantizedParameters}, those on the FFN side: shared experts and dense MLPs left unquantized. */
    public double unquantizedFfnParameters() {
        double p = 0;
        if (unquantized.denseMlp()) p += 3.0 * hiddenSize * intermediateSize * denseLayers();
        if (moe != null && unquantized.sharedExperts()) p += 3.0 * hiddenSize * moe.sharedIntermediate() * moe.sharedExperts() * moeLayers();
        return p;
    }

    /** Attention projection parameters of an average layer (linear-attention layers averaged in). */
    double attentionParameters() {
        double attn;
        if (mla != null) {
            int qHead = mla.qkNopeHeadDim() + mla.qkRopeHeadDim();
            double q = mla.qLoraRank() > 0
                    ? (double) hiddenSize * mla.qLoraRank() + (double) mla.qLoraRank() * heads * qHead
                    : (double) hiddenSize * heads * qHead;
            double kv = (double) hiddenSize * (mla.kvLoraRank() + mla.qkRopeHeadDim())
                    + (double) mla.kvLoraRank() * heads * (mla.qkNopeHeadDim() + mla.vHeadDim());
            attn = q + kv + (double) heads * mla.vHeadDim() * hiddenSize;
        } else {
            attn = (double) hiddenSize * (heads + 2.0 * kvHeads) * headDim + (double) heads * headDim * hiddenSize;
        }
        if (linear != null) {
            double lin = (double) hiddenSize * linear.projectionWidth() + (double) linear.valueHeads() * linear.valueHeadDim() * hiddenSize;
            attn = (attn * kvLayers() + lin * linear.layers()) / layers;
        }
        return attn;
    }

    /** Parameters one token's forward pass touches (active experts only). */
    public double activeParameters() {
        if (moe == null) return parameters();
        double all = parameters();
        double inactive = moeLayers() * 3.0 * hiddenSize * moe.expertIntermediate() * (moe.experts() - moe.topK());
        return all - inactive;
    }
}
