package frontier.calibrate.fit;

/** Run in a child JVM that has no native library path: fits OLS and prints a prediction. */
public final class LinearFitProbe {
    private LinearFitProbe() {}

    public static void main(String[] args) {
        int n = 500;
        double[][] x = new double[n][2];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = i % 17;
            x[i][1] = i % 5;
            y[i] = 1 + 2 * x[i][0] + 3 * x[i][1];
        }
        var m = LinearModel.fit(x, y, new boolean[] {false, true});
        System.out.println(Math.round(m.predict(new double[] {10, 4}) * 1000) / 1000.0);
    }
}
