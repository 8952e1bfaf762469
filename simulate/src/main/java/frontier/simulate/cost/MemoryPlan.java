package frontier.simulate.cost;

import java.util.Locale;

import frontier.calibrate.UserInputException;
import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.hardware.HardwareProfile;
import frontier.calibrate.model.ModelConfig;
import frontier.simulate.cluster.ClusterSpec;

/**
 * How many KV blocks one GPU of an instance holds, the way vLLM sizes its cache: the memory the
 * engine may use (capacity × gpu_memory_utilization) minus the weights on this GPU, the
 * activation peak of a full-budget forward pass, and the runtime outside PyTorch (CUDA context,
 * NCCL buffers, CUDA graphs). TensorRT-LLM reads the same setting as its
 * {@code free_gpu_memory_fraction}: the share of the memory left once the weights, activations
 * and runtime are in place that the KV cache takes. The user's num_gpu_blocks overrides it.
 */
public record MemoryPlan(double weightsBytes, double activationBytes, double runtimeBytes, double kvBytesPerToken,
                         int blocks, boolean overridden) {

    private static final double GIB = 1L << 30;

    public static MemoryPlan of(ModelConfig m, ClusterSpec c, Dtype dtype, Dtype kvDtype, HardwareProfile hw) {
        return of(m, c, dtype, kvDtype, hw, "vllm");
    }

    /** As {@link #of(ModelConfig, ClusterSpec, Dtype, Dtype, HardwareProfile)}, sized the way {@code engine} sizes its cache. */
    public static MemoryPlan of(ModelConfig m, ClusterSpec c, Dtype dtype, Dtype kvDtype, HardwareProfile hw, String engine) {
        return of(m, c, dtype, kvDtype, hw, m.parameters(), m.unquantizedParameters(), "trtllm".equals(engine));
    }

    /**
     * @param unquantized of {@code params}, those held in the model's own 16-bit dtype whatever
     *                    {@code dtype} is: embeddings, LM head, routers and the layers the
     *                    checkpoint leaves unquantized
     */
    private static MemoryPlan of(ModelConfig m, ClusterSpec c, Dtype dtype, Dtype kvDtype, HardwareProfile hw, double params,
                                 double unquantized, boolean shareOfFree) {
        var l = c.layout();
        var e = c.engine();
        int tp = l.tp(), pp = l.pp();
        double weights;
        if (m.isMoe() && (l.ep() > 1 || l.dp() > 1)) {
            // experts are spread over every GPU of the instance (expert or tensor parallelism);
            // attention weights are replicated per data-parallel rank
            double experts = 3.0 * m.hiddenSize() * m.moe().expertIntermediate() * m.moe().experts() * m.moeLayers();
            weights = weightBytes(params - experts, unquantized, dtype) / (tp * pp)
                    + experts * dtype.bytesPerElement() / (Math.max(l.ep(), tp * l.dp()) * pp);
        } else {
            weights = weightBytes(params, unquantized, dtype) / (tp * pp);
        }
        int t = e.maxNumBatchedTokens();
        int inter = m.isMoe() ? m.moe().expertIntermediate() * m.moe().topK() : m.intermediateSize();
        double activation = (double) t * (4.0 * m.hiddenSize() + 2.0 * inter / tp + (m.heads() + 2.0 * m.kvHeads()) * m.headDim() / tp) * 2
                + (double) e.maxNumSeqs() * m.vocabSize() / tp * 4;
        if (m.linear() != null) {
            // every running sequence keeps its recurrent state in each linear-attention layer, heads split by tp
            activation += (double) e.maxNumSeqs() * Math.ceil((double) m.linearLayers() / pp) * m.linear().stateBytesPerLayer() / tp;
        }
        double runtime = 1.0 * GIB + (tp * pp > 1 ? 0.4 * GIB : 0) + (e.cudaGraphSizes().length > 0 ? 0.5 * GIB : 0);
        int kvHeadsPerGpu = Math.max(1, (m.kvHeads() + tp - 1) / tp);
        double perLayer = m.isMla() ? m.kvElementsPerTokenPerLayer() : 2.0 * kvHeadsPerGpu * m.headDim();
        double kvPerToken = Math.ceil((double) m.kvLayers() / pp) * perLayer * kvDtype.bytesPerElement();
        double usable = hw.memoryBytes() * e.gpuMemoryUtilization();
        double left = hw.memoryBytes() - weights - activation - runtime;
        double free = shareOfFree ? left * e.gpuMemoryUtilization() : usable - weights - activation - runtime;
        if (e.numGpuBlocks() > 0) {
            return new MemoryPlan(weights, activation, runtime, kvPerToken, e.numGpuBlocks(), true);
        }
        int blocks = (int) Math.min(Integer.MAX_VALUE, Math.floor(free / (kvPerToken * e.blockSize())));
        if (blocks <= 0) {
            double block = kvPerToken * e.blockSize();
            String budget = shareOfFree
                    ? String.format(Locale.ROOT, "of %.1f GiB (the KV cache takes %.2f of what is left)", hw.memoryBytes() / GIB,
                            e.gpuMemoryUtilization())
                    : String.format(Locale.ROOT, "out of %.1f GiB usable (%.2f x %.1f GiB)", usable / GIB, e.gpuMemoryUtilization(),
                            hw.memoryBytes() / GIB);
            double missing = shareOfFree ? Math.max(0, -left) + block / e.gpuMemoryUtilization() : -free + block;
            throw new UserInputException(String.format(Locale.ROOT,
                    "cluster '%s': %s does not fit on %s with tp=%d pp=%d: weights %.1f GiB + activations %.1f GiB + runtime %.1f GiB "
                            + "leave %.1f GiB for the KV cache %s; %.1f GiB missing. "
                            + "Raise tp/pp, use a lower-precision dtype or a GPU with more memory.",
                    c.name(), m.name(), hw.name(), tp, pp, weights / GIB, activation / GIB, runtime / GIB, free / GIB, budget,
                    missing / GIB));
        }
        return new MemoryPlan(weights, activation, runtime, kvPerToken, blocks, false);
    }

    /** Bytes of {@code params} weights, {@code unquantized} of them in 16 bits and the rest in {@code dtype}. */
    private static double weightBytes(double params, double unquantized, Dtype dtype) {
        double wide = Math.max(dtype.bytesPerElement(), Dtype.BF16.bytesPerElement());
        return (params - unquantized) * dtype.bytesPerElement() + unquantized * wide;
    }

    /** Expert (or MLP) parameters: what an FFN cluster holds in attention/FFN disaggregation. */
    static double ffnParameters(ModelConfig m) {
        if (m.isMoe()) {
            var moe = m.moe();
            return 3.0 * m.hiddenSize() * (moe.expertIntermediate() * (double) moe.experts()
                    + moe.sharedIntermediate() * (double) moe.sharedExperts()) * m.moeLayers()
                    + 3.0 * m.hiddenSize() * m.intermediateSize() * m.denseLayers();
        }
        return 3.0 * m.hiddenSize() * m.intermediateSize() * m.layers();
    }

    /** An attention instance of an AF deployment: everything but the FFN weights, plus the KV cache. */
    public static MemoryPlan attention(ModelConfig m, ClusterSpec c, Dtype dtype, Dtype kvDtype, HardwareProfile hw) {
        // the FFN side's unquantized layers (shared experts, dense MLPs) stay with the FFN cluster
        return of(m, withoutExperts(c), dtype, kvDtype, hw, m.parameters() - ffnParameters(m),
                m.unquantizedParameters() - m.unquantizedFfnParameters(), false);
    }

    private static ClusterSpec withoutExperts(ClusterSpec c) {
        var l = c.layout();
        return new ClusterSpec(c.name(), c.role(), new frontier.simulate.cluster.Layout(l.instances(), l.tp(), l.pp(), l.dp(), 1), c.engine());
    }

    /** An FFN cluster of an AF deployment: its instances together hold every expert, or it fails loudly. */
    public static MemoryPlan ffn(ModelConfig m, ClusterSpec c, Dtype dtype, HardwareProfile hw) {
        var l = c.layout();
        int gpus = l.instances() * l.tp() * Math.max(1, l.ep());
        // shared experts and dense MLPs a checkpoint leaves unquantized stay at 16 bits here too
        double perGpu = weightBytes(ffnParameters(m), m.unquantizedFfnParameters(), dtype) / gpus;
        double usable = hw.memoryBytes() * c.engine().gpuMemoryUtilization() - 1.0 * GIB;
        if (perGpu > usable) {
            throw new UserInputException(String.format(Locale.ROOT,
                    "cluster '%s': the FFN cluster cannot hold %s's %s weights: %.1f GiB per GPU over %d GPUs, %.1f GiB usable; "
                            + "%.1f GiB missing. Add FFN instances or GPUs per instance (tp/ep), or use a lower-precision dtype.",
                    c.name(), m.name(), m.isMoe() ? "expert" : "MLP", perGpu / GIB, gpus, usable / GIB, (perGpu - usable) / GIB));
        }
        return new MemoryPlan(perGpu, 0, 1.0 * GIB, 0, 0, false);
    }

    public long tokens(int blockSize) {
        return (long) blocks * blockSize;
    }
}
