package frontier.calibrate.fit;

/**
 * A regression tree in parallel arrays: node i splits on {@code feature[i]} at
 * {@code threshold[i]} (x <= threshold goes to {@code left[i]}); a leaf has feature -1 and its
 * prediction in {@code value[i]}. Prediction walks a few arrays without allocating.
 */
public record FlatTree(int[] feature, double[] threshold, int[] left, int[] right, double[] value) {

    public double predict(double[] x) {
        int i = 0;
        while (feature[i] >= 0) i = x[feature[i]] <= threshold[i] ? left[i] : right[i];
        return value[i];
    }

    public int nodes() { return feature.length; }
}
