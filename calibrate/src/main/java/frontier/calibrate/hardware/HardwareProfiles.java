package frontier.calibrate.hardware;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import frontier.calibrate.UserInputException;
import tools.jackson.databind.JsonNode;

/** Loads GPU profiles from the {@code hardware-profiles/} folder (one YAML file per GPU). */
public final class HardwareProfiles {

    private final Path folder;

    public HardwareProfiles(Path folder) {
        this.folder = folder;
    }

    /** The folder beside the working directory or the installation, whichever exists. */
    public static HardwareProfiles discover() {
        return new HardwareProfiles(frontier.calibrate.ProjectPaths.root().resolve("hardware-profiles"));
    }

    public Path folder() { return folder; }

    public List<String> names() {
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml"))
                    .map(f -> f.substring(0, f.length() - ".yaml".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The file of a profile: by name ("h200_sxm"), by another name a profile lists under
     * {@code aliases} (kernel tables and benchmark tables name a GPU by its system, "b200_sxm"),
     * or a path to a YAML file. The file may not exist; {@link #load} says so.
     */
    public Path file(String nameOrPath) {
        if (nameOrPath.endsWith(".yaml") || nameOrPath.contains("/")) return Path.of(nameOrPath);
        Path direct = folder.resolve(nameOrPath + ".yaml");
        if (Files.isRegularFile(direct)) return direct;
        for (String n : names()) {
            Path f = folder.resolve(n + ".yaml");
            for (JsonNode a : frontier.calibrate.io.Yaml.readMapping(f).path("aliases")) {
                if (nameOrPath.equals(a.asString(""))) return f;
            }
        }
        return direct;
    }

    /**
     * The profile whose {@code display_name} is the device name a GPU reports (what
     * {@code torch.cuda.get_device_name} or nvidia-smi print), ignoring case; empty when none is.
     */
    public java.util.Optional<String> byDeviceName(String device) {
        if (device == null || device.isBlank()) return java.util.Optional.empty();
        for (String n : names()) {
            try {
                if (load(n).displayName().equalsIgnoreCase(device.strip())) return java.util.Optional.of(n);
            } catch (UserInputException e) {
                // a profile that does not parse names no device; loading it by name says why
            }
        }
        return java.util.Optional.empty();
    }

    /** Loads by name or alias ("h200_sxm", "b200_sxm") or by path to a YAML file (Frontier's or aiconfigurator's system format). */
    public HardwareProfile load(String nameOrPath) {
        Path file = file(nameOrPath);
        if (!Files.isRegularFile(file)) {
            throw new UserInputException("unknown hardware '" + nameOrPath + "': no " + file
                    + " (known: " + String.join(", ", names()) + "; or give the path of a profile YAML)");
        }
        return parse(file);
    }

    public static HardwareProfile parse(Path file) {
        return parse(file, file.getFileName().toString().replace(".yaml", ""));
    }

    /** Parses a profile file under the given name (a bundle keeps its copy as hardware.yaml). */
    public static HardwareProfile parse(Path file, String name) {
        JsonNode root = frontier.calibrate.io.Yaml.readMapping(file);
        if (!root.has("peak_dense_tflops") && root.path("gpu").isObject()) return AiconfiguratorSystem.profile(root, file, name);
        Map<Dtype, Double> peaks = new EnumMap<>(Dtype.class);
        JsonNode tf = required(root, "peak_dense_tflops", file);
        for (var e : tf.properties()) {
            if (e.getValue().isNull()) continue;
            Dtype d = Dtype.parseOrNull(e.getKey());
            if (d == null) throw new UserInputException(file + ": peak_dense_tflops." + e.getKey() + " is not a known format");
            peaks.putIfAbsent(d, positive(e.getValue(), "peak_dense_tflops." + e.getKey(), file) * 1e12);
        }
        if (!peaks.containsKey(Dtype.BF16)) throw new UserInputException(file + ": peak_dense_tflops.bfloat16 is required");
        JsonNode link = required(root, "interconnect", file);
        List<HardwareProfile.Source> sources = new ArrayList<>();
        JsonNode src = root.path("sources");
        for (JsonNode s : src) sources.add(new HardwareProfile.Source(s.path("figures").asString(""), s.path("url").asString("")));
        return new HardwareProfile(
                name,
                root.path("display_name").asString(file.getFileName().toString()),
                (int) positive(required(root, "sm_count", file), "sm_count", file),
                positive(required(root, "memory_gib", file), "memory_gib", file) * (1L << 30),
                positive(required(root, "memory_bandwidth_gbps", file), "memory_bandwidth_gbps", file) * 1e9,
                peaks,
                (int) positive(required(root, "gpus_per_node", file), "gpus_per_node", file),
                positive(required(link, "intra_node_gbps", file), "interconnect.intra_node_gbps", file) * 1e9,
                positive(required(link, "intra_node_latency_us", file), "interconnect.intra_node_latency_us", file) * 1e-6,
                positive(required(link, "inter_node_gbps", file), "interconnect.inter_node_gbps", file) * 1e9,
                positive(required(link, "inter_node_latency_us", file), "interconnect.inter_node_latency_us", file) * 1e-6,
                positive(required(link, "pcie_gbps", file), "interconnect.pcie_gbps", file) * 1e9,
                sources);
    }

    private static JsonNode required(JsonNode node, String field, Path file) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) throw new UserInputException(file + ": missing field '" + field + "'");
        return v;
    }

    /** A figure that must be a positive number, or an error naming the file and field. */
    static double positive(JsonNode v, String field, Path file) {
        if (!v.isNumber() || !(v.asDouble() > 0)) {
            throw new UserInputException(file + ": field '" + field + "' must be a positive number, got '" + v + "'");
        }
        return v.asDouble();
    }
}
