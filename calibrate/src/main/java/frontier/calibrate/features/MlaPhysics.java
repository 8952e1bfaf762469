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

    /** DeepSeek-V3's model width and query compression rank, which a module's projections span. */
    private static final int HIDDEN = 7168, Q_RANK = 1536;

    @Override
    public FeatureRow compute(double[] s, String[] cats, int kernel, HardwareProfile hw, Vocabulary words) {
        return compute(s, cats, null, kernel, hw, words);
    }

    /**
     * A module's timing ({@code ...:module} kernels) also spans the projections around the
     * attention kernel: the query and latent down-projections, the query up-projection, the
     * latent's expansion into keys and values (over the whole context in prefill; absorbed into
     * the query and output in decode) and the output projection. Their multiply-adds and weight
     * reads join the roofline, so a module's efficiency compares like with like.
     */
    @Override
    public FeatureRow compute(double[] s, String[] cats, String kernelName, int kernel, HardwareProfile hw, Vocabulary words) {
        boolean module = kernelName != null && kernelName.endsWith(":module");
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
        if (module) {
            double heads = family == Family.MLA_PREFILL ? s[3] : s[2];
            double shared = (double) HIDDEN * Q_RANK + (double) HIDDEN * (LATENT + ROPE);
            double perHead = (double) Q_RANK * (NOPE + ROPE) + (double) VALUE * HIDDEN;
            double expand = (double) LATENT * (NOPE + VALUE);
            flops += 2 * tokens * (shared + heads * perHead);
            // prefill expands every cached latent into keys and values; decode folds that matrix into its query and output
            flops += family == Family.MLA_PREFILL ? 2 * s[0] * s[2] * heads * expand : 2 * tokens * heads * expand;
            bytes += (shared + heads * (perHead + expand)) * dt.bytesPerElement();
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
