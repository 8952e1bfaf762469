package frontier.simulate.cost;

import java.util.List;

import frontier.calibrate.bundle.PredictionCache;
import frontier.calibrate.profile.Family;
import frontier.simulate.schedule.Batch;

/**
 * Attention for a batch's actual sequence lengths. With a mixed-batch model measured for this
 * model's head layout (LLMServingSim profiles), one call prices the whole batch; otherwise each
 * prefill chunk is priced from the prefill model and the decodes together from the decode model
 * at their mean KV length. Continuous lengths are priced at grid nodes and interpolated in log
 * space, so the cache stays small over millions of steps.
 */
final class AttentionPricer {
    private static final Axis TOKENS = new Axis(64, Math.pow(2, 1.0 / 16));
    private static final Axis KV = new Axis(64, Math.pow(2, 1.0 / 24));

    private final StepCostModel cost;
    private final PredictionCache prefill, decode, mixed;
    private final LongDoubleMap memo = new LongDoubleMap();
    private final double[] shape = new double[8];
    private final String[] kvCategory;

    AttentionPricer(StepCostModel cost, OperatorSet ops, String backend) {
        this.cost = cost;
        var format = OperatorSet.kvFormat(cost.kvDtype());
        this.kvCategory = new String[] {format.label()};
        PredictionCache mix = ops.bind(Family.ATTENTION_MIXED, List.of(format), "auto", "attention (mixed)");
        boolean mixedFits = mix != null && StepCostModel.fits(mix,
                new double[] {16, 0, 1, 16, cost.heads(), cost.kvHeads(), cost.headDim()});
        if (mixedFits && "auto".equals(backend)) {
            mixed = mix;
            prefill = decode = null;
        } else {
            mixed = null;
            prefill = ops.bind(Family.ATTENTION_PREFILL, List.of(format), backend, "attention prefill");
            decode = ops.bind(Family.ATTENTION_DECODE, List.of(format), backend, "attention decode");
        }
    }

    /** µs of one layer's attention over the batch; window 0 = full attention. */
    double price(Batch b, int window) {
        if (mixed != null) return mixed(b);
        double us = 0;
        for (int i = 0; i < b.prefillCount; i++) us += prefillChunk(b.prefillTokens[i], b.prefillContext[i], window);
        if (b.decodeCount > 0) us += decodeBatch(b.decodeCount, (double) b.decodeKvSum / b.decodeCount, window);
        return us;
    }

    private double prefillChunk(int q, int context, int window) {
        int qn = TOKENS.lower(q), cn = KV.lower(context + 1.0);
        double wq = TOKENS.weight(q, qn), wc = KV.weight(context + 1.0, cn);
        double v00 = prefillNode(qn, cn, window), v01 = prefillNode(qn, cn + 1, window);
        double v10 = prefillNode(qn + 1, cn, window), v11 = prefillNode(qn + 1, cn + 1, window);
        return bilinear(v00, v01, v10, v11, wq, wc);
    }

    private double prefillNode(int qNode, int ctxNode, int window) {
        long key = (1L << 62) | ((long) qNode << 40) | ((long) ctxNode << 20) | (window & 0xFFFFF);
        double v = memo.get(key);
        if (Double.isNaN(v)) {
            double q = Math.round(TOKENS.value(qNode));
            double kv = q + Math.round(KV.value(ctxNode)) - 1;
            shape[0] = 1;
            shape[1] = q;
            shape[2] = kv;
            shape[3] = kv;
            shape[4] = cost.heads();
            shape[5] = cost.kvHeads();
            shape[6] = cost.headDim();
            shape[7] = window;
            v = cost.price(prefill, Family.ATTENTION_PREFILL, java.util.Arrays.copyOf(shape, 8), kvCategory);
            memo.put(key, v);
        }
        return cost.count(v);
    }

    private double decodeBatch(int n, double meanKv, int window) {
        int kn = KV.lower(meanKv);
        double w = KV.weight(meanKv, kn);
        double a = decodeNode(n, kn, window), b = decodeNode(n, kn + 1, window);
        return Math.exp(Math.log(a) + w * (Math.log(b) - Math.log(a)));
    }

    private double decodeNode(int n, int kvNode, int window) {
        long key = (2L << 60) | ((long) n << 36) | ((long) kvNode << 20) | (window & 0xFFFFF);
        double v = memo.get(key);
        if (Double.isNaN(v)) {
            double kv = Math.round(KV.value(kvNode));
            double[] s = {n, kv, kv, cost.heads(), cost.kvHeads(), cost.headDim(), window};
            v = cost.price(decode, Family.ATTENTION_DECODE, s, kvCategory);
            memo.put(key, v);
        }
        return cost.count(v);
    }

    private double mixed(Batch b) {
        int pt = b.prefillTokenSum;
        long ctx = 0;
        for (int i = 0; i < b.prefillCount; i++) ctx += b.prefillContext[i];
        int nd = b.decodeCount;
        double dkv = nd == 0 ? 0 : (double) b.decodeKvSum / nd;
        if (pt == 0) return mixedLine(-1, -1, nd, dkv);
        int pn = TOKENS.lower(pt), cn = KV.lower(ctx + 1.0);
        double wp = TOKENS.weight(pt, pn), wc = KV.weight(ctx + 1.0, cn);
        double v00 = mixedLine(pn, cn, nd, dkv), v01 = mixedLine(pn, cn + 1, nd, dkv);
        double v10 = mixedLine(pn + 1, cn, nd, dkv), v11 = mixedLine(pn + 1, cn + 1, nd, dkv);
        return bilinear(v00, v01, v10, v11, wp, wc);
    }

    /** Interpolates over the decode KV length at a fixed prefill node (-1 = no prefill). */
    private double mixedLine(int pNode, int cNode, int nd, double dkv) {
        if (nd == 0) return mixedNode(pNode, cNode, 0, 0);
        int kn = KV.lower(Math.max(1, dkv));
        double w = KV.weight(Math.max(1, dkv), kn);
        double a = mixedNode(pNode, cNode, nd, kn), b = mixedNode(pNode, cNode, nd, kn + 1);
        return Math.exp(Math.log(a) + w * (Math.log(b) - Math.log(a)));
    }

    private double mixedNode(int pNode, int cNode, int nd, int kvNode) {
        // fields: prefill node + 1 (16 bits), context node + 1 (14), decode count (18), KV node (12)
        long key = (3L << 60) | ((long) (pNode + 1) << 44) | ((long) (cNode + 1) << 30) | ((long) nd << 12) | kvNode;
        double v = memo.get(key);
        if (Double.isNaN(v)) {
            double pt = pNode < 0 ? 0 : Math.round(TOKENS.value(pNode));
            double ctx = cNode < 0 ? 0 : Math.round(KV.value(cNode)) - 1;
            double kv = nd == 0 ? 0 : Math.round(KV.value(kvNode));
            double[] s = {pt, ctx, nd, kv, cost.heads(), cost.kvHeads(), cost.headDim()};
            v = cost.price(mixed, Family.ATTENTION_MIXED, s, kvCategory);
            memo.put(key, v);
        }
        return cost.count(v);
    }

    private static double bilinear(double v00, double v01, double v10, double v11, double wa, double wb) {
        double l0 = Math.log(v00) + wb * (Math.log(v01) - Math.log(v00));
        double l1 = Math.log(v10) + wb * (Math.log(v11) - Math.log(v10));
        return Math.exp(l0 + wa * (l1 - l0));
    }
}
