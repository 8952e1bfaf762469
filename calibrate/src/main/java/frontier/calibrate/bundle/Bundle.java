package frontier.calibrate.bundle;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import frontier.calibrate.UserInputException;
import frontier.calibrate.features.Vocabulary;
import frontier.calibrate.fit.ConstantModel;
import frontier.calibrate.fit.ModelCodec;
import frontier.calibrate.fit.PartitionKey;
import frontier.calibrate.hardware.HardwareProfile;
import frontier.calibrate.hardware.HardwareProfiles;
import frontier.calibrate.profile.Family;
import tools.jackson.databind.JsonNode;

/** A loaded calibration bundle: the operator models the simulator prices steps with. */
public final class Bundle {
    private final Path dir;
    private final HardwareProfile hardware;
    private final List<OperatorModel> models;

    private Bundle(Path dir, HardwareProfile hardware, List<OperatorModel> models) {
        this.dir = dir;
        this.hardware = hardware;
        this.models = List.copyOf(models);
    }

    public static Bundle load(Path dir) {
        if (!BundleWriter.isBundle(dir)) {
            throw new UserInputException(dir + ": not a Frontier calibration bundle (no " + BundleWriter.MANIFEST
                    + "); create one with `frontier calibrate --out " + dir + "`");
        }
        JsonNode m = Json.MAPPER.readTree(dir.resolve(BundleWriter.MANIFEST).toFile());
        int version = m.path("format_version").asInt(0);
        if (version != BundleWriter.FORMAT_VERSION) {
            throw new UserInputException(dir + ": bundle format " + version + " is not supported (this build reads "
                    + BundleWriter.FORMAT_VERSION + "); recalibrate");
        }
        HardwareProfile hw = HardwareProfiles.parse(dir.resolve(m.path("hardware_file").asString("hardware.yaml")),
                m.path("hardware").asString("hardware"));
        List<OperatorModel> models = new ArrayList<>();
        for (JsonNode e : m.path("models")) {
            var key = new PartitionKey(Family.fromLabel(e.path("family").asString()), e.path("framework").asString(""),
                    e.path("version").asString(""));
            List<String> kernels = new ArrayList<>(), words = new ArrayList<>();
            e.path("kernels").forEach(k -> kernels.add(k.asString("")));
            e.path("categories").forEach(k -> words.add(k.asString("")));
            double[][] ranges = new double[e.path("ranges").size()][2];
            int i = 0;
            for (JsonNode r : e.path("ranges")) {
                ranges[i][0] = r.path(0).asDouble();
                ranges[i][1] = r.path(1).asDouble();
                i++;
            }
            java.util.Map<String, java.util.Map<String, Integer>> kernelRows = new java.util.TreeMap<>();
            for (var k : e.path("kernel_rows").properties()) {
                java.util.Map<String, Integer> combos = new java.util.TreeMap<>();
                for (var c : k.getValue().properties()) combos.put(c.getKey(), c.getValue().asInt());
                kernelRows.put(k.getKey(), combos);
            }
            Path file = dir.resolve(e.path("file").asString());
            try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                models.add(new OperatorModel(key, new Vocabulary(kernels), new Vocabulary(words), ModelCodec.read(in),
                        e.path("fixed_us").asDouble(0), new ConstantModel(e.path("fallback_log_efficiency").asDouble()), ranges,
                        hw, kernelRows));
            } catch (IOException ex) {
                throw new UserInputException(file + ": cannot read model (" + ex.getMessage() + "); recalibrate");
            }
        }
        return new Bundle(dir, hw, models);
    }

    public Path dir() { return dir; }
    public HardwareProfile hardware() { return hardware; }
    public List<OperatorModel> models() { return models; }

    /**
     * The model of a family for a software stack: an exact framework match with the nearest
     * version, else any model of the family.
     */
    public Optional<OperatorModel> find(Family family, String framework, String version) {
        List<OperatorModel> same = models.stream().filter(o -> o.key().family() == family).toList();
        if (same.isEmpty()) return Optional.empty();
        List<OperatorModel> fw = framework == null ? List.of()
                : same.stream().filter(o -> o.key().framework().equalsIgnoreCase(framework)).toList();
        List<OperatorModel> pool = fw.isEmpty() ? same : fw;
        return pool.stream().min((a, b) -> Double.compare(VersionDistance.between(a.key().version(), version),
                VersionDistance.between(b.key().version(), version)));
    }
}
