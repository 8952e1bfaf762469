package frontier.calibrate.features;

import java.util.List;

import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.hardware.HardwareProfile;

/**
 * A fused MoE layer on one rank: the token-expert pairs routed to this rank's experts run three
 * projections (gate, up, down). At small batches the cost is reading the weights of every expert
 * that received a token, so the expected number of touched experts is a feature, not only FLOPs.
 */
public record MoePhysics() implements Physics {
    private static final List<String> NAMES = List.of(
            "log_tokens", "log_hidden", "log_inter", "top_k", "log_experts", "log_tp", "log_ep", "skew",
            "load_max_ratio", "load_cv", "log_pairs_per_expert", "log_touched_experts",
            "dtype", "kernel", "log_flops", "log_bytes", "log_intensity", "log_roofline");

    @Override public List<String> names() { return NAMES; }

    @Override
    public FeatureRow compute(double[] s, String[] cats, int kernel, HardwareProfile hw, Vocabulary words) {
        double tokens = s[0], hidden = s[1], inter = s[2], topK = s[3], experts = Math.max(1, s[4]);
        double tp = Math.max(1, s[5]), ep = Math.max(1, s[6]);
        Dtype dt = Physics.dtypeOr(cats[0], Dtype.BF16);
        double pairs = tokens * topK / ep;
        double local = experts / ep;
        double touched = Math.min(local * (1 - Math.pow(1 - 1 / experts, tokens * topK)), Math.max(pairs, 1));
        // the timed rank is the busiest one: under skewed routing it computes more than an even share
        double busiest = pairs * (s[8] > 1 ? s[8] : 1);
        double flops = 2 * busiest * hidden * inter * 3 / tp;
        // the combine writes and reads every routed pair's output row, local expert or not
        double bytes = touched * 3 * hidden * inter / tp * dt.bytesPerElement() + busiest * hidden * 4 + tokens * topK * hidden * 4;
        double peak = hw.peakFlops(dt);
        double roof = Physics.rooflineUs(flops, bytes, peak, hw);
        double[] f = new double[NAMES.size()];
        int i = 0;
        f[i++] = Physics.log2p1(tokens);
        f[i++] = Physics.log2(hidden);
        f[i++] = Physics.log2(inter);
        f[i++] = topK;
        f[i++] = Physics.log2(experts);
        f[i++] = Physics.log2(tp);
        f[i++] = Physics.log2(ep);
        f[i++] = s[7];
        f[i++] = s[8];
        f[i++] = s[9];
        f[i++] = Physics.log2p1(pairs / local);
        f[i++] = Physics.log2p1(touched);
        f[i++] = words.code(cats[0]);
        f[i++] = kernel;
        return Physics.withTotals(f, i, flops, bytes, roof, peak);
    }
}
