package frontier.calibrate.features;

import java.util.ArrayList;
import java.util.List;

import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.hardware.HardwareProfile;
import frontier.calibrate.profile.Family;

/**
 * Attention over a paged KV cache. FLOPs count query-key pairs exactly (causal mask, prefix,
 * sliding window); bytes count the KV read at the cache's format. A decode table without its
 * KV length ({@code step}) or a prefill table without its window would fit with huge error, so
 * both enter the pair count, not only the features.
 */
public record AttentionPhysics(Family family) implements Physics {

    @Override
    public List<String> names() {
        List<String> n = new ArrayList<>(List.of("log_tokens"));
        for (String c : family.shapeColumns()) n.add("log_" + c);
        n.addAll(List.of("gqa", "log_ctas", "kv_dtype", "kernel", "log_pairs", "log_flops", "log_bytes",
                "log_intensity", "log_roofline"));
        return n;
    }

    /** Query-key pairs for q new tokens after a prefix of (kv - q) tokens with an optional window. */
    public static double causalPairs(double q, double kv, double window) {
        double prefix = Math.max(0, kv - q);
        double a = prefix + 1, b = prefix + q;
        if (window <= 0 || b <= window) return (a + b) * q / 2;
        if (a > window) return q * window;
        return (a + window) * (window - a + 1) / 2 + (b - window) * window;
    }

    @Override
    public FeatureRow compute(double[] s, String[] cats, int kernel, HardwareProfile hw, Vocabulary words) {
        Dtype kvDtype = Physics.dtypeOr(cats[0], Dtype.BF16);
        double kvBytes = kvDtype.bytesPerElement();
        // fp8 caches run the score and value products in fp8 as well
        double peak = hw.peakFlops(kvDtype == Dtype.FP8 ? Dtype.FP8 : Dtype.BF16);
        double tokens, pairs, bytes, heads, kvHeads, headDim, ctas;
        switch (family) {
            case ATTENTION_PREFILL -> {
                double b = s[0], q = s[1], kv = s[2], w = s[7];
                heads = s[4];
                kvHeads = s[5];
                headDim = s[6];
                tokens = b * q;
                pairs = b * causalPairs(q, kv, w);
                double kvRead = w > 0 ? Math.min(kv, w + q) : kv;
                bytes = b * (4 * q * heads * headDim + kvRead * 2 * kvHeads * headDim * kvBytes);
                ctas = b * kvHeads;
            }
            case ATTENTION_DECODE -> {
                double b = s[0], kv = s[1], w = s[6];
                heads = s[3];
                kvHeads = s[4];
                headDim = s[5];
                double kvEff = w > 0 ? Math.min(kv, w) : kv;
                tokens = b;
                pairs = b * kvEff;
                bytes = b * (kvEff * 2 * kvHeads * headDim * kvBytes + 4 * heads * headDim);
                ctas = b * kvHeads;
            }
            case ATTENTION_MIXED -> {
                double pt = s[0], pkv = s[1], nd = s[2], dkv = s[3];
                heads = s[4];
                kvHeads = s[5];
                headDim = s[6];
                tokens = pt + nd;
                pairs = causalPairs(pt, pkv + pt, 0) + nd * dkv;
                bytes = (pkv + pt) * 2 * kvHeads * headDim * kvBytes + 4 * pt * heads * headDim
                        + nd * (dkv * 2 * kvHeads * headDim * kvBytes + 4 * heads * headDim);
                ctas = (nd + (pt > 0 ? 1 : 0)) * kvHeads;
            }
            default -> throw new IllegalStateException(family + " is not attention");
        }
        double flops = 4 * heads * headDim * pairs;
        double roof = Physics.rooflineUs(flops, bytes, peak, hw);
        List<String> names = names();
        double[] f = new double[names.size()];
        int i = 0;
        f[i++] = Physics.log2p1(tokens);
        for (double v : s) f[i++] = Physics.log2p1(v);
        f[i++] = heads / Math.max(1, kvHeads);
        f[i++] = Physics.log2p1(ctas);
        f[i++] = words.code(cats[0]);
        f[i++] = kernel;
        f[i++] = Physics.log2p1(pairs);
        return Physics.withTotals(f, i, flops, bytes, roof, peak);
    }
}
