package frontier.calibrate.fit;

import java.util.ArrayList;
import java.util.List;

import frontier.calibrate.features.FeatureRow;
import frontier.calibrate.features.Physics;
import frontier.calibrate.features.Vocabulary;
import frontier.calibrate.hardware.HardwareProfile;
import frontier.calibrate.profile.Measurement;

/**
 * One partition's measurements as features and targets. Rows faster than the GPU's peak
 * arithmetic rate are physically impossible (broken kernels that skipped work) and are counted,
 * not fitted.
 */
public final class FamilyData {
    public final PartitionKey key;
    public final Physics physics;
    public final Vocabulary kernels = new Vocabulary();
    public final Vocabulary words = new Vocabulary();
    public final double[][] x;
    /** ln(latency / roofline). */
    public final double[] y;
    public final double[] rooflineUs;
    public final double[] latencyUs;
    /** What "largest" means for the extrapolation split: FLOPs, else bytes or tokens. */
    public final double[] size;
    public final double[] spreadUs;
    public final double[] tokens;
    public final double[][] shapes;
    public final String[][] categories;
    public final String[] kernel;
    /** Which feature {@link #size} holds, without its log: flops, bytes or roofline_us. */
    public final String sizeMeasure;
    public final int impossible;
    /** Rows whose repeated runs spread more than {@link #NOISY_SPREAD} of their median: flagged, not fitted. */
    public final int noisy;
    public static final double NOISY_SPREAD = 0.25;
    /** Rows per kernel and category combination ("bfloat16" or "fp8|bfloat16"), for picking a kernel later. */
    public final java.util.Map<String, java.util.Map<String, Integer>> kernelRows = new java.util.TreeMap<>();

    public FamilyData(PartitionKey key, List<Measurement> rows, HardwareProfile hw) {
        this.key = key;
        this.physics = Physics.of(key.family());
        List<FeatureRow> kept = new ArrayList<>();
        List<Measurement> keptRows = new ArrayList<>();
        int bad = 0, noisyRows = 0;
        for (Measurement m : rows) {
            if (m.spreadUs() > NOISY_SPREAD * m.latencyUs()) {
                noisyRows++;
                continue;
            }
            int kernel = kernels.add(m.provenance().kernel());
            for (String c : m.categories()) words.add(c);
            FeatureRow f = physics.compute(m.shape(), m.categories(), m.provenance().kernel(), kernel, hw, words);
            if (m.latencyUs() < f.computeBoundUs()) {
                bad++;
                continue;
            }
            kept.add(f);
            keptRows.add(m);
            kernelRows.computeIfAbsent(m.provenance().kernel() == null ? "" : m.provenance().kernel(), k -> new java.util.TreeMap<>())
                    .merge(String.join("|", java.util.Arrays.stream(m.categories()).map(c -> c == null ? "" : c).toList()), 1, Integer::sum);
        }
        this.impossible = bad;
        this.noisy = noisyRows;
        int n = kept.size();
        x = new double[n][];
        y = new double[n];
        rooflineUs = new double[n];
        latencyUs = new double[n];
        size = new double[n];
        spreadUs = new double[n];
        tokens = new double[n];
        shapes = new double[n][];
        categories = new String[n][];
        kernel = new String[n];
        List<String> names = physics.names();
        int flopsAt = names.indexOf("log_flops");
        int bytesAt = names.indexOf("log_bytes");
        int sizeAt = flopsAt >= 0 ? flopsAt : bytesAt >= 0 ? bytesAt : names.indexOf("log_roofline");
        sizeMeasure = names.get(sizeAt).substring("log_".length()).replace("roofline", "roofline_us");
        for (int i = 0; i < n; i++) {
            FeatureRow f = kept.get(i);
            Measurement m = keptRows.get(i);
            x[i] = f.values();
            rooflineUs[i] = f.rooflineUs();
            latencyUs[i] = m.latencyUs();
            y[i] = Math.log(m.latencyUs() / f.rooflineUs());
            size[i] = f.values()[sizeAt];
            spreadUs[i] = m.spreadUs();
            tokens[i] = f.values()[physics.tokenFeature()];
            shapes[i] = m.shape();
            categories[i] = m.categories();
            kernel[i] = m.provenance().kernel();
        }
    }

    public int rows() { return y.length; }

    /** ln(latency / (roofline + fixedUs)) of every row: the target when each call also pays a fixed cost. */
    public double[] logEfficiency(double fixedUs) {
        if (fixedUs == 0) return y;
        double[] t = new double[y.length];
        for (int i = 0; i < t.length; i++) t[i] = Math.log(latencyUs[i] / (rooflineUs[i] + fixedUs));
        return t;
    }

    /** What identifies row {@code i}'s measurement point: its shape, categories and kernel (repeats share it). */
    public String pointKey(int i) {
        return java.util.Arrays.toString(shapes[i]) + "|" + String.join("|", java.util.Arrays.stream(categories[i]).map(String::valueOf).toList())
                + "|" + kernel[i];
    }
}
