package frontier.calibrate.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Grows one least-squares regression tree on binned features, best split first, up to a leaf
 * budget. Split search scans per-feature histograms of the node's rows; nodes smaller than the
 * bin count are scanned row by row instead, which keeps deep forest trees cheap. With all
 * features in play, a child's histogram is its parent's minus its sibling's.
 */
final class TreeBuilder {

    /**
     * @param featureFraction share of features tried at each split (below 1 for random forests)
     * @param minLeaf         fewest rows a leaf may hold
     */
    record Params(int maxLeaves, int minLeaf, int maxDepth, double featureFraction) {}

    private static final int SMALL_NODE = 96;
    private static final int PARALLEL_ROWS = 16_384;

    private final Binner binner;
    private final byte[][] codes;
    private final int p;

    TreeBuilder(Binner binner, byte[][] codes) {
        this.binner = binner;
        this.codes = codes;
        this.p = codes.length;
    }

    private final class Node {
        final int[] rows;
        final double sum;
        final int depth;
        final int id;
        double[][] histSum;
        int[][] histCount;
        int feature = -1;
        int bin;
        double gain;

        Node(int[] rows, double sum, int depth, int id) {
            this.rows = rows;
            this.sum = sum;
            this.depth = depth;
            this.id = id;
        }
    }

    FlatTree build(double[] target, int[] rows, Params params, SplittableRandom rng) {
        return build(target, rows, params, rng, null);
    }

    /**
     * Grows a tree and, when {@code fitted} is given, writes each of {@code rows}' leaf values
     * into it: the rows were partitioned into those leaves by the same splits the tree applies
     * to raw values, so this equals {@link FlatTree#predict} without walking the tree again.
     */
    FlatTree build(double[] target, int[] rows, Params params, SplittableRandom rng, double[] fitted) {
        var out = new Growable();
        boolean allFeatures = params.featureFraction() >= 1;
        int mtry = Math.max(1, (int) Math.round(p * params.featureFraction()));
        double rootSum = 0;
        for (int r : rows) rootSum += target[r];
        Node root = new Node(rows, rootSum, 0, out.add());
        prepare(root, null, null, target, params, allFeatures, mtry, rng);
        PriorityQueue<Node> queue = new PriorityQueue<>((a, b) -> a.gain != b.gain ? Double.compare(b.gain, a.gain) : Integer.compare(a.id, b.id));
        List<Node> leaves = new ArrayList<>();
        offer(root, queue, leaves);
        int leafCount = 1;
        while (!queue.isEmpty() && leafCount < params.maxLeaves()) {
            Node n = queue.poll();
            int[][] parts = partition(n);
            double leftSum = 0;
            for (int r : parts[0]) leftSum += target[r];
            Node left = new Node(parts[0], leftSum, n.depth + 1, out.add());
            Node right = new Node(parts[1], n.sum - leftSum, n.depth + 1, out.add());
            out.split(n.id, n.feature, binner.edge(n.feature, n.bin), left.id, right.id);
            prepare(left, right, n, target, params, allFeatures, mtry, rng);
            n.histSum = null;
            n.histCount = null;
            offer(left, queue, leaves);
            offer(right, queue, leaves);
            leafCount++;
        }
        leaves.addAll(queue);
        for (Node leaf : leaves) {
            double v = leaf.sum / leaf.rows.length;
            out.leaf(leaf.id, v);
            if (fitted != null) for (int r : leaf.rows) fitted[r] = v;
        }
        return out.toTree();
    }

    private void offer(Node n, PriorityQueue<Node> queue, List<Node> leaves) {
        if (n.feature >= 0 && n.gain > 1e-12) {
            queue.add(n);
        } else {
            n.histSum = null;
            n.histCount = null;
            leaves.add(n);
        }
    }

    /** Finds the best split of a (and of its sibling b, when given) once their statistics exist. */
    private void prepare(Node a, Node b, Node parent, double[] target, Params params, boolean allFeatures, int mtry,
                         SplittableRandom rng) {
        if (b == null) {
            search(a, target, params, allFeatures, mtry, rng);
            return;
        }
        if (allFeatures && parent.histSum != null && !small(a) && !small(b)) {
            Node lo = a.rows.length <= b.rows.length ? a : b;
            Node hi = lo == a ? b : a;
            histograms(lo, target, allIndices());
            hi.histSum = new double[p][];
            hi.histCount = new int[p][];
            for (int j = 0; j < p; j++) {
                double[] s = parent.histSum[j].clone();
                int[] c = parent.histCount[j].clone();
                for (int k = 0; k < s.length; k++) {
                    s[k] -= lo.histSum[j][k];
                    c[k] -= lo.histCount[j][k];
                }
                hi.histSum[j] = s;
                hi.histCount[j] = c;
            }
            bestFromHistograms(lo, params, allIndices());
            bestFromHistograms(hi, params, allIndices());
            return;
        }
        search(a, target, params, allFeatures, mtry, rng);
        search(b, target, params, allFeatures, mtry, rng);
    }

    private boolean small(Node n) {
        return n.rows.length < SMALL_NODE;
    }

    private int[] allIndices() {
        return IntStream.range(0, p).toArray();
    }

    private void search(Node n, double[] target, Params params, boolean allFeatures, int mtry, SplittableRandom rng) {
        if (n.depth >= params.maxDepth() || n.rows.length < 2 * params.minLeaf()) return;
        int[] features = allFeatures ? allIndices() : sample(mtry, rng);
        if (small(n)) {
            exactSearch(n, target, params, features);
        } else {
            histograms(n, target, features);
            bestFromHistograms(n, params, features);
            if (!allFeatures) {
                n.histSum = null;
                n.histCount = null;
            }
        }
    }

    private int[] sample(int k, SplittableRandom rng) {
        int[] idx = IntStream.range(0, p).toArray();
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(p - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] chosen = Arrays.copyOf(idx, k);
        Arrays.sort(chosen);
        return chosen;
    }

    private void histograms(Node n, double[] target, int[] features) {
        n.histSum = new double[p][];
        n.histCount = new int[p][];
        // the node's targets, gathered once: every feature's pass then reads them in order
        int[] rows = n.rows;
        double[] t = new double[rows.length];
        for (int i = 0; i < rows.length; i++) t[i] = target[rows[i]];
        IntStream stream = IntStream.of(features);
        if (rows.length >= PARALLEL_ROWS) stream = stream.parallel();
        stream.forEach(j -> {
            double[] s = new double[binner.bins(j)];
            int[] c = new int[binner.bins(j)];
            byte[] col = codes[j];
            for (int i = 0; i < rows.length; i++) {
                int b = col[rows[i]] & 0xFF;
                s[b] += t[i];
                c[b]++;
            }
            n.histSum[j] = s;
            n.histCount[j] = c;
        });
    }

    private void bestFromHistograms(Node n, Params params, int[] features) {
        if (n.depth >= params.maxDepth() || n.rows.length < 2 * params.minLeaf()) return;
        int total = n.rows.length;
        double parent = n.sum * n.sum / total;
        for (int j : features) {
            double[] s = n.histSum[j];
            int[] c = n.histCount[j];
            double ls = 0;
            int lc = 0;
            for (int b = 0; b < s.length - 1; b++) {
                ls += s[b];
                lc += c[b];
                if (c[b] == 0) continue;
                if (!consider(n, j, b, ls, lc, parent, params)) break;
            }
        }
    }

    private void exactSearch(Node n, double[] target, Params params, int[] features) {
        int total = n.rows.length;
        double parent = n.sum * n.sum / total;
        long[] keyed = new long[total];
        for (int j : features) {
            byte[] col = codes[j];
            for (int i = 0; i < total; i++) keyed[i] = ((long) (col[n.rows[i]] & 0xFF) << 32) | i;
            Arrays.sort(keyed);
            double ls = 0;
            for (int i = 0; i < total - 1; i++) {
                int row = n.rows[(int) keyed[i]];
                ls += target[row];
                int lc = i + 1;
                int binHere = (int) (keyed[i] >>> 32);
                int binNext = (int) (keyed[i + 1] >>> 32);
                if (binHere == binNext) continue;
                if (!consider(n, j, binHere, ls, lc, parent, params)) break;
            }
        }
    }

    /**
     * Scores the split that sends {@code lc} rows summing to {@code ls} left: the drop in squared
     * error, kept when it beats the node's best. False once the right side is too small for any
     * further bin to split.
     */
    private static boolean consider(Node n, int feature, int bin, double ls, int lc, double parent, Params params) {
        int rc = n.rows.length - lc;
        if (rc < params.minLeaf()) return false;
        if (lc < params.minLeaf()) return true;
        double rs = n.sum - ls;
        double gain = ls * ls / lc + rs * rs / rc - parent;
        if (gain > n.gain) {
            n.gain = gain;
            n.feature = feature;
            n.bin = bin;
        }
        return true;
    }

    private int[][] partition(Node n) {
        byte[] col = codes[n.feature];
        int left = 0;
        for (int r : n.rows) if ((col[r] & 0xFF) <= n.bin) left++;
        int[] l = new int[left], rr = new int[n.rows.length - left];
        int a = 0, b = 0;
        for (int r : n.rows) {
            if ((col[r] & 0xFF) <= n.bin) l[a++] = r;
            else rr[b++] = r;
        }
        return new int[][] {l, rr};
    }

    /** Node arrays that grow as the tree does. */
    private static final class Growable {
        int[] feature = new int[64], left = new int[64], right = new int[64];
        double[] threshold = new double[64], value = new double[64];
        int size;

        int add() {
            if (size == feature.length) {
                int cap = size * 2;
                feature = Arrays.copyOf(feature, cap);
                left = Arrays.copyOf(left, cap);
                right = Arrays.copyOf(right, cap);
                threshold = Arrays.copyOf(threshold, cap);
                value = Arrays.copyOf(value, cap);
            }
            feature[size] = -1;
            return size++;
        }

        void split(int id, int f, double t, int l, int r) {
            feature[id] = f;
            threshold[id] = t;
            left[id] = l;
            right[id] = r;
        }

        void leaf(int id, double v) {
            feature[id] = -1;
            value[id] = v;
        }

        FlatTree toTree() {
            return new FlatTree(Arrays.copyOf(feature, size), Arrays.copyOf(threshold, size), Arrays.copyOf(left, size),
                    Arrays.copyOf(right, size), Arrays.copyOf(value, size));
        }
    }
}
