package frontier.simulate.cost;

/**
 * Two-batch overlap for expert parallelism: the batch is split in two micro-batches that
 * alternate on one compute stream and one communication stream, so one's all-to-all runs
 * under the other's computation. Per layer and micro-batch: attention (compute), dispatch
 * (comm), experts (compute), combine (comm); the next layer's attention needs the combine.
 * The timing of this two-resource schedule is worked out event by event for one layer in
 * steady state (the same layer repeats), which is what hides, or fails to hide, the traffic.
 */
final class TwoBatchOverlap {
    private TwoBatchOverlap() {}

    /**
     * Steady-state time of one layer for two micro-batches, each costing {@code attn},
     * {@code dispatch}, {@code experts} and {@code combine} µs.
     */
    static double layerUs(double attn, double dispatch, double experts, double combine) {
        // run three layers back to back and take the middle one's span: start-up and drain excluded
        double compute = 0, comm = 0;
        double[] readyA = {0, 0}; // when each micro-batch may start its next attention
        double start2 = 0, start3 = 0;
        for (int layer = 0; layer < 3; layer++) {
            if (layer == 1) start2 = compute;
            if (layer == 2) start3 = compute;
            double[] attnEnd = new double[2];
            for (int mb = 0; mb < 2; mb++) {
                compute = Math.max(compute, readyA[mb]) + attn;
                attnEnd[mb] = compute;
            }
            double[] dispEnd = new double[2];
            for (int mb = 0; mb < 2; mb++) {
                comm = Math.max(comm, attnEnd[mb]) + dispatch;
                dispEnd[mb] = comm;
            }
            double[] expEnd = new double[2];
            for (int mb = 0; mb < 2; mb++) {
                compute = Math.max(compute, dispEnd[mb]) + experts;
                expEnd[mb] = compute;
            }
            for (int mb = 0; mb < 2; mb++) {
                comm = Math.max(comm, expEnd[mb]) + combine;
                readyA[mb] = comm;
            }
        }
        return start3 - start2;
    }
}
