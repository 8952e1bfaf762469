package frontier.simulate;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import frontier.calibrate.bundle.Bundle;
import frontier.calibrate.cli.CalibrateCommand;
import picocli.CommandLine;

/**
 * A small bundle calibrated once per test run from the real RTX PRO 6000 kernel-table slices in
 * calibrate's test fixtures: GEMM, attention, MoE and NCCL collectives.
 */
public final class TestBundles {
    private static Bundle rtx;

    private TestBundles() {}

    public static synchronized Bundle rtx() {
        if (rtx != null) return rtx;
        try {
            rtx = calibrated("aiconfigurator/rtx_pro_6000_server", "rtx_pro_6000_server",
                    Files.createTempDirectory("frontier-test-bundle").resolve("rtx"));
            return rtx;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Calibrates the tables under calibrate's test fixtures at {@code fixture} for {@code hardware} into {@code out}. */
    public static Bundle calibrated(String fixture, String hardware, Path out) {
        return calibratedFrom(Path.of("../calibrate/src/test/resources/fixtures").resolve(fixture).toAbsolutePath(), hardware, out);
    }

    /** Calibrates the tables in {@code tables} for {@code hardware} into {@code out}. */
    public static Bundle calibratedFrom(Path tables, String hardware, Path out) {
        int code = new CommandLine(new CalibrateCommand(new PrintStream(OutputStream.nullOutputStream())))
                .execute("--profiles", tables.toString(), "--hardware", hardware, "--out", out.toString());
        if (code != 0) throw new IllegalStateException("test calibration failed with exit code " + code);
        return Bundle.load(out);
    }
}
