package frontier.simulate.cost;

import java.util.function.IntToDoubleFunction;

/**
 * An operator's latency as a function of token count, filled on first use: the GEMMs, norms and
 * collectives of a layer depend on the step's token count alone, so after warm-up each lookup
 * is one array read.
 */
final class TokenCurve {
    /** Counts an interpolated curve still prices as they are. */
    private static final int EXACT_UP_TO = 64;
    /** Grid of an interpolated curve: every count up to 64, then 12 nodes per doubling (6% apart). */
    private static final Axis GRID = new Axis(EXACT_UP_TO, Math.pow(2, 1.0 / 12));

    private final double[] memo;
    private final IntToDoubleFunction price;
    private final boolean interpolated;

    /** @param price returns the latency in µs, negative when the roofline fallback answered */
    TokenCurve(int maxTokens, IntToDoubleFunction price) {
        this(maxTokens, price, false);
    }

    private TokenCurve(int maxTokens, IntToDoubleFunction price, boolean interpolated) {
        this.memo = new double[maxTokens + 1];
        this.price = price;
        this.interpolated = interpolated;
    }

    /**
     * A curve priced at the grid's nodes and interpolated between them in log space. For an
     * operator whose cost grows smoothly with its token count (the norms, rotary embedding and
     * activations between the GEMMs), two nodes 6% apart bound every count between them, and a
     * step's thousands of distinct counts cost a few hundred predictions. Counts next to a node
     * the model does not cover are priced as they are.
     */
    static TokenCurve interpolated(int maxTokens, IntToDoubleFunction price) {
        return new TokenCurve(maxTokens, price, true);
    }

    /** Encoded latency (see {@link Priced}); 0 tokens cost nothing. */
    double at(int tokens) {
        if (tokens <= 0) return 0;
        if (tokens >= memo.length) return price.applyAsDouble(tokens);
        if (!interpolated || tokens <= EXACT_UP_TO) return exact(tokens);
        double v = memo[tokens];
        if (v == 0) {
            v = between(tokens);
            memo[tokens] = v;
        }
        return v;
    }

    private double between(int tokens) {
        int a = GRID.lower(tokens);
        while (a > EXACT_UP_TO && node(a) > tokens) a--;
        while (node(a + 1) <= tokens) a++;
        int lo = node(a), hi = node(a + 1);
        if (lo == tokens) return exact(lo);
        if (hi >= memo.length) return price.applyAsDouble(tokens);
        double va = exact(lo), vb = exact(hi);
        if (Priced.fallback(va) || Priced.fallback(vb)) return price.applyAsDouble(tokens);
        double w = (Math.log(tokens) - Math.log(lo)) / (Math.log(hi) - Math.log(lo));
        return Math.exp(Math.log(va) + w * (Math.log(vb) - Math.log(va)));
    }

    private static int node(int i) {
        return (int) Math.round(GRID.value(i));
    }

    /** The priced value at a count, kept in the memo. */
    private double exact(int tokens) {
        double v = memo[tokens];
        if (v == 0) {
            v = price.applyAsDouble(tokens);
            memo[tokens] = v;
        }
        return v;
    }
}
