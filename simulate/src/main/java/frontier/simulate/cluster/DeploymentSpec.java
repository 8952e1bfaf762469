package frontier.simulate.cluster;

import java.nio.file.Path;
import java.util.List;

import frontier.calibrate.hardware.Dtype;

/**
 * A deployment as the user describes it: the model and its precision, the GPU, the engine and
 * its version (which selects kernel tables), how operator models are obtained, and the clusters
 * and links that serve requests.
 *
 * @param bundle           a calibration bundle folder, or null
 * @param profiles         kernel-table paths calibrated on the fly (cached by content hash) when no bundle is given
 * @param attentionBackend the attention kernel to price with ("auto": the measured kernel for the KV format)
 * @param moeDtype         the experts' format when it differs from the rest (FP8 attention, 4-bit experts)
 * @param moeRouting       how tokens pick experts: balanced, uniform, power_law_&lt;alpha&gt;[_eplb], histogram:&lt;file&gt;
 * @param gemmFormat       the kernel tables' name for the projections' format when it says more than the dtype
 *                         ("fp8_block": block-scaled FP8); null = the dtype's own name
 * @param moeFormat        the same for the experts
 */
public record DeploymentSpec(
        String name,
        String model,
        Dtype dtype,
        Dtype kvCacheDtype,
        String hardware,
        String engine,
        String engineVersion,
        Path bundle,
        List<Path> profiles,
        String attentionBackend,
        RouterPolicy router,
        String moeRouting,
        List<ClusterSpec> clusters,
        List<LinkSpec> links,
        Path file,
        Dtype moeDtype,
        String gemmFormat,
        String moeFormat) {

    /** A deployment whose experts use the same format as everything else. */
    public DeploymentSpec(String name, String model, Dtype dtype, Dtype kvCacheDtype, String hardware, String engine,
                          String engineVersion, Path bundle, List<Path> profiles, String attentionBackend, RouterPolicy router,
                          String moeRouting, List<ClusterSpec> clusters, List<LinkSpec> links, Path file) {
        this(name, model, dtype, kvCacheDtype, hardware, engine, engineVersion, bundle, profiles, attentionBackend, router,
                moeRouting, clusters, links, file, dtype);
    }

    /** A deployment whose formats are named by their dtypes alone. */
    public DeploymentSpec(String name, String model, Dtype dtype, Dtype kvCacheDtype, String hardware, String engine,
                          String engineVersion, Path bundle, List<Path> profiles, String attentionBackend, RouterPolicy router,
                          String moeRouting, List<ClusterSpec> clusters, List<LinkSpec> links, Path file, Dtype moeDtype) {
        this(name, model, dtype, kvCacheDtype, hardware, engine, engineVersion, bundle, profiles, attentionBackend, router,
                moeRouting, clusters, links, file, moeDtype, null, null);
    }

    public int gpus() {
        return clusters.stream().mapToInt(c -> c.layout().gpus()).sum();
    }
}
