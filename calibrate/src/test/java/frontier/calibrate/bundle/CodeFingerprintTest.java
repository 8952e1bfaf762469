package frontier.calibrate.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeFingerprintTest {
    @TempDir Path tmp;

    private Path classes(String name, byte[] physics) throws IOException {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir.resolve("frontier/calibrate/features"));
        Files.write(dir.resolve("frontier/calibrate/features/MoePhysics.class"), physics);
        Files.write(dir.resolve("frontier/calibrate/Version.class"), new byte[] {1, 2, 3});
        return dir;
    }

    @Test
    void aJarAndAFolderOfTheSameClassesDigestAlikeWhateverTheirFileTimes() throws IOException {
        Path dir = classes("classes", new byte[] {7, 7, 7});
        Path jar = tmp.resolve("calibrate.jar");
        try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
            // entries in another order, with a resource that is not code
            for (String name : new String[] {"frontier/calibrate/Version.class", "frontier/calibrate/features/MoePhysics.class"}) {
                out.putNextEntry(new JarEntry(name));
                out.write(Files.readAllBytes(dir.resolve(name)));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/build.properties"));
            out.write("built=now".getBytes());
            out.closeEntry();
        }
        String before = CodeFingerprint.of(dir);
        Files.setLastModifiedTime(dir.resolve("frontier/calibrate/Version.class"), FileTime.fromMillis(0));
        assertEquals(before, CodeFingerprint.of(dir));
        assertEquals(before, CodeFingerprint.of(jar));
    }

    @Test
    void changedPhysicsChangesTheDigest() throws IOException {
        String a = CodeFingerprint.of(classes("a", new byte[] {7, 7, 7}));
        String b = CodeFingerprint.of(classes("b", new byte[] {7, 7, 8}));
        assertNotEquals(a, b);
    }

    @Test
    void theRunningCalibrationCodeHasAStableDigest() {
        String f = CodeFingerprint.calibrateCode();
        assertEquals(64, f.length(), "a SHA-256 of the calibrate classes: " + f);
        assertEquals(f, CodeFingerprint.calibrateCode());
    }
}
