package frontier.simulate.cluster;

/**
 * SGLang's admission reserve: a new request starts only if the free KV cache, less what the
 * running requests are expected to still write, holds its prompt and its own expected output.
 * A running request is expected to write {@code ratio} of its remaining output (at most
 * {@code clipTokens}); a new one is held to its whole output up to {@code clipTokens}. The ratio
 * starts at {@code initRatio}, falls by an equal step each decode step to {@code minRatio} over
 * {@code decaySteps} steps, and goes back to {@code initRatio} when a running request must give
 * its cache back. Requests then wait before their first token rather than being preempted after it.
 */
public record NewTokenReserve(double initRatio, double minRatio, int decaySteps, int clipTokens) {
    /** SGLang's defaults (init_new_token_ratio 0.7, min 0.1 at schedule_conservativeness 1, 600 decay steps, 4,096-token clip). */
    public static final NewTokenReserve SGLANG_DEFAULTS = new NewTokenReserve(0.7, 0.1, 600, 4096);
    /**
     * TensorRT-LLM's default capacity scheduler ({@code GUARANTEED_NO_EVICT}): a request starts
     * only if the cache holds its prompt and its whole output beside every running request's
     * whole remaining output, so nothing it admits is ever evicted. The reserve at ratio 1, unclipped.
     */
    public static final NewTokenReserve TRTLLM_GUARANTEED_NO_EVICT = new NewTokenReserve(1, 1, 1, Integer.MAX_VALUE);

    public NewTokenReserve {
        if (!(minRatio >= 0 && minRatio <= initRatio && initRatio <= 1)) {
            throw new IllegalArgumentException("ratios must satisfy 0 <= min_ratio <= init_ratio <= 1");
        }
        if (decaySteps < 1 || clipTokens < 1) throw new IllegalArgumentException("decay_steps and clip_tokens must be positive");
    }

    /** How much the ratio falls per decode step. */
    public double decay() { return (initRatio - minRatio) / decaySteps; }
}
