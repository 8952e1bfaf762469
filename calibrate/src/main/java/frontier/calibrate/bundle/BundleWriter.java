package frontier.calibrate.bundle;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import frontier.calibrate.fit.FamilyCalibration;
import frontier.calibrate.fit.FamilyResult;
import frontier.calibrate.fit.ModelCodec;
import frontier.calibrate.hardware.HardwareProfile;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a calibration bundle: {@code manifest.json} (inputs with SHA-256, versions, settings,
 * one entry per model), {@code hardware.yaml}, {@code models/*.model}, {@code heldout/*.parquet}
 * (held-out rows with predictions), {@code metrics.json}, {@code report.md} and {@code report.html}.
 * Nothing in it depends on the clock, so the same inputs give the same bytes.
 */
public final class BundleWriter {
    public static final String FORMAT = "frontier-operator-bundle";
    public static final int FORMAT_VERSION = 1;
    public static final String MANIFEST = "manifest.json";

    private BundleWriter() {}

    public static void write(Path dir, List<FamilyResult> results, HardwareProfile hw, Path hardwareFile,
                             List<Path> inputs, FamilyCalibration.Settings settings, ObjectNode metrics, String report,
                             String html) throws IOException {
        Files.createDirectories(dir.resolve("models"));
        ObjectNode m = Json.MAPPER.createObjectNode();
        m.put("format", FORMAT);
        m.put("format_version", FORMAT_VERSION);
        m.put("frontier_version", Version.FRONTIER);
        m.put("calibration_version", Version.CALIBRATION);
        m.put("hardware", hw.name());
        m.put("hardware_file", "hardware.yaml");
        ObjectNode s = m.putObject("settings");
        s.put("seed", settings.seed());
        s.put("folds", settings.folds());
        s.put("cv_rows", settings.cvRows());
        s.put("test_share", settings.testShare());
        s.put("extrapolation_share", settings.extrapolationShare());
        ArrayNode in = m.putArray("inputs");
        for (Path p : inputs) {
            ObjectNode e = in.addObject();
            e.put("path", p.toString());
            e.put("bytes", Files.size(p));
            e.put("sha256", sha256(p));
        }
        boolean qualify = results.stream().map(r -> r.key().family()).distinct().count() < results.size();
        ArrayNode models = m.putArray("models");
        for (FamilyResult r : results) {
            String label = r.key().label(qualify);
            String file = "models/" + label.replace('@', '_') + ".model";
            try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(file))))) {
                ModelCodec.write(r.model(), out);
            }
            HeldOutTable.write(dir, label, r);
            ObjectNode e = models.addObject();
            e.put("key", label);
            e.put("family", r.key().family().label());
            e.put("framework", r.key().framework());
            e.put("version", r.key().version());
            e.put("kind", r.model().kind());
            e.put("fixed_us", r.fixedUs());
            e.put("file", file);
            e.put("fallback_log_efficiency", r.fallback().logEfficiency());
            ArrayNode cols = e.putArray("shape_columns");
            r.key().family().shapeColumns().forEach(cols::add);
            ArrayNode ranges = e.putArray("ranges");
            for (double[] range : r.ranges()) ranges.addArray().add(range[0]).add(range[1]);
            ArrayNode k = e.putArray("kernels");
            r.kernels().forEach(k::add);
            ArrayNode w = e.putArray("categories");
            r.words().forEach(w::add);
            ObjectNode kr = e.putObject("kernel_rows");
            r.kernelRows().forEach((kernel, combos) -> {
                ObjectNode c = kr.putObject(kernel);
                combos.forEach(c::put);
            });
        }
        Files.copy(hardwareFile, dir.resolve("hardware.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Json.MAPPER.writeValue(dir.resolve(MANIFEST).toFile(), m);
        Json.MAPPER.writeValue(dir.resolve("metrics.json").toFile(), metrics);
        Files.writeString(dir.resolve("report.md"), report);
        Files.writeString(dir.resolve("report.html"), html);
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A folder is a bundle when its manifest says so. */
    public static boolean isBundle(Path dir) {
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) return false;
        try {
            return FORMAT.equals(Json.MAPPER.readTree(manifest.toFile()).path("format").asString(""));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Deletes a folder and everything in it; nothing when it does not exist. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
