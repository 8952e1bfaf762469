package frontier.simulate.cost;

import java.util.function.IntToDoubleFunction;

/**
 * An operator's latency as a function of token count, filled on first use: the GEMMs, norms and
 * collectives of a layer depend on the step's token count alone, so after warm-up each lookup
 * is one array read.
 */
final class TokenCurve {
    private final double[] memo;
    private final IntToDoubleFunction price;

    /** @param price returns the latency in µs, negative when the roofline fallback answered */
    TokenCurve(int maxTokens, IntToDoubleFunction price) {
        this.memo = new double[maxTokens + 1];
        this.price = price;
    }

    /** Encoded latency (see {@link Priced}); 0 tokens cost nothing. */
    double at(int tokens) {
        if (tokens <= 0) return 0;
        if (tokens >= memo.length) return price.applyAsDouble(tokens);
        double v = memo[tokens];
        if (v == 0) {
            v = price.applyAsDouble(tokens);
            memo[tokens] = v;
        }
        return v;
    }
}
