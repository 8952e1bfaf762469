package frontier.simulate.cost;

import java.util.List;

import frontier.calibrate.bundle.PredictionCache;
import frontier.calibrate.profile.Family;
import frontier.simulate.schedule.Batch;

/**
 * Attention for a batch's actual sequence lengths. With a mixed-batch model measured for this
 * model's head layout (LLMServingSim profiles), one call prices the whole batch while the batch
 * lies inside what it was measured on; otherwise each prefill chunk is priced from the prefill
 * model and the decodes together from the decode model at their mean KV length.
 *
 * <p>Lengths and counts are priced at grid nodes (exact for small values, geometric above) and
 * interpolated multilinearly in log space: attention cost is close to a power law in each of
 * them, and a few thousand cached predictions then serve millions of steps.
 *
 * <p>Decodes of uneven lengths take longer than an even batch of the same mean: the longest
 * finish last. Where the mixed-batch profiles also measured such batches for this model's head
 * layout ({@link Family#ATTENTION_SKEW}, fitted as uneven over even time), a mixed-batch price is
 * scaled by that ratio at the batch's longest decode ({@link #skew}), on a coarse grid of its own
 * so the fine grids keep four dimensions. Those profiles ran eagerly, as the mixed-batch ones did;
 * a decode batch replayed as a CUDA graph is priced from the decode tables, which measured even
 * batches only, and keeps its mean-length price.
 */
final class AttentionPricer {
    private static final Axis TOKENS = new Axis(64, Math.pow(2, 1.0 / 12));
    private static final Axis KV = new Axis(64, Math.pow(2, 1.0 / 12));
    private static final Axis SEQS = new Axis(16, Math.pow(2, 1.0 / 8));
    /**
     * Coarse nodes of the uneven-decode ratio, which moves by a few percent across a doubling:
     * prefill tokens, decodes, mean length and spread (longest over mean) at powers of 2.
     */
    private static final double LOG_SKEW_STEP = Math.log(2);
    private static final int EVEN_US = Family.ATTENTION_SKEW.shapeIndex("even_us");
    private static final int PREFILL = 1, DECODE = 2, MIXED = 3, SKEW = 4;

    private final StepCostModel cost;
    private final PredictionCache prefill, decode, mixed;
    /** Uneven over even decode time; null without skew profiles for this head layout. */
    private final PredictionCache skewed;
    /**
     * The even-batch time the skew shapes carry. The models' features leave it out, so any value
     * inside the measured range gives the same ratio: the range's geometric middle.
     */
    private final double skewReference;
    /** Multi-head latent attention: the MLA tables price the kernels (or whole modules). */
    private final boolean mla;
    private final String[] mlaCategories;
    private final LongDoubleMap memo = new LongDoubleMap();
    private final String[] kvCategory;
    private final int slidingWindow;
    /** Set when a mixed-model lookup of the current batch fell outside its calibrated range. */
    private boolean mixedOutside;
    private final double[] x = new double[4];
    private final Axis[] axes = new Axis[4];
    private final int[] base = new int[4];
    private final int[] node = new int[4];
    private final double[] w = new double[4];
    /** Heads, KV heads and head size as the prefill and decode tables are asked for them (see {@link #fold}). */
    private final int[] prefillHeads, decodeHeads;

    AttentionPricer(StepCostModel cost, OperatorSet ops, String backend, int slidingWindow) {
        this.cost = cost;
        this.slidingWindow = slidingWindow;
        var format = OperatorSet.kvFormat(cost.kvDtype());
        this.kvCategory = new String[] {format.label()};
        this.mla = cost.isMla();
        if (mla) {
            mixed = null;
            prefill = ops.bind(Family.MLA_PREFILL, List.of(cost.dtype(), format), backend, "mla prefill");
            decode = ops.bind(Family.MLA_DECODE, List.of(cost.dtype(), format), backend, "mla decode");
            mlaCategories = prefill != null ? prefill.categories() : decode != null ? decode.categories()
                    : new String[] {cost.dtype().label(), format.label()};
            prefillHeads = decodeHeads = null;
            skewed = null;
            skewReference = 0;
            return;
        }
        mlaCategories = null;
        PredictionCache mix = ops.bind(Family.ATTENTION_MIXED, List.of(format), "auto", "attention (mixed)");
        boolean mixedFits = mix != null && StepCostModel.fits(mix,
                new double[] {16, 0, 1, 16, cost.heads(), cost.kvHeads(), cost.headDim()});
        mixed = mixedFits && "auto".equals(backend) ? mix : null;
        PredictionCache skew = mixed == null || ops.candidates(Family.ATTENTION_SKEW).isEmpty() ? null
                : ops.bind(Family.ATTENTION_SKEW, List.of(format), "auto", "attention skew");
        skewReference = skew == null ? 0
                : Math.sqrt(Math.max(1e-3, skew.model().lowerBound(EVEN_US)) * Math.max(1e-3, skew.model().upperBound(EVEN_US)));
        skewed = skew != null && StepCostModel.fits(skew, skewShape(0, 2, 256, 256)) ? skew : null;
        prefill = ops.bind(Family.ATTENTION_PREFILL, List.of(format), backend, "attention prefill");
        decode = ops.bind(Family.ATTENTION_DECODE, List.of(format), backend, "attention decode");
        prefillHeads = fold(prefill, 6, cost.heads(), cost.kvHeads(), cost.headDim());
        decodeHeads = fold(decode, 5, cost.heads(), cost.kvHeads(), cost.headDim());
    }

    /**
     * Heads larger than any the table timed (Qwen3.5's 256) are priced as twice (or f times) as
     * many heads of half (1/f) the size, which do the same multiply-adds and read the same KV
     * bytes, where the table measured that size; other layouts as they are.
     */
    static int[] fold(PredictionCache table, int headDimAt, int heads, int kvHeads, int headDim) {
        if (table == null) return new int[] {heads, kvHeads, headDim};
        double largest = table.model().upperBound(headDimAt);
        for (int f = 2; largest >= 1 && headDim > largest && headDim % f == 0; f *= 2) {
            if (headDim / f <= largest) return new int[] {heads * f, kvHeads * f, headDim / f};
        }
        return new int[] {heads, kvHeads, headDim};
    }

    /**
     * µs of one layer's attention over the batch; {@code sliding} selects the model's sliding
     * window (mixed-batch profiles have none, so those layers use the split models).
     */
    double price(Batch b, boolean sliding) {
        // a decode batch replays as a CUDA graph: kernel tables time it as such, while mixed-batch
        // layer profiles were taken eagerly, launch overheads included
        boolean graph = b.paddedDecode > 0 && decode != null;
        if (mixed != null && !sliding && !graph) {
            mixedOutside = false;
            double us = mixed(b);
            if (!mixedOutside || (prefill == null && decode == null)) return us * skew(b, b.prefillTokenSum);
        }
        double us = 0;
        for (int i = 0; i < b.prefillCount; i++) {
            x[0] = b.prefillTokens[i];
            x[1] = b.prefillContext[i] + 1.0;
            axes[0] = TOKENS;
            axes[1] = KV;
            us += interpolate(PREFILL, sliding, 2);
        }
        if (b.decodeCount > 0) {
            x[0] = b.decodeCount;
            x[1] = (double) b.decodeKvSum / b.decodeCount;
            axes[0] = SEQS;
            axes[1] = KV;
            us += interpolate(DECODE, sliding, 2);
        }
        return us;
    }

    /**
     * How much longer the batch's attention call takes than with its decodes all at their mean
     * length, {@code prefillTokens} beside them (1 for an even batch, or without skew profiles).
     * The prefill's cached context is left out of this ratio's grid: it only dilutes the ratio.
     * Every axis is geometric from 1, so a position is one logarithm; the memo holds log ratios.
     */
    private double skew(Batch b, int prefillTokens) {
        if (skewed == null || b.decodeCount == 0) return 1;
        double mean = (double) b.decodeKvSum / b.decodeCount;
        if (b.decodeKvMax <= mean) return 1;
        position(0, prefillTokens);
        position(1, b.decodeCount);
        position(2, mean);
        position(3, b.decodeKvMax / mean);
        double logSum = 0;
        for (int corner = 0; corner < 16; corner++) {
            double weight = corner(corner, 4);
            if (weight != 0) logSum += weight * logSkewAt();
        }
        return Math.exp(logSum);
    }

    /** Node (1 + whole doublings above 1) and weight toward the next of x; node 0 for x = 0. */
    private void position(int d, double x) {
        if (x <= 0) {
            base[d] = 0;
            w[d] = 0;
            return;
        }
        double t = Math.max(0, Math.log(x) / LOG_SKEW_STEP);
        double whole = Math.floor(t);
        base[d] = 1 + (int) whole;
        w[d] = t - whole;
    }

    /** Memo key of the skew node at node[0..2] and {@code spreadNode}. */
    private long skewKey(int spreadNode) {
        return ((long) SKEW << 61) | (long) (node[0] & 0x7FFF) | (long) (node[1] & 0x7FFF) << 15
                | (long) (node[2] & 0x7FFF) << 30 | (long) (spreadNode & 0x7FFF) << 45;
    }

    private double logSkewAt() {
        long key = skewKey(node[3]);
        double v = memo.get(key);
        if (Double.isNaN(v)) {
            v = Math.log(skewNode());
            memo.put(key, v);
        }
        return v;
    }

    private double mixed(Batch b) {
        long ctx = 0;
        for (int i = 0; i < b.prefillCount; i++) ctx += b.prefillContext[i];
        // absent parts (no prefill, no decodes) are a fixed node 0, not interpolated
        x[0] = b.prefillTokenSum;
        x[1] = b.prefillTokenSum == 0 ? 0 : ctx + 1.0;
        x[2] = b.decodeCount;
        x[3] = b.decodeCount == 0 ? 0 : (double) b.decodeKvSum / b.decodeCount;
        axes[0] = TOKENS;
        axes[1] = KV;
        axes[2] = SEQS;
        axes[3] = KV;
        return interpolate(MIXED, false, 4);
    }

    /** Whether the MLA tables time whole modules (projections included) rather than kernels. */
    boolean mlaModule() {
        PredictionCache c = prefill != null ? prefill : decode;
        return mla && c != null && c.kernel() != null && c.kernel().endsWith(":module");
    }

    /** Multilinear interpolation of log latency over the grid cell around x[0..dims). */
    private double interpolate(int kind, boolean sliding, int dims) {
        for (int d = 0; d < dims; d++) {
            if (x[d] <= 0) {
                base[d] = 0;
                w[d] = 0;
            } else {
                base[d] = axes[d].lower(x[d]);
                w[d] = axes[d].weight(x[d], base[d]);
            }
        }
        double logSum = 0;
        for (int corner = 0; corner < (1 << dims); corner++) {
            double weight = corner(corner, dims);
            if (weight == 0) continue;
            logSum += weight * Math.log(nodePrice(kind, sliding, dims));
        }
        return Math.exp(logSum);
    }

    /**
     * Sets node[] to one corner of the cell at base[] (bit d of {@code corner}: the upper node
     * in dimension d) and returns its multilinear weight; 0 for an upper node of weight 0.
     */
    private double corner(int corner, int dims) {
        double weight = 1;
        for (int d = 0; d < dims; d++) {
            boolean up = (corner >> d & 1) == 1;
            if (up && w[d] == 0) return 0;
            node[d] = base[d] + (up ? 1 : 0);
            weight *= up ? w[d] : 1 - w[d];
        }
        return weight;
    }

    private double nodePrice(int kind, boolean sliding, int dims) {
        long key = ((long) kind << 61) | (sliding ? 1L << 60 : 0);
        for (int d = 0; d < dims; d++) key |= (long) (node[d] & 0x7FFF) << (15 * d);
        double v = memo.get(key);
        if (Double.isNaN(v)) {
            v = switch (kind) {
                case PREFILL -> prefillNode(sliding);
                case DECODE -> decodeNode(sliding);
                default -> mixedNode();
            };
            memo.put(key, v);
        }
        if (kind == MIXED && Priced.fallback(v) && !Priced.isUnmodelled(v)) {
            mixedOutside = true;
            return Priced.us(v);
        }
        return cost.count(v);
    }

    private double prefillNode(boolean sliding) {
        double q = Math.round(TOKENS.value(node[0]));
        double kv = q + Math.round(KV.value(node[1])) - 1;
        // a chunk shorter than any prompt the table timed (the tail a token budget leaves) costs
        // what the shortest one does: that small, the kernel is all launch and KV reads
        if (prefill != null && q < prefill.model().lowerBound(1)) {
            kv += prefill.model().lowerBound(1) - q;
            q = prefill.model().lowerBound(1);
        }
        if (mla) return cost.price(prefill, Family.MLA_PREFILL, new double[] {1, q, kv, cost.heads()}, mlaCategories);
        return cost.price(prefill, Family.ATTENTION_PREFILL,
                new double[] {1, q, kv, kv, prefillHeads[0], prefillHeads[1], prefillHeads[2], sliding ? slidingWindow : 0}, kvCategory);
    }

    private double decodeNode(boolean sliding) {
        double n = Math.round(SEQS.value(node[0]));
        double kv = Math.round(KV.value(node[1]));
        if (mla) return cost.price(decode, Family.MLA_DECODE, new double[] {n, kv, cost.heads()}, mlaCategories);
        return cost.price(decode, Family.ATTENTION_DECODE,
                new double[] {n, kv, kv, decodeHeads[0], decodeHeads[1], decodeHeads[2], sliding ? slidingWindow : 0}, kvCategory);
    }

    private double mixedNode() {
        double pt = node[0] == 0 ? 0 : Math.round(TOKENS.value(node[0]));
        double ctx = node[1] == 0 ? 0 : Math.round(KV.value(node[1])) - 1;
        double nd = node[2] == 0 ? 0 : Math.round(SEQS.value(node[2]));
        double kv = node[3] == 0 ? 0 : Math.round(KV.value(node[3]));
        return cost.price(mixed, Family.ATTENTION_MIXED, new double[] {pt, ctx, nd, kv, cost.heads(), cost.kvHeads(), cost.headDim()},
                kvCategory);
    }

    /** Node 1 + k of a skew axis: the value k doublings above 1. */
    private static double skewValue(int node) {
        return Math.exp((node - 1) * LOG_SKEW_STEP);
    }

    /**
     * The uneven-decode ratio at a node, relative to the model's own even batch (spread node 1,
     * ratio 1); 1 where the batch lies outside what the profiles measured. The even batch's
     * prediction serves every spread node above it, memoized as spread node 0 (-1: outside).
     */
    private double skewNode() {
        if (node[3] == 1) return 1;
        double pt = node[0] == 0 ? 0 : Math.round(skewValue(node[0]));
        double nd = Math.round(skewValue(node[1]));
        double kv = Math.round(skewValue(node[2]));
        double longest = Math.round(kv * skewValue(node[3]));
        double uneven = skewed.latencyUs(skewShape(pt, nd, kv, longest));
        if (skewed.lastWasFallback()) return 1;
        long evenKey = skewKey(0);
        double even = memo.get(evenKey);
        if (Double.isNaN(even)) {
            even = skewed.latencyUs(skewShape(pt, nd, kv, kv));
            if (skewed.lastWasFallback()) even = -1;
            memo.put(evenKey, even);
        }
        return even < 0 ? 1 : uneven / even;
    }

    /** A skew-table shape: prefill tokens (no cached context), decodes, their mean and longest cached length. */
    private double[] skewShape(double pt, double nd, double kv, double longest) {
        return new double[] {pt, 0, nd, kv, longest, skewReference, cost.heads(), cost.kvHeads(), cost.headDim()};
    }
}
