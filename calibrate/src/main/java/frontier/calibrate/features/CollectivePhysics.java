package frontier.calibrate.features;

import java.util.List;

import frontier.calibrate.hardware.HardwareProfile;
import frontier.calibrate.profile.Family;

/**
 * Collectives priced by the ring/bandwidth model: each rank moves a known multiple of the message
 * over its slowest link (NVLink or PCIe inside a node, the NIC across nodes), after a fixed
 * per-step latency. The model's efficiency then absorbs protocol and algorithm choices.
 */
public record CollectivePhysics(Family family) implements Physics {
    private static final List<String> NAMES = List.of(
            "log_bytes", "ranks", "ranks_per_node", "inter_node", "dtype", "kernel", "log_wire_bytes", "log_roofline");

    @Override public List<String> names() { return NAMES; }

    /** Bytes each rank sends for a message of the given size. */
    public static double wireBytes(Family family, double bytes, double ranks) {
        double n = Math.max(1, ranks);
        return switch (family) {
            case ALLREDUCE -> 2 * (n - 1) / n * bytes;
            case ALLGATHER, REDUCE_SCATTER, ALLTOALL -> (n - 1) / n * bytes;
            default -> bytes;
        };
    }

    /** Ring steps that each pay the link latency. */
    static double steps(Family family, double ranks) {
        double n = Math.max(1, ranks);
        return switch (family) {
            case ALLREDUCE -> 2 * (n - 1);
            case ALLGATHER, REDUCE_SCATTER, ALLTOALL -> n - 1;
            default -> 1;
        };
    }

    public static double rooflineUs(Family family, double bytes, double ranks, double ranksPerNode, HardwareProfile hw) {
        boolean inter = ranks > Math.max(1, ranksPerNode);
        double bw = inter ? hw.interNodeBandwidth() : hw.intraNodeBandwidth();
        double lat = inter ? hw.interNodeLatency() : hw.intraNodeLatency();
        return (steps(family, ranks) * lat + wireBytes(family, bytes, ranks) / bw) * 1e6;
    }

    @Override
    public FeatureRow compute(double[] s, String[] cats, int kernel, HardwareProfile hw, Vocabulary words) {
        double bytes = s[0], ranks = s[1], perNode = s[2];
        double roof = rooflineUs(family, bytes, ranks, perNode, hw);
        double[] f = {
                Physics.log2p1(bytes), ranks, perNode, ranks > Math.max(1, perNode) ? 1 : 0, words.code(cats[0]), kernel,
                Physics.log2p1(wireBytes(family, bytes, ranks)), Physics.log2(roof)};
        // communication has no arithmetic bound: nothing is "faster than peak"
        return new FeatureRow(f, roof, 0);
    }
}
