package frontier.simulate.cluster;

/**
 * TensorRT-LLM's batch waiting ({@code batch_wait_timeout_iters}, {@code batch_wait_max_tokens_ratio}):
 * while decodes run, new prompts are held until the waiting prompts and the decodes together fill
 * {@code maxTokensRatio} of the step's token budget, or until they have been held
 * {@code timeoutIters} steps, so that prompts prefill in fuller steps and stall the decodes less
 * often. TensorRT-LLM applies it only without data-parallel attention.
 *
 * @param timeoutIters   steps prompts may be held
 * @param maxTokensRatio share of the token budget that releases them at once
 */
public record BatchWait(int timeoutIters, double maxTokensRatio) {
    public BatchWait {
        if (timeoutIters < 0) throw new IllegalArgumentException("timeout_iters must be zero or positive");
        if (!(maxTokensRatio >= 0 && maxTokensRatio <= 1)) throw new IllegalArgumentException("max_tokens_ratio must be within [0, 1]");
    }
}
