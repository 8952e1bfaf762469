package frontier.calibrate.hardware;

import static frontier.calibrate.hardware.HardwareProfiles.positive;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import frontier.calibrate.UserInputException;
import tools.jackson.databind.JsonNode;

/**
 * A GPU described in aiconfigurator's system format (the YAML that sits beside its kernel tables:
 * {@code gpu.mem_bw}, {@code gpu.<format>_tc_flops}, {@code node.intra_node_bw}, ...), read as a
 * hardware profile, so kernel tables of a GPU that has no profile in {@code hardware-profiles/}
 * still calibrate and simulate. The format gives no SM count; the count of the architecture's
 * data-center part stands in (tile and wave features use it; calibration and simulation both see
 * the same value), or {@code gpu.sm_count} where the file has one.
 */
final class AiconfiguratorSystem {
    private AiconfiguratorSystem() {}

    /** SMs of the data-center part of each compute capability: A100, L40S, H100/H200, B200, B300, RTX PRO 6000. */
    private static final Map<Integer, Integer> SMS_BY_VERSION = Map.of(80, 108, 89, 142, 90, 132, 100, 148, 103, 160, 120, 188);

    static HardwareProfile profile(JsonNode root, Path file, String name) {
        JsonNode gpu = root.path("gpu"), node = root.path("node");
        Map<Dtype, Double> peaks = new EnumMap<>(Dtype.class);
        for (var e : gpu.properties()) {
            String key = e.getKey();
            if (!key.endsWith("_tc_flops")) continue;
            Dtype d = Dtype.parseOrNull(key.substring(0, key.length() - "_tc_flops".length()));
            if (d != null) peaks.putIfAbsent(d, positive(e.getValue(), "gpu." + key, file));
        }
        if (!peaks.containsKey(Dtype.BF16)) {
            throw new UserInputException(file + ": gpu.bfloat16_tc_flops (or gpu.float16_tc_flops) is required");
        }
        int sms;
        if (gpu.has("sm_count")) {
            sms = (int) positive(gpu.get("sm_count"), "gpu.sm_count", file);
        } else {
            int version = (int) positive(required(gpu, "sm_version", file), "gpu.sm_version", file);
            Integer known = SMS_BY_VERSION.get(version);
            if (known == null) {
                throw new UserInputException(file + ": gpu.sm_version " + version + " has no known SM count; add gpu.sm_count");
            }
            sms = known;
        }
        double latency = positive(required(node, "p2p_latency", file), "node.p2p_latency", file);
        return new HardwareProfile(
                name,
                name + " (aiconfigurator system file)",
                sms,
                positive(required(gpu, "mem_capacity", file), "gpu.mem_capacity", file),
                positive(required(gpu, "mem_bw", file), "gpu.mem_bw", file),
                peaks,
                (int) positive(required(node, "num_gpus_per_node", file), "node.num_gpus_per_node", file),
                positive(required(node, "intra_node_bw", file), "node.intra_node_bw", file),
                latency,
                positive(required(node, "inter_node_bw", file), "node.inter_node_bw", file),
                latency,
                positive(required(node, "pcie_bw", file), "node.pcie_bw", file),
                List.of(new HardwareProfile.Source("every figure (aiconfigurator system format)", file.toString())));
    }

    private static JsonNode required(JsonNode parent, String field, Path file) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) throw new UserInputException(file + ": missing field '" + field + "' (aiconfigurator system format)");
        return v;
    }
}
