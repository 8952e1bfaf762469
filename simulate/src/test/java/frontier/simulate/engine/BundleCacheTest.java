package frontier.simulate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import frontier.calibrate.cli.Cli;
import frontier.simulate.cli.CacheCommand;
import picocli.CommandLine;

class BundleCacheTest {
    @TempDir Path root;

    private Path bundle(String name) throws Exception {
        Path dir = Files.createDirectories(root.resolve("bundles").resolve(name));
        Files.writeString(dir.resolve("manifest.json"), "{\"format\": \"frontier-operator-bundle\", \"hardware\": \"h200_sxm\"}");
        Files.writeString(dir.resolve("models.bin"), "x".repeat(1000));
        return dir;
    }

    private static Set<String> names(java.util.List<BundleCache.Entry> entries) {
        return entries.stream().map(e -> e.dir().getFileName().toString()).collect(Collectors.toSet());
    }

    @Test
    void pruneRemovesOnlyBundlesThisBuildCannotLoad() throws Exception {
        Path mine = bundle("h200_sxm-mine");
        BundleCache.record(mine);
        Path other = bundle("h200_sxm-other");
        Files.writeString(other.resolve(BundleCache.MARKER), "{\"frontier_version\": \"0.1.0\", \"calibration_version\": 13, \"calibration_code\": \"not-this-build\"}");
        Path unmarked = bundle("h200_sxm-unmarked");
        Path notBundle = Files.createDirectories(root.resolve("bundles").resolve("half-written"));

        var cache = new BundleCache(root);
        assertEquals(Set.of("h200_sxm-mine", "h200_sxm-other", "h200_sxm-unmarked"), names(cache.entries()));
        assertEquals(Set.of("h200_sxm-mine"), names(cache.entries().stream().filter(BundleCache.Entry::current).toList()));

        assertEquals(Set.of("h200_sxm-other", "h200_sxm-unmarked"), names(cache.prune(false, true)));
        assertTrue(Files.isDirectory(other) && Files.isDirectory(unmarked), "a dry run removes nothing");

        cache.prune(false, false);
        assertTrue(Files.isDirectory(mine));
        assertFalse(Files.exists(other));
        assertFalse(Files.exists(unmarked));
        assertTrue(Files.isDirectory(notBundle), "a folder that is not a bundle is never touched");

        cache.prune(true, false);
        assertFalse(Files.exists(mine));
        assertTrue(Files.isDirectory(notBundle));
    }

    @Test
    void loadingAnUnmarkedBundleMarksItAsThisBuilds() throws Exception {
        Path dir = bundle("h200_sxm-old");
        var cache = new BundleCache(root);
        assertFalse(cache.entries().getFirst().current());
        BundleCache.touch(dir);
        assertTrue(cache.entries().getFirst().current());
    }

    @Test
    void commandListsPrunesAndRefusesOptionsWithoutPrune() throws Exception {
        bundle("h200_sxm-unmarked");
        var bytes = new ByteArrayOutputStream();
        var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        var err = new ByteArrayOutputStream();
        var cl = Cli.configure(new CommandLine(new CacheCommand(out)), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(0, cl.execute("--cache", root.toString()));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("h200_sxm-unmarked"), bytes.toString(StandardCharsets.UTF_8));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("cannot load it"));

        assertEquals(2, cl.execute("--cache", root.toString(), "--all"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--prune"), err.toString(StandardCharsets.UTF_8));
        assertTrue(Files.isDirectory(root.resolve("bundles/h200_sxm-unmarked")));

        bytes.reset();
        assertEquals(0, cl.execute("--cache", root.toString(), "--prune"));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("freed 1 bundle(s)"), bytes.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(root.resolve("bundles/h200_sxm-unmarked")));
    }
}
