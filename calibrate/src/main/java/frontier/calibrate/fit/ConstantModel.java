package frontier.calibrate.fit;

/** One fitted efficiency factor: the roofline baseline, and the fallback outside the calibrated range. */
public record ConstantModel(double logEfficiency) implements Regressor {
    @Override public String kind() { return "constant"; }
    @Override public double predict(double[] features) { return logEfficiency; }

    /** The median keeps one wild row from moving the factor. */
    public static ConstantModel fit(double[] y) {
        double[] s = y.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return new ConstantModel(n == 0 ? 0 : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2);
    }
}
