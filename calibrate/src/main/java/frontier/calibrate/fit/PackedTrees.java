package frontier.calibrate.fit;

/**
 * The trees of an ensemble laid out node after node in two arrays (feature, left and right child
 * in one, threshold or leaf value in the other), so that a prediction walks two blocks of memory
 * instead of five arrays per tree. Walks the same comparisons as {@link FlatTree#predict}.
 */
final class PackedTrees {
    private final int[] roots;
    private final int[] links;
    private final double[] values;

    PackedTrees(FlatTree[] trees) {
        int nodes = 0;
        for (FlatTree t : trees) nodes += t.nodes();
        roots = new int[trees.length];
        links = new int[3 * nodes];
        values = new double[nodes];
        int base = 0;
        for (int k = 0; k < trees.length; k++) {
            FlatTree t = trees[k];
            roots[k] = base;
            for (int i = 0; i < t.nodes(); i++) {
                int f = t.feature()[i];
                links[3 * (base + i)] = f;
                if (f >= 0) {
                    links[3 * (base + i) + 1] = base + t.left()[i];
                    links[3 * (base + i) + 2] = base + t.right()[i];
                    values[base + i] = t.threshold()[i];
                } else {
                    values[base + i] = t.value()[i];
                }
            }
            base += t.nodes();
        }
    }

    int size() { return roots.length; }

    /** Tree {@code k}'s prediction for {@code x}. */
    double predict(int k, double[] x) {
        int i = roots[k];
        int f;
        while ((f = links[3 * i]) >= 0) i = x[f] <= values[i] ? links[3 * i + 1] : links[3 * i + 2];
        return values[i];
    }
}
