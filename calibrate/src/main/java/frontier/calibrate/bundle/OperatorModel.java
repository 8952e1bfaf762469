package frontier.calibrate.bundle;

import frontier.calibrate.features.FeatureRow;
import frontier.calibrate.features.Physics;
import frontier.calibrate.features.Vocabulary;
import frontier.calibrate.fit.ConstantModel;
import frontier.calibrate.fit.PartitionKey;
import frontier.calibrate.fit.Regressor;
import frontier.calibrate.hardware.HardwareProfile;

/**
 * One calibrated partition, ready to price shapes: physics features, the fitted efficiency
 * model (of the roofline time plus a fixed cost per call), and the range it was fitted on.
 * Outside that range (or for a kernel or format never measured) it answers with the roofline
 * times the fitted efficiency factor, and says so.
 */
public final class OperatorModel {
    private final PartitionKey key;
    private final Physics physics;
    private final Vocabulary kernels;
    private final Vocabulary words;
    private final Regressor model;
    private final double fixedUs;
    private final ConstantModel fallback;
    private final double[][] ranges;
    private final HardwareProfile hw;
    private final java.util.Map<String, java.util.Map<String, Integer>> kernelRows;

    /** µs and whether the fallback answered. */
    public record Prediction(double latencyUs, boolean fallback) {}

    public OperatorModel(PartitionKey key, Vocabulary kernels, Vocabulary words, Regressor model, double fixedUs,
                         ConstantModel fallback, double[][] ranges, HardwareProfile hw,
                         java.util.Map<String, java.util.Map<String, Integer>> kernelRows) {
        this.key = key;
        this.physics = Physics.of(key.family());
        this.kernels = kernels;
        this.words = words;
        this.model = model;
        this.fixedUs = fixedUs;
        this.fallback = fallback;
        this.ranges = ranges;
        this.hw = hw;
        this.kernelRows = kernelRows;
    }

    /** Training rows per kernel and category combination ("bfloat16", "fp8|bfloat16"). */
    public java.util.Map<String, java.util.Map<String, Integer>> kernelRows() { return kernelRows; }

    public PartitionKey key() { return key; }
    public HardwareProfile hardware() { return hw; }
    public java.util.List<String> kernels() { return kernels.words(); }
    public java.util.List<String> words() { return words.words(); }

    public boolean inRange(double[] shape, String[] categories, String kernel) {
        if (kernels.code(kernel) < 0) return false;
        for (String c : categories) if (words.code(c) < 0) return false;
        for (int j = 0; j < shape.length; j++) {
            if (shape[j] < ranges[j][0] || shape[j] > ranges[j][1]) return false;
        }
        return true;
    }

    /** The smallest value of shape dimension {@code dim} among the rows this model was fitted on. */
    public double lowerBound(int dim) {
        return ranges[dim][0];
    }

    /** The largest value of shape dimension {@code dim} among the rows this model was fitted on. */
    public double upperBound(int dim) {
        return ranges[dim][1];
    }

    public Prediction predict(double[] shape, String[] categories, String kernel) {
        int code = kernels.code(kernel);
        FeatureRow f = physics.compute(shape, categories, kernel, code, hw, words);
        if (!inRange(shape, categories, kernel)) {
            return new Prediction(f.rooflineUs() * Math.exp(fallback.logEfficiency()), true);
        }
        return new Prediction((f.rooflineUs() + fixedUs) * Math.exp(model.predict(f.values())), false);
    }

    /** The first kernel seen in training: what a caller gets when it names none. */
    public String defaultKernel() {
        return kernels.words().isEmpty() ? null : kernels.words().get(0);
    }
}
