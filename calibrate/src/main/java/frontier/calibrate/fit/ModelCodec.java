package frontier.calibrate.fit;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A small, versioned binary format for fitted models: plain arrays, no Java serialization, so a
 * bundle stays readable across JDK and library versions.
 */
public final class ModelCodec {
    private static final int MAGIC = 0x46524D31; // "FRM1"

    private ModelCodec() {}

    public static void write(Regressor r, DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeUTF(r.kind());
        switch (r) {
            case ConstantModel c -> out.writeDouble(c.logEfficiency());
            case LinearModel m -> {
                out.writeInt(m.categorical().length);
                for (int j = 0; j < m.categorical().length; j++) {
                    out.writeBoolean(m.categorical()[j]);
                    int[] lv = m.levels()[j];
                    out.writeInt(lv == null ? -1 : lv.length);
                    if (lv != null) for (int v : lv) out.writeInt(v);
                    out.writeDouble(m.means()[j]);
                    out.writeDouble(m.scales()[j]);
                }
                writeDoubles(m.weights(), out);
            }
            case ForestModel f -> writeTrees(f.trees(), out);
            case BoostedModel b -> {
                out.writeDouble(b.base());
                out.writeDouble(b.learningRate());
                writeTrees(b.trees(), out);
            }
        }
    }

    public static Regressor read(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC) throw new IOException("not a Frontier model file");
        String kind = in.readUTF();
        return switch (kind) {
            case "constant" -> new ConstantModel(in.readDouble());
            case "ols" -> {
                int p = in.readInt();
                boolean[] cat = new boolean[p];
                int[][] levels = new int[p][];
                double[] means = new double[p], scales = new double[p];
                for (int j = 0; j < p; j++) {
                    cat[j] = in.readBoolean();
                    int n = in.readInt();
                    if (n >= 0) {
                        levels[j] = new int[n];
                        for (int k = 0; k < n; k++) levels[j][k] = in.readInt();
                    }
                    means[j] = in.readDouble();
                    scales[j] = in.readDouble();
                }
                yield new LinearModel(cat, levels, means, scales, readDoubles(in));
            }
            case "random_forest" -> new ForestModel(readTrees(in));
            case "gradient_boosting" -> {
                double base = in.readDouble(), lr = in.readDouble();
                yield new BoostedModel(base, lr, readTrees(in));
            }
            default -> throw new IOException("unknown model kind '" + kind + "'");
        };
    }

    private static void writeTrees(FlatTree[] trees, DataOutputStream out) throws IOException {
        out.writeInt(trees.length);
        for (FlatTree t : trees) {
            int n = t.nodes();
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                out.writeInt(t.feature()[i]);
                if (t.feature()[i] >= 0) {
                    out.writeDouble(t.threshold()[i]);
                    out.writeInt(t.left()[i]);
                    out.writeInt(t.right()[i]);
                } else {
                    out.writeDouble(t.value()[i]);
                }
            }
        }
    }

    private static FlatTree[] readTrees(DataInputStream in) throws IOException {
        FlatTree[] trees = new FlatTree[in.readInt()];
        for (int t = 0; t < trees.length; t++) {
            int n = in.readInt();
            int[] f = new int[n], l = new int[n], r = new int[n];
            double[] th = new double[n], v = new double[n];
            for (int i = 0; i < n; i++) {
                f[i] = in.readInt();
                if (f[i] >= 0) {
                    th[i] = in.readDouble();
                    l[i] = in.readInt();
                    r[i] = in.readInt();
                } else {
                    v[i] = in.readDouble();
                }
            }
            trees[t] = new FlatTree(f, th, l, r, v);
        }
        return trees;
    }

    private static void writeDoubles(double[] a, DataOutputStream out) throws IOException {
        out.writeInt(a.length);
        for (double v : a) out.writeDouble(v);
    }

    private static double[] readDoubles(DataInputStream in) throws IOException {
        double[] a = new double[in.readInt()];
        for (int i = 0; i < a.length; i++) a[i] = in.readDouble();
        return a;
    }
}
