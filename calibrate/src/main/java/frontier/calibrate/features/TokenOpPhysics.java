package frontier.calibrate.features;

import java.util.List;

import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.hardware.HardwareProfile;
import frontier.calibrate.profile.Family;

/**
 * Operators that are neither matrix multiplies over weights of their own nor attention: norms,
 * rotary, activations, embedding gathers (per token), and the LM head and sampler (per sequence).
 * Elementwise ops are memory bound (read and write the activations); the LM head is a GEMM over
 * the vocabulary; the sampler reads the logits.
 */
public record TokenOpPhysics(Family family) implements Physics {

    @Override
    public List<String> names() {
        return family == Family.ELEMENTWISE
                ? List.of("log_tokens", "log_hidden", "op", "kernel", "log_bytes", "log_roofline")
                : List.of("log_sequences", "log_hidden", "log_vocab", "op", "kernel", "log_flops", "log_bytes", "log_roofline");
    }

    @Override
    public FeatureRow compute(double[] s, String[] cats, int kernel, HardwareProfile hw, Vocabulary words) {
        int op = words.code(cats[0]);
        if (family == Family.ELEMENTWISE) {
            double tokens = s[0], hidden = s[1];
            double bytes = 2 * tokens * hidden * 2;
            double roof = Physics.rooflineUs(0, bytes, hw.peakFlops(Dtype.BF16), hw);
            return new FeatureRow(new double[] {Physics.log2p1(tokens), Physics.log2p1(hidden), op, kernel,
                    Physics.log2p1(bytes), Physics.log2(roof)}, roof, 0);
        }
        double seqs = s[0], hidden = s[1], vocab = s[2];
        boolean head = cats[0] != null && cats[0].contains("head");
        double flops = head ? 2 * seqs * hidden * vocab : seqs * vocab * 4;
        double bytes = head ? hidden * vocab * 2 + seqs * vocab * 4 : seqs * vocab * 4;
        double peak = hw.peakFlops(Dtype.BF16);
        double roof = Physics.rooflineUs(flops, bytes, peak, hw);
        return new FeatureRow(new double[] {Physics.log2p1(seqs), Physics.log2p1(hidden), Physics.log2p1(vocab), op,
                kernel, Physics.log2p1(flops), Physics.log2p1(bytes), Physics.log2(roof)}, roof, head ? flops / peak * 1e6 : 0);
    }
}
