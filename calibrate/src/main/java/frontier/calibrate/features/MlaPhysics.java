package frontier.calibrate.features;

import java.util.ArrayList;
import java.util.List;

import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.hardware.HardwareProfile;
import frontier.calibrate.profile.Family;

/**
 * Multi-head latent attention modules (DeepSeek-V3 shapes: 512-wide latent, 64-wide RoPE key,
 * 128-wide nope/value heads). Prefill runs decompressed heads (q/k 192, v 128); decode runs the
 * absorbed form over the 576-wide cached latent.
 */
public record MlaPhysics(Family family) implements Physics {
    private static final int LATENT = 512, ROPE = 64, NOPE = 128, VALUE = 128;

    @Override
    public List<String> names() {
        List<String> n = new ArrayList<>(List.of("log_tokens"));
        for (String c : family.shapeColumns()) n.add("log_" + c);
        n.addAll(List.of("dtype", "kv_dtype", "kernel", "log_flops", "log_bytes", "log_intensity", "log_roofline"));
        return n;
    }

    @Override
    public FeatureRow compute(double[] s, String[] cats, int kernel, HardwareProfile hw, Vocabulary words) {
        Dtype dt = Physics.dtypeOr(cats[0], Dtype.BF16);
        Dtype kvDt = Physics.dtypeOr(cats[1], Dtype.BF16);
        double tokens, flops, bytes;
        if (family == Family.MLA_PREFILL) {
            double b = s[0], q = s[1], kv = s[2], heads = s[3];
            tokens = b * q;
            double pairs = b * AttentionPhysics.causalPairs(q, kv, 0);
            flops = 2 * heads * pairs * (NOPE + ROPE + VALUE);
            bytes = b * kv * (LATENT + ROPE) * kvDt.bytesPerElement() + tokens * heads * (NOPE + ROPE + 2 * VALUE) * 2;
        } else {
            double b = s[0], kv = s[1], heads = s[2];
            tokens = b;
            flops = 2 * heads * b * kv * (LATENT + ROPE + LATENT);
            bytes = b * kv * (LATENT + ROPE) * kvDt.bytesPerElement() + b * heads * (LATENT + ROPE) * 4;
        }
        double peak = hw.peakFlops(dt == Dtype.FP8 || kvDt == Dtype.FP8 ? Dtype.FP8 : Dtype.BF16);
        double roof = Physics.rooflineUs(flops, bytes, peak, hw);
        double[] f = new double[names().size()];
        int i = 0;
        f[i++] = Physics.log2p1(tokens);
        for (double v : s) f[i++] = Physics.log2p1(v);
        f[i++] = words.code(cats[0]);
        f[i++] = words.code(cats[1]);
        f[i++] = kernel;
        return Physics.withTotals(f, i, flops, bytes, roof, peak);
    }
}
