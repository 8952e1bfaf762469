package frontier.calibrate.hardware;

import java.util.List;
import java.util.Map;

/**
 * The public figures of one GPU model that physics features and rooflines need. Bandwidths are in
 * bytes per second per GPU in one direction; latencies in seconds; peaks are dense (no sparsity)
 * tensor-core FLOP/s.
 */
public record HardwareProfile(
        String name,
        String displayName,
        int smCount,
        double memoryBytes,
        double memoryBandwidth,
        Map<Dtype, Double> peakFlops,
        int gpusPerNode,
        double intraNodeBandwidth,
        double intraNodeLatency,
        double interNodeBandwidth,
        double interNodeLatency,
        double pcieBandwidth,
        List<Source> sources) {

    /** Where a figure comes from: a public datasheet, whitepaper or product page. */
    public record Source(String figures, String url) {}

    public HardwareProfile {
        peakFlops = Map.copyOf(peakFlops);
        sources = List.copyOf(sources);
    }

    /**
     * Dense tensor-core peak for arithmetic in this format. A format the GPU lacks (fp8 on A100,
     * fp4 on Hopper) runs at the fastest slower format it has, as frameworks emulate it there.
     */
    public double peakFlops(Dtype dtype) {
        Dtype c = dtype.computeFormat();
        Double v = peakFlops.get(c);
        if (v != null) return v;
        return switch (c) {
            case FP4 -> peakFlops(Dtype.FP8);
            case FP8 -> peakFlops.getOrDefault(Dtype.INT8, peakFlops(Dtype.BF16));
            case INT8 -> peakFlops(Dtype.BF16);
            case FP32 -> peakFlops(Dtype.BF16) / 2;
            default -> throw new IllegalStateException(name + ": no bfloat16 peak in the hardware profile");
        };
    }

    /** Seconds to move bytes through device memory at peak bandwidth. */
    public double memorySeconds(double bytes) {
        return bytes / memoryBandwidth;
    }
}
