package frontier.simulate.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import frontier.calibrate.bundle.BundleWriter;
import frontier.calibrate.bundle.CodeFingerprint;
import frontier.calibrate.bundle.Json;
import frontier.calibrate.bundle.Version;

/**
 * The folder of bundles calibrated on the fly. Each bundle's key includes the calibration code
 * that fitted it, so a bundle made by another build is never loaded by this one: after upgrades
 * the folder fills with bundles nothing reads, which {@link #prune} removes. A marker beside each
 * bundle says which code made it, and its modification time when a run last loaded it.
 */
public final class BundleCache {
    static final String MARKER = "frontier-cache.json";

    private final Path bundles;

    public BundleCache(Path root) {
        this.bundles = root.resolve("bundles");
    }

    public Path folder() { return bundles; }

    /** One cached bundle: its folder, size, when it was last loaded and whether this build can load it. */
    public record Entry(Path dir, String hardware, long bytes, Instant lastUsed, boolean current) {}

    /** Marks a bundle as made by this build's calibration code. */
    static void record(Path dir) {
        var m = Json.MAPPER.createObjectNode();
        m.put("frontier_version", Version.FRONTIER);
        m.put("calibration_version", Version.CALIBRATION);
        m.put("calibration_code", CodeFingerprint.calibrateCode());
        try {
            Files.writeString(dir.resolve(MARKER), m.toPrettyString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(MARKER), e);
        }
    }

    /**
     * Notes that a run loaded this bundle: the key it was found under includes this build's
     * calibration code, so a bundle cached before markers existed is marked as this build's.
     * A cache folder the user made read-only stays as it is.
     */
    static void touch(Path dir) {
        try {
            Path marker = dir.resolve(MARKER);
            if (Files.isRegularFile(marker)) Files.setLastModifiedTime(marker, FileTime.from(Instant.now()));
            else record(dir);
        } catch (IOException | UncheckedIOException e) {
            // the marker is only for listing and pruning; loading goes on
        }
    }

    /** The bundles in the cache, most recently used first. */
    public List<Entry> entries() throws IOException {
        if (!Files.isDirectory(bundles)) return List.of();
        String code = CodeFingerprint.calibrateCode();
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(bundles)) {
            for (Path dir : dirs.sorted().toList()) {
                if (!BundleWriter.isBundle(dir)) continue;
                Path marker = dir.resolve(MARKER);
                boolean current = false;
                Instant used = Files.getLastModifiedTime(dir).toInstant();
                if (Files.isRegularFile(marker)) {
                    var m = Json.MAPPER.readTree(marker.toFile());
                    current = code.equals(m.path("calibration_code").asString(""))
                            && Version.FRONTIER.equals(m.path("frontier_version").asString(""))
                            && Version.CALIBRATION == m.path("calibration_version").asInt(-1);
                    used = Files.getLastModifiedTime(marker).toInstant();
                }
                String hardware = Json.MAPPER.readTree(dir.resolve("manifest.json").toFile()).path("hardware").asString("");
                out.add(new Entry(dir, hardware, size(dir), used, current));
            }
        }
        out.sort(Comparator.comparing(Entry::lastUsed).reversed());
        return out;
    }

    /**
     * Removes the bundles this build cannot load (made by other calibration code, or not loaded
     * by any build since bundles were marked), or every bundle with {@code all}; with {@code dryRun} removes nothing.
     * Folders that are not bundles are never touched. Returns the entries removed (or that would be).
     */
    public List<Entry> prune(boolean all, boolean dryRun) throws IOException {
        List<Entry> gone = new ArrayList<>();
        for (Entry e : entries()) {
            if (e.current() && !all) continue;
            if (!dryRun) BundleWriter.deleteTree(e.dir());
            gone.add(e);
        }
        return gone;
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
