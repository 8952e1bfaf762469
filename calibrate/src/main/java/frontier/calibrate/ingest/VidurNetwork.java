package frontier.calibrate.ingest;

import frontier.calibrate.profile.Family;
import frontier.calibrate.profile.IngestReport;

/**
 * Vidur/Frontier {@code all_reduce.csv} and {@code send_recv.csv}: {@code size} bytes across
 * {@code num_workers} ranks placed {@code devices_per_node} to a node. The tables do not say the
 * element type, so dtype stays empty.
 */
final class VidurNetwork {
    private VidurNetwork() {}

    static void read(VidurTable v, IngestReport out) {
        if (v.missing(out, "collective", "size", "num_workers")) return;
        double[] bytes = v.num("size"), ranks = v.num("num_workers");
        double[] perNode = v.numOr("devices_per_node", Double.NaN);
        v.forEachOp(out, (op, timing) -> {
            Family family = switch (op) {
                case "all_reduce", "allreduce" -> Family.ALLREDUCE;
                case "all_gather", "allgather" -> Family.ALLGATHER;
                case "reduce_scatter" -> Family.REDUCE_SCATTER;
                case "all_to_all", "alltoall" -> Family.ALLTOALL;
                case "send_recv", "send", "recv" -> Family.P2P;
                default -> null;
            };
            if (family == null) {
                v.rejectOp(out, op, "unknown collective");
                return;
            }
            // without devices_per_node the placement is unknown: NaN makes RowCheck say so
            v.emit(out, timing, family, i -> new double[] {bytes[i], ranks[i], Math.min(ranks[i], perNode[i])},
                    i -> new String[] {null}, v.provenance("vidur:" + op));
        });
    }
}
