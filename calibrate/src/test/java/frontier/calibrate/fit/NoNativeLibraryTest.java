package frontier.calibrate.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * A user with only a JDK must be able to calibrate: the linear model is fitted in a JVM that
 * cannot find any native library (no OpenBLAS, no system BLAS).
 */
class NoNativeLibraryTest {
    @Test
    void olsFitsInAJvmWithoutNativeLibraries() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var pb = new ProcessBuilder(java, "-Djava.library.path=/nonexistent", "-cp", System.getProperty("java.class.path"),
                LinearFitProbe.class.getName());
        pb.environment().remove("LD_LIBRARY_PATH");
        pb.environment().put("LD_LIBRARY_PATH", "/nonexistent");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor(), out);
        assertEquals("33.0", out.lines().reduce((a, b) -> b).orElse(""), out);
    }
}
