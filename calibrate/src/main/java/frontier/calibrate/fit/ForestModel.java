package frontier.calibrate.fit;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Random forest: deep trees on bootstrap samples, half the features tried at each split, the
 * mean of the trees as prediction. Each tree has its own seed, so building trees in parallel
 * gives the same forest every time.
 */
public record ForestModel(FlatTree[] trees, PackedTrees packed) implements Regressor {

    public ForestModel(FlatTree[] trees) {
        this(trees, new PackedTrees(trees));
    }

    @Override public String kind() { return "random_forest"; }

    public static ForestModel fit(double[][] x, double[] y, int trees, long seed) {
        Binner binner = Binner.fit(x);
        var builder = new TreeBuilder(binner, binner.transform(x));
        int n = x.length;
        var params = new TreeBuilder.Params(Math.max(2, n), 1, 64, 0.5);
        FlatTree[] built = IntStream.range(0, trees).parallel().mapToObj(t -> {
            var rng = new SplittableRandom(seed * 1_000_003L + t);
            int[] rows = new int[n];
            for (int i = 0; i < n; i++) rows[i] = rng.nextInt(n);
            return builder.build(y, rows, params, rng);
        }).toArray(FlatTree[]::new);
        return new ForestModel(built);
    }

    @Override
    public double predict(double[] x) {
        double s = 0;
        for (int k = 0, n = packed.size(); k < n; k++) s += packed.predict(k, x);
        return s / trees.length;
    }
}
