package frontier.calibrate.fit;

import java.util.Arrays;

/**
 * Maps each feature to at most 255 ordered bins by training-set quantiles, so that split search
 * scans a short histogram instead of sorting rows. Kernel tables are grids with few distinct
 * values per feature, which the bins capture exactly.
 */
final class Binner {
    static final int MAX_BINS = 255;

    /** edges[j][b]: the largest training value in bin b of feature j (split "x <= edge" goes left). */
    private final double[][] edges;

    private Binner(double[][] edges) {
        this.edges = edges;
    }

    static Binner fit(double[][] x) {
        int n = x.length, p = x[0].length;
        double[][] edges = new double[p][];
        double[] col = new double[n];
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < n; i++) col[i] = x[i][j];
            Arrays.sort(col);
            double[] distinct = new double[n];
            int d = 0;
            for (int i = 0; i < n; i++) {
                if (d == 0 || col[i] != distinct[d - 1]) distinct[d++] = col[i];
            }
            if (d <= MAX_BINS) {
                edges[j] = Arrays.copyOf(distinct, d);
            } else {
                // quantile edges over rows, de-duplicated
                double[] e = new double[MAX_BINS];
                int m = 0;
                for (int b = 1; b <= MAX_BINS; b++) {
                    double v = col[(int) Math.min(n - 1, Math.ceil((double) b * n / MAX_BINS) - 1)];
                    if (m == 0 || v > e[m - 1]) e[m++] = v;
                }
                e[m - 1] = col[n - 1];
                edges[j] = Arrays.copyOf(e, m);
            }
        }
        return new Binner(edges);
    }

    int features() { return edges.length; }

    int bins(int feature) { return edges[feature].length; }

    double edge(int feature, int bin) { return edges[feature][bin]; }

    int bin(int feature, double v) {
        double[] e = edges[feature];
        int at = Arrays.binarySearch(e, v);
        if (at >= 0) return at;
        int insert = -at - 1;
        return Math.min(insert, e.length - 1);
    }

    /** Column-major bin codes: codes[j][i] is row i's bin of feature j. */
    byte[][] transform(double[][] x) {
        int p = edges.length;
        byte[][] codes = new byte[p][x.length];
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < x.length; i++) codes[j][i] = (byte) bin(j, x[i][j]);
        }
        return codes;
    }
}
