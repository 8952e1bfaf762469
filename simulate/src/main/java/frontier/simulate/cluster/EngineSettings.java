package frontier.simulate.cluster;

import frontier.calibrate.bundle.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * Engine knobs, named and defaulted as in vLLM v1.
 *
 * @param maxNumSeqs           most requests in one step's batch
 * @param maxNumBatchedTokens  token budget of one step
 * @param chunkedPrefill       split long prompts across steps (running decodes go first)
 * @param blockSize            tokens per KV-cache block
 * @param gpuMemoryUtilization share of GPU memory the engine may use
 * @param numGpuBlocks         KV blocks per GPU given by the user; 0 = derive from memory
 * @param prefixCaching        reuse KV blocks of shared prompt prefixes (needs prefix hashes in the workload)
 * @param cudaGraphSizes       decode batch sizes captured as CUDA graphs; decode-only batches pad up to the next
 * @param maxModelLen          longest request (prompt + output); 0 = the model's maximum
 * @param watermark            share of KV blocks kept free when admitting a new request
 * @param stepOverheadUs       CPU time per step outside the GPU (scheduling, input preparation, sampling)
 * @param twoBatchOverlap      split each step into two micro-batches whose expert-parallel all-to-all overlaps
 *                             the other's compute (SGLang's two-batch overlap, DeepEP-style)
 * @param microBatches         micro-batches an attention instance of an AF-disaggregated deployment ping-pongs
 *                             with the FFN cluster
 * @param asyncScheduling      the next step is scheduled while this one runs (vLLM's async scheduling, SGLang's
 *                             and TensorRT-LLM's overlap schedulers): a request that arrives during a step joins
 *                             the step after next at the earliest, and the slots and KV blocks a step frees are
 *                             handed out one step later
 * @param mixedBatches         a step carries prompt chunks and decodes together (vLLM, TensorRT-LLM); without it a
 *                             step either prefills or decodes, prefill first (SGLang unless --enable-mixed-chunk)
 * @param dpBalance            TensorRT-LLM's context balancing across attention data-parallel ranks; null = off
 * @param batchWait            TensorRT-LLM's batch waiting for prompts (without data-parallel attention); null = off
 * @param newTokenReserve      SGLang's admission reserve for the output still to come; null = admit on current tokens
 * @param eagerHostUsPerOp     host (CPU) time to launch one operator of a step that does not run as a CUDA graph
 *                             (on SGLang and TensorRT-LLM a step with prompt work, on vLLM one beyond its largest
 *                             captured size; every step with enforce_eager): such a step lasts at least the
 *                             operators it launches ({@link frontier.simulate.cost.EagerLaunches}) x this while the
 *                             GPU waits for them; 0 = steps are bound by their kernels
 * @param customAllReduce      tensor-parallel all-reduces use the engine's own kernel where the tables time one
 *                             (vLLM's and SGLang's custom all-reduce, TensorRT-LLM's); false = NCCL's
 *                             (vLLM's {@code disable_custom_all_reduce})
 */
public record EngineSettings(int maxNumSeqs, int maxNumBatchedTokens, boolean chunkedPrefill, int blockSize,
                             double gpuMemoryUtilization, int numGpuBlocks, boolean prefixCaching, int[] cudaGraphSizes,
                             int maxModelLen, double watermark, double stepOverheadUs, boolean twoBatchOverlap,
                             int microBatches, boolean asyncScheduling, boolean mixedBatches, AttentionDpBalance dpBalance,
                             BatchWait batchWait, NewTokenReserve newTokenReserve, double eagerHostUsPerOp,
                             boolean customAllReduce) {

    /** Settings with the engine's own all-reduce. */
    public EngineSettings(int maxNumSeqs, int maxNumBatchedTokens, boolean chunkedPrefill, int blockSize,
                          double gpuMemoryUtilization, int numGpuBlocks, boolean prefixCaching, int[] cudaGraphSizes,
                          int maxModelLen, double watermark, double stepOverheadUs, boolean twoBatchOverlap,
                          int microBatches, boolean asyncScheduling, boolean mixedBatches, AttentionDpBalance dpBalance,
                          BatchWait batchWait, NewTokenReserve newTokenReserve, double eagerHostUsPerOp) {
        this(maxNumSeqs, maxNumBatchedTokens, chunkedPrefill, blockSize, gpuMemoryUtilization, numGpuBlocks, prefixCaching,
                cudaGraphSizes, maxModelLen, watermark, stepOverheadUs, twoBatchOverlap, microBatches, asyncScheduling,
                mixedBatches, dpBalance, batchWait, newTokenReserve, eagerHostUsPerOp, true);
    }

    /** Settings whose eager steps are bound by their kernels alone. */
    public EngineSettings(int maxNumSeqs, int maxNumBatchedTokens, boolean chunkedPrefill, int blockSize,
                          double gpuMemoryUtilization, int numGpuBlocks, boolean prefixCaching, int[] cudaGraphSizes,
                          int maxModelLen, double watermark, double stepOverheadUs, boolean twoBatchOverlap,
                          int microBatches, boolean asyncScheduling, boolean mixedBatches, AttentionDpBalance dpBalance,
                          BatchWait batchWait, NewTokenReserve newTokenReserve) {
        this(maxNumSeqs, maxNumBatchedTokens, chunkedPrefill, blockSize, gpuMemoryUtilization, numGpuBlocks, prefixCaching,
                cudaGraphSizes, maxModelLen, watermark, stepOverheadUs, twoBatchOverlap, microBatches, asyncScheduling,
                mixedBatches, dpBalance, batchWait, newTokenReserve, 0);
    }

    /** Settings without the engines' prompt gating (TensorRT-LLM's context balancing and batch waiting, SGLang's reserve). */
    public EngineSettings(int maxNumSeqs, int maxNumBatchedTokens, boolean chunkedPrefill, int blockSize,
                          double gpuMemoryUtilization, int numGpuBlocks, boolean prefixCaching, int[] cudaGraphSizes,
                          int maxModelLen, double watermark, double stepOverheadUs, boolean twoBatchOverlap,
                          int microBatches, boolean asyncScheduling, boolean mixedBatches) {
        this(maxNumSeqs, maxNumBatchedTokens, chunkedPrefill, blockSize, gpuMemoryUtilization, numGpuBlocks, prefixCaching,
                cudaGraphSizes, maxModelLen, watermark, stepOverheadUs, twoBatchOverlap, microBatches, asyncScheduling,
                mixedBatches, null, null, null);
    }

    /** vLLM v1's capture list: 1, 2, 4, then every 8 up to 512. */
    public static int[] defaultCaptureSizes() {
        int[] sizes = new int[3 + 64];
        sizes[0] = 1;
        sizes[1] = 2;
        sizes[2] = 4;
        for (int i = 0; i < 64; i++) sizes[3 + i] = 8 * (i + 1);
        return sizes;
    }

    public static EngineSettings vllmDefaults() {
        return new EngineSettings(256, 8192, true, 16, 0.9, 0, true, defaultCaptureSizes(), 0, 0.01, 0, false, 1, false, true);
    }

    /**
     * Whether an engine schedules a step ahead unless told otherwise: vLLM from 0.14 (its default
     * since then, except with pipeline parallelism), SGLang (the overlap scheduler has been its
     * default since 0.4), TensorRT-LLM's PyTorch runtime except on context-only (prefill) servers,
     * whose disaggregated configurations turn the overlap scheduler off.
     */
    public static boolean asyncByDefault(String engine, String version, Role role, int pp) {
        return switch (engine) {
            case "vllm" -> pp == 1 && (version.isEmpty() || frontier.calibrate.bundle.VersionDistance.compare(version, "0.14.0") >= 0);
            case "sglang" -> true;
            case "trtllm" -> role != Role.PREFILL;
            default -> false;
        };
    }

    public EngineSettings withAsyncScheduling(boolean on) {
        return new EngineSettings(maxNumSeqs, maxNumBatchedTokens, chunkedPrefill, blockSize, gpuMemoryUtilization, numGpuBlocks,
                prefixCaching, cudaGraphSizes, maxModelLen, watermark, stepOverheadUs, twoBatchOverlap, microBatches, on, mixedBatches,
                dpBalance, batchWait, newTokenReserve, eagerHostUsPerOp, customAllReduce);
    }

    /** The settings as outputs report them (summary.json of simulate and of validate bench). */
    public ObjectNode describe() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("max_num_seqs", maxNumSeqs);
        o.put("max_num_batched_tokens", maxNumBatchedTokens);
        o.put("chunked_prefill", chunkedPrefill);
        o.put("async_scheduling", asyncScheduling);
        o.put("block_size", blockSize);
        o.put("gpu_memory_utilization", gpuMemoryUtilization);
        o.put("enable_prefix_caching", prefixCaching);
        o.put("max_model_len", maxModelLen);
        o.put("cuda_graph_max_batch", cudaGraphSizes.length == 0 ? 0 : cudaGraphSizes[cudaGraphSizes.length - 1]);
        o.put("mixed_prefill_decode", mixedBatches);
        o.put("two_batch_overlap", twoBatchOverlap);
        o.put("micro_batches", microBatches);
        if (dpBalance != null) {
            o.putObject("attention_dp_balance").put("timeout_iters", dpBalance.timeoutIters())
                    .put("batching_wait_iters", dpBalance.batchingWaitIters());
        }
        if (newTokenReserve != null) {
            o.putObject("new_token_reserve").put("init_ratio", newTokenReserve.initRatio()).put("min_ratio", newTokenReserve.minRatio())
                    .put("decay_steps", newTokenReserve.decaySteps()).put("clip_tokens", newTokenReserve.clipTokens());
        }
        if (eagerHostUsPerOp > 0) o.put("eager_host_us_per_op", eagerHostUsPerOp);
        if (!customAllReduce) o.put("custom_all_reduce", false);
        if (batchWait != null) {
            o.putObject("batch_wait").put("timeout_iters", batchWait.timeoutIters())
                    .put("max_tokens_ratio", batchWait.maxTokensRatio());
        }
        return o;
    }

    /** The smallest captured size that holds n sequences, or n itself when none does (eager). */
    public int paddedDecodeBatch(int n) {
        for (int s : cudaGraphSizes) if (s >= n) return s;
        return n;
    }
}
