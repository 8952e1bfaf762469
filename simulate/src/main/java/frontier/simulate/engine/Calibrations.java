package frontier.simulate.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import frontier.calibrate.UserInputException;
import frontier.calibrate.bundle.Bundle;
import frontier.calibrate.bundle.BundleWriter;
import frontier.calibrate.bundle.CodeFingerprint;
import frontier.calibrate.bundle.Version;
import frontier.calibrate.cli.CalibrateCommand;
import frontier.calibrate.hardware.HardwareProfiles;
import frontier.calibrate.ingest.Ingest;
import frontier.simulate.cluster.DeploymentSpec;

/**
 * Finds the operator models of a deployment: its bundle, or its kernel tables calibrated on the
 * fly and kept in a cache folder named by the content hash of the tables and the hardware
 * profile, so the second run with the same inputs loads instead of refitting.
 */
public final class Calibrations {
    private Calibrations() {}

    public static Path cacheRoot() {
        String env = System.getenv("FRONTIER_CACHE");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".cache", "frontier");
    }

    public static Bundle obtain(DeploymentSpec spec) {
        if (spec.bundle() != null) {
            Bundle b = Bundle.load(spec.bundle());
            if (!b.hardware().name().equals(HardwareProfiles.discover().load(spec.hardware()).name())) {
                throw new UserInputException(spec.file() + ": the bundle " + spec.bundle() + " was calibrated for "
                        + b.hardware().name() + " but the deployment runs on " + spec.hardware());
            }
            return b;
        }
        if (spec.profiles().isEmpty()) {
            throw new UserInputException(spec.file() + ": give calibration.bundle or calibration.profiles (kernel tables to calibrate)");
        }
        return calibrated(spec.profiles(), spec.hardware());
    }

    public static Bundle calibrated(List<Path> profiles, String hardware) {
        var hwProfiles = HardwareProfiles.discover();
        String name = hwProfiles.load(hardware).name();
        Path hwFile = hwProfiles.file(hardware);
        String key = contentKey(profiles, hwFile);
        Path dir = new BundleCache(cacheRoot()).folder().resolve(name + "-" + key.substring(0, 16));
        if (BundleWriter.isBundle(dir)) {
            BundleCache.touch(dir);
            return Bundle.load(dir);
        }
        System.err.println("frontier: calibrating " + profiles.size() + " profile path(s) for " + hardware
                + " (cached in " + dir + " for later runs)");
        var cmd = new CalibrateCommand(System.err);
        try {
            int code = new picocli.CommandLine(cmd).setExecutionExceptionHandler((ex, line, parsed) -> {
                throw ex;
            }).execute(args(profiles, hardware, dir));
            if (code != 0) throw new UserInputException("calibration of " + profiles + " failed (exit " + code + ")");
            BundleCache.record(dir);
        } catch (UserInputException e) {
            throw e;
        } catch (RuntimeException e) {
            if (e.getCause() instanceof UserInputException u) throw u;
            throw e;
        }
        return Bundle.load(dir);
    }

    private static String[] args(List<Path> profiles, String hardware, Path dir) {
        List<String> a = new ArrayList<>();
        a.add("--profiles");
        profiles.forEach(p -> a.add(p.toString()));
        a.add("--hardware");
        a.add(hardware);
        a.add("--out");
        a.add(dir.toString());
        return a.toArray(String[]::new);
    }

    /**
     * SHA-256 over the tables' contents (in a stable order), the hardware profile, this release
     * and the calibration code that would fit them.
     */
    static String contentKey(List<Path> profiles, Path hwFile) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((Version.FRONTIER + "/" + Version.CALIBRATION + "/" + CodeFingerprint.calibrateCode()).getBytes());
            md.update(Files.readAllBytes(hwFile));
            for (Path f : Ingest.tableFiles(profiles)) {
                // framework and version can come from the folders, so they are part of the key
                int n = f.getNameCount();
                md.update(f.subpath(Math.max(0, n - 4), n).toString().getBytes());
                md.update(BundleWriter.sha256(f).getBytes());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UserInputException("cannot read calibration inputs: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
