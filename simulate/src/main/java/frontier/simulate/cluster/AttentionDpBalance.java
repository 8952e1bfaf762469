package frontier.simulate.cluster;

/**
 * TensorRT-LLM's context balancing across attention data-parallel ranks
 * ({@code attention_dp_config.enable_balance}). While every rank has decodes running, new prompts
 * wait until every rank has one to start, so that one step prefills on all ranks instead of one
 * rank prefilling while the others idle in lockstep; a counter of waiting steps gives up after
 * {@code timeoutIters}. Once every rank has a prompt, the engine may still wait
 * {@code batchingWaitIters} steps to gather more.
 *
 * @param timeoutIters      steps a prompt may be held for want of prompts on the other ranks
 * @param batchingWaitIters further steps held once every rank has a prompt
 */
public record AttentionDpBalance(int timeoutIters, int batchingWaitIters) {
    /** TensorRT-LLM's values when balancing is turned on without them. */
    public static final AttentionDpBalance TRTLLM_DEFAULTS = new AttentionDpBalance(50, 10);

    public AttentionDpBalance {
        if (timeoutIters < 0 || batchingWaitIters < 0) {
            throw new IllegalArgumentException("timeout_iters and batching_wait_iters must be zero or positive");
        }
    }
}
