package frontier.calibrate.fit;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Gradient-boosted regression trees with squared loss: each tree fits the residual of the trees
 * before it, scaled by the learning rate. A fixed tenth of the training rows is held aside to
 * stop adding trees once they no longer help, then the trees found useful are kept.
 */
public record BoostedModel(double base, double learningRate, FlatTree[] trees, PackedTrees packed) implements Regressor {

    public BoostedModel(double base, double learningRate, FlatTree[] trees) {
        this(base, learningRate, trees, new PackedTrees(trees));
    }

    @Override public String kind() { return "gradient_boosting"; }

    public record Settings(int maxTrees, int maxLeaves, int minLeaf, double learningRate, int patience) {
        public static final Settings DEFAULT = new Settings(1500, 127, 5, 0.1, 30);
    }

    public static BoostedModel fit(double[][] x, double[] y, Settings s, long seed) {
        int n = x.length;
        boolean[] validation = new boolean[n];
        int nVal = n >= 2000 ? n / 10 : 0;
        if (nVal > 0) {
            var rng = new SplittableRandom(seed);
            int[] perm = permutation(n, rng);
            for (int i = 0; i < nVal; i++) validation[perm[i]] = true;
        }
        int[] train = new int[n - nVal];
        int k = 0;
        for (int i = 0; i < n; i++) if (!validation[i]) train[k++] = i;

        Binner binner = Binner.fit(x);
        var builder = new TreeBuilder(binner, binner.transform(x));
        double base = 0;
        for (int r : train) base += y[r];
        base /= train.length;
        double[] pred = new double[n];
        Arrays.fill(pred, base);
        double[] residual = new double[n];
        double[] fitted = new double[n];
        var params = new TreeBuilder.Params(s.maxLeaves(), s.minLeaf(), 24, 1.0);
        FlatTree[] trees = new FlatTree[s.maxTrees()];
        double best = Double.POSITIVE_INFINITY;
        int bestCount = 0;
        var rng = new SplittableRandom(seed + 1);
        for (int t = 0; t < s.maxTrees(); t++) {
            for (int i = 0; i < n; i++) residual[i] = y[i] - pred[i];
            FlatTree tree = builder.build(residual, train, params, rng, fitted);
            trees[t] = tree;
            double loss = 0;
            for (int i = 0; i < n; i++) {
                if (validation[i]) {
                    pred[i] += s.learningRate() * tree.predict(x[i]);
                    double d = y[i] - pred[i];
                    loss += d * d;
                } else {
                    pred[i] += s.learningRate() * fitted[i];
                }
            }
            if (nVal == 0) {
                bestCount = t + 1;
                continue;
            }
            if (loss < best - 1e-12) {
                best = loss;
                bestCount = t + 1;
            } else if (t + 1 - bestCount >= s.patience()) {
                break;
            }
        }
        return new BoostedModel(base, s.learningRate(), Arrays.copyOf(trees, bestCount));
    }

    static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    @Override
    public double predict(double[] x) {
        double s = base;
        for (int k = 0, n = packed.size(); k < n; k++) s += learningRate * packed.predict(k, x);
        return s;
    }
}
