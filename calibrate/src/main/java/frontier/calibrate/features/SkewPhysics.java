package frontier.calibrate.features;

import java.util.List;

import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.hardware.HardwareProfile;
import frontier.calibrate.profile.Family;

/**
 * {@link Family#ATTENTION_SKEW}: the reference the models scale is not a roofline but the even
 * batch's time the profile itself gives ({@code even_us}), so a model predicts the ratio of uneven
 * to even and the simulator applies it to its own even-batch price. The features describe the
 * batch, never the reference's size: the ratio must not depend on the units the profile timed in.
 * FLOPs and bytes (for the extrapolation split and the peak check) are the even batch's.
 */
public record SkewPhysics() implements Physics {
    private static final Family F = Family.ATTENTION_SKEW;
    private static final int PT = F.shapeIndex("prefill_tokens"), PKV = F.shapeIndex("prefill_kv"),
            N = F.shapeIndex("decode_seqs"), KV = F.shapeIndex("decode_kv"), KV_MAX = F.shapeIndex("decode_kv_max"),
            EVEN = F.shapeIndex("even_us"), HEADS = F.shapeIndex("heads"), KV_HEADS = F.shapeIndex("kv_heads"),
            HEAD_DIM = F.shapeIndex("head_dim");

    @Override
    public List<String> names() {
        return List.of("log_tokens", "log_prefill_tokens", "log_prefill_kv", "log_decode_seqs", "log_decode_kv", "log_kv_spread",
                "prefill_share", "gqa", "kv_dtype", "kernel", "log_flops", "log_bytes", "log_intensity", "log_roofline");
    }

    /** log2 of the longest decode's cached length over the mean; 0 for an even batch. */
    public static double spread(double mean, double max) {
        return mean > 0 && max > mean ? Physics.log2(max / mean) : 0;
    }

    @Override
    public boolean measuredReference() {
        return true;
    }

    @Override
    public FeatureRow compute(double[] s, String[] cats, int kernel, HardwareProfile hw, Vocabulary words) {
        Dtype kvDtype = Physics.dtypeOr(cats[0], Dtype.BF16);
        double kvBytes = kvDtype.bytesPerElement();
        double peak = hw.peakFlops(kvDtype == Dtype.FP8 ? Dtype.FP8 : Dtype.BF16);
        double pt = s[PT], pkv = s[PKV], nd = s[N], dkv = s[KV];
        double heads = s[HEADS], kvHeads = s[KV_HEADS], headDim = s[HEAD_DIM];
        double prefillPairs = AttentionPhysics.causalPairs(pt, pkv + pt, 0), decodePairs = nd * dkv;
        double pairs = prefillPairs + decodePairs;
        double flops = 4 * heads * headDim * pairs;
        double bytes = (pkv + pt) * 2 * kvHeads * headDim * kvBytes + 4 * pt * heads * headDim
                + nd * (dkv * 2 * kvHeads * headDim * kvBytes + 4 * heads * headDim);
        double[] f = new double[names().size()];
        int i = 0;
        f[i++] = Physics.log2p1(pt + nd);
        f[i++] = Physics.log2p1(pt);
        f[i++] = Physics.log2p1(pkv);
        f[i++] = Physics.log2p1(nd);
        f[i++] = Physics.log2p1(dkv);
        f[i++] = spread(dkv, s[KV_MAX]);
        // the prefill's share of the work dilutes what the decodes' imbalance costs
        f[i++] = pairs > 0 ? prefillPairs / pairs : 0;
        f[i++] = heads / Math.max(1, kvHeads);
        f[i++] = words.code(cats[0]);
        f[i++] = kernel;
        FeatureRow row = Physics.withTotals(f, i, flops, bytes, Physics.rooflineUs(flops, bytes, peak, hw), peak);
        // the reference is in the profile's units, not the GPU's: no row is judged against peak
        return new FeatureRow(row.values(), s[EVEN], 0);
    }
}
