package frontier.calibrate.fit;

import java.util.Arrays;

/**
 * Ordinary least squares on physics features in log space, solved in plain Java (normal
 * equations, Cholesky, a tiny ridge term for collinear features such as log FLOPs beside log m,
 * n, k). No native BLAS: the project must run on a machine that has only a JDK. Category
 * features are one-hot encoded with the levels seen in training; an unseen level gets the mean
 * of the seen levels' effects.
 */
public record LinearModel(boolean[] categorical, int[][] levels, double[] means, double[] scales, double[] weights)
        implements Regressor {

    private static final double RIDGE = 1e-6;

    @Override public String kind() { return "ols"; }

    public static LinearModel fit(double[][] x, double[] y, boolean[] categorical) {
        int p = categorical.length;
        int[][] levels = new int[p][];
        for (int j = 0; j < p; j++) {
            if (!categorical[j]) continue;
            final int col = j;
            levels[j] = Arrays.stream(x).mapToInt(r -> (int) r[col]).distinct().sorted().toArray();
        }
        double[] means = new double[p], scales = new double[p];
        for (int j = 0; j < p; j++) {
            if (categorical[j]) continue;
            double s = 0, ss = 0;
            for (double[] r : x) {
                s += r[j];
                ss += r[j] * r[j];
            }
            means[j] = s / x.length;
            double var = ss / x.length - means[j] * means[j];
            scales[j] = var > 1e-12 ? Math.sqrt(var) : 1;
        }
        var shell = new LinearModel(categorical, levels, means, scales, null);
        int d = shell.width();
        double[][] a = new double[d][d];
        double[] b = new double[d];
        double[] z = new double[d];
        for (int i = 0; i < x.length; i++) {
            shell.encode(x[i], z);
            for (int r = 0; r < d; r++) {
                if (z[r] == 0) continue;
                b[r] += z[r] * y[i];
                for (int c = 0; c <= r; c++) a[r][c] += z[r] * z[c];
            }
        }
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < r; c++) a[c][r] = a[r][c];
            a[r][r] += RIDGE * x.length + 1e-9;
        }
        return new LinearModel(categorical, levels, means, scales, Cholesky.solve(a, b));
    }

    int width() {
        int d = 1;
        for (int j = 0; j < categorical.length; j++) d += categorical[j] ? levels[j].length : 1;
        return d;
    }

    void encode(double[] x, double[] z) {
        Arrays.fill(z, 0);
        z[0] = 1;
        int k = 1;
        for (int j = 0; j < categorical.length; j++) {
            if (categorical[j]) {
                int at = Arrays.binarySearch(levels[j], (int) x[j]);
                if (at >= 0) z[k + at] = 1;
                k += levels[j].length;
            } else {
                z[k++] = (x[j] - means[j]) / scales[j];
            }
        }
    }

    @Override
    public double predict(double[] features) {
        double s = weights[0];
        int k = 1;
        for (int j = 0; j < categorical.length; j++) {
            if (categorical[j]) {
                int at = Arrays.binarySearch(levels[j], (int) features[j]);
                if (at >= 0) {
                    s += weights[k + at];
                } else {
                    double mean = 0;
                    for (int l = 0; l < levels[j].length; l++) mean += weights[k + l];
                    s += levels[j].length == 0 ? 0 : mean / levels[j].length;
                }
                k += levels[j].length;
            } else {
                s += weights[k++] * (features[j] - means[j]) / scales[j];
            }
        }
        return s;
    }

    /** Symmetric positive-definite solve; the ridge term above keeps the matrix definite. */
    static final class Cholesky {
        private Cholesky() {}

        static double[] solve(double[][] a, double[] b) {
            int n = b.length;
            double[][] l = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = a[i][j];
                    for (int k = 0; k < j; k++) s -= l[i][k] * l[j][k];
                    if (i == j) {
                        l[i][i] = Math.sqrt(Math.max(s, 1e-12));
                    } else {
                        l[i][j] = s / l[j][j];
                    }
                }
            }
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                double s = b[i];
                for (int k = 0; k < i; k++) s -= l[i][k] * y[k];
                y[i] = s / l[i][i];
            }
            double[] x = new double[n];
            for (int i = n - 1; i >= 0; i--) {
                double s = y[i];
                for (int k = i + 1; k < n; k++) s -= l[k][i] * x[k];
                x[i] = s / l[i][i];
            }
            return x;
        }
    }
}
