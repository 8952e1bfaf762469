package frontier.calibrate.features;

import java.util.List;

import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.hardware.HardwareProfile;

/**
 * C[m,n] = A[m,k]·B[k,n]. Besides FLOPs and bytes, the token dimension padded to common tile
 * heights and the number of waves of output tiles over the SMs: measured latency jumps where m
 * crosses a tile boundary (m = 256 and 257 differ by 60% on the RTX PRO 6000), which totals hide.
 */
public record GemmPhysics() implements Physics {
    private static final int[] PAD = {16, 64, 128, 256};
    private static final int[][] TILES = {{64, 64}, {128, 128}, {128, 256}, {256, 128}};
    private static final List<String> NAMES = List.of(
            "log_m", "log_n", "log_k", "pad16_m", "pad64_m", "pad128_m", "pad256_m",
            "waves_64x64", "wave_eff_64x64", "waves_128x128", "wave_eff_128x128",
            "waves_128x256", "wave_eff_128x256", "waves_256x128", "wave_eff_256x128",
            "dtype", "kernel", "log_flops", "log_bytes", "log_intensity", "log_roofline");

    @Override public List<String> names() { return NAMES; }

    @Override
    public FeatureRow compute(double[] s, String[] cats, int kernel, HardwareProfile hw, Vocabulary words) {
        double m = s[0], n = s[1], k = s[2];
        Dtype dt = Physics.dtypeOr(cats[0], Dtype.BF16);
        double flops = 2 * m * n * k;
        double bytes = dt.bytesPerElement() * (m * k + k * n) + 2 * m * n;
        double peak = hw.peakFlops(dt);
        double roof = Physics.rooflineUs(flops, bytes, peak, hw);
        double[] f = new double[NAMES.size()];
        int i = 0;
        f[i++] = Physics.log2(m);
        f[i++] = Physics.log2(n);
        f[i++] = Physics.log2(k);
        for (int p : PAD) f[i++] = Physics.log2(Math.ceil(m / p) * p);
        for (int[] t : TILES) {
            double tiles = Math.ceil(m / t[0]) * Math.ceil(n / t[1]);
            double waves = Math.ceil(tiles / hw.smCount());
            f[i++] = Physics.log2(waves);
            f[i++] = tiles / (waves * hw.smCount());
        }
        f[i++] = words.code(cats[0]);
        f[i++] = kernel;
        f[i++] = Physics.log2(flops);
        f[i++] = Physics.log2(bytes);
        f[i++] = Physics.log2(flops / bytes);
        f[i] = Physics.log2(roof);
        return new FeatureRow(f, roof, flops / peak * 1e6);
    }
}
