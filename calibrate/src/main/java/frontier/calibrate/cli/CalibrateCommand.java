package frontier.calibrate.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import frontier.calibrate.ProjectPaths;
import frontier.calibrate.UserInputException;
import frontier.calibrate.bundle.BundleWriter;
import frontier.calibrate.fit.Calibrator;
import frontier.calibrate.fit.FamilyCalibration;
import frontier.calibrate.hardware.HardwareProfile;
import frontier.calibrate.hardware.HardwareProfiles;
import frontier.calibrate.ingest.Ingest;
import frontier.calibrate.profile.IngestReport;
import frontier.calibrate.report.CalibrationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "calibrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Fit operator-latency models from measured kernel profiles and prove their error on held-out rows.",
                "",
                "Reads aiconfigurator Parquet tables, Vidur/Frontier CSV (time_stats.*), LLMServingSim CSV and Frontier's "
                        + "normalized tables, as files or whole folders. Writes a bundle: manifest.json, models/, "
                        + "tables/<family>.parquet (the normalized measurements), heldout/<family>.parquet (held-out rows with "
                        + "predictions), metrics.json, report.md and report.html (charts, self-contained).",
                "",
                "With no options, calibrates the shipped RTX PRO 6000 vLLM 0.19 tables."},
        footer = {"", "Example:",
                "  frontier calibrate --profiles datasets/kernels/aiconfigurator/h200_sxm/gemm/vllm/0.24.0 \\",
                "      --hardware h200_sxm --out out/h200-gemm"})
public final class CalibrateCommand implements Callable<Integer> {

    @Option(names = "--profiles", arity = "1..*", paramLabel = "PATH",
            description = "Profile files or folders (any supported format; folders are searched recursively).")
    List<Path> profiles = new ArrayList<>();

    @Option(names = "--hardware", paramLabel = "NAME",
            description = "GPU profile in hardware-profiles/ (e.g. h200_sxm) or a path to a YAML file. Default: rtx_pro_6000_server.")
    String hardware = "rtx_pro_6000_server";

    @Option(names = "--out", paramLabel = "DIR", description = "Bundle folder to write. Default: out/calibration/<hardware>.")
    Path out;

    @Option(names = "--framework", paramLabel = "NAME", description = "Keep only tables of this framework (vllm, sglang, trtllm).")
    String framework;

    @Option(names = "--framework-version", paramLabel = "VERSION", description = "Keep only tables of this framework version.")
    String frameworkVersion;

    @Option(names = "--seed", description = "Seed of the held-out split and the models. Default: ${DEFAULT-VALUE}.")
    long seed = FamilyCalibration.Settings.DEFAULT.seed();

    @Option(names = "--strict", description = "Fail (exit 2) if any row is rejected, instead of counting and reporting it.")
    boolean strict;

    private final PrintStream stdout;

    public CalibrateCommand() {
        this(System.out);
    }

    public CalibrateCommand(PrintStream stdout) {
        this.stdout = stdout;
    }

    /** The shipped default: RTX PRO 6000 Blackwell, vLLM 0.19 kernel tables plus the layer profiles for Llama-3.1-8B. */
    public static List<Path> defaultProfiles() {
        Path k = ProjectPaths.datasets().resolve("kernels");
        return List.of(k.resolve("aiconfigurator/rtx_pro_6000_server"),
                k.resolve("llmservingsim/RTXPRO6000/meta-llama/Llama-3.1-8B"));
    }

    @Override
    public Integer call() throws IOException {
        List<Path> inputs = profiles.isEmpty() ? defaultProfiles() : profiles;
        HardwareProfiles profilesDir = HardwareProfiles.discover();
        HardwareProfile hw = profilesDir.load(hardware);
        Path hwFile = profilesDir.file(hardware);
        Path dir = out != null ? out : Path.of("out", "calibration", hw.name());
        checkOutput(dir);
        var result = calibrate(inputs, hw);
        writeBundle(dir, result, hw, hwFile);
        stdout.print(result.report().table());
        stdout.println();
        stdout.println("bundle: " + dir + "  (report.html, report.md, metrics.json, manifest.json, models/, tables/, heldout/)");
        if (result.ingest().rejectedRows() > 0) {
            stdout.println(result.ingest().rejectedRows() + " rows rejected (see report.md, 'Rows left out')");
        }
        return 0;
    }

    /** What a calibration produced, before it is written. */
    public record Result(IngestReport ingest, Calibrator.Outcome outcome, CalibrationReport report, List<Path> files) {}

    public Result calibrate(List<Path> inputs, HardwareProfile hw) {
        List<Path> files = Ingest.tableFiles(inputs);
        if (files.isEmpty()) throw new UserInputException(String.join(", ", inputs.stream().map(Path::toString).toList())
                + ": no .parquet or .csv tables found");
        IngestReport ingest;
        try (var p = Progress.start("ingest", files.size(), "tables")) {
            ingest = Ingest.read(inputs, f -> {
                p.stage(f.getFileName().toString());
                p.step(1);
            });
        }
        if (strict && ingest.rejectedRows() > 0) {
            var r = ingest.rejections().getFirst();
            throw new UserInputException(r.file() + ": " + r.rows() + " rows rejected: " + r.reason()
                    + " (fix the rows, or drop --strict to leave them out and count them)");
        }
        var parts = Calibrator.partitions(ingest);
        if (framework != null || frameworkVersion != null) {
            parts.keySet().removeIf(k -> (framework != null && !k.framework().equalsIgnoreCase(framework))
                    || (frameworkVersion != null && !k.version().equals(frameworkVersion)));
        }
        if (parts.isEmpty()) {
            throw new UserInputException("no usable measurements in " + String.join(", ", inputs.stream().map(Path::toString).toList())
                    + (framework != null || frameworkVersion != null ? " for the requested framework/version" : "")
                    + " (" + ingest.rejectedRows() + " rows rejected, " + ingest.skipped().size() + " tables skipped)");
        }
        long totalRows = parts.values().stream().mapToLong(List::size).sum();
        var settings = FamilyCalibration.Settings.DEFAULT.withSeed(seed);
        Calibrator.Outcome outcome;
        try (var p = Progress.start("fit", totalRows, "rows")) {
            outcome = Calibrator.run(parts, hw, settings, k -> p.stage(k.label(true) + " (" + parts.get(k).size() + " rows)"), p::step);
        }
        if (outcome.results().isEmpty()) {
            throw new UserInputException("no family had enough usable rows to fit: " + String.join("; ", outcome.skipped()));
        }
        var report = new CalibrationReport(hw.name(), outcome.results(), ingest, outcome.skipped(), inputs);
        return new Result(ingest, outcome, report, files);
    }

    void writeBundle(Path dir, Result r, HardwareProfile hw, Path hwFile) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".partial-");
        try {
            var settings = FamilyCalibration.Settings.DEFAULT.withSeed(seed);
            BundleWriter.write(tmp, r.outcome().results(), hw, hwFile, r.files(), settings, r.report().metrics(), r.report().markdown(),
                    r.report().html());
            NormalizedTables.write(tmp.resolve("tables"), r.ingest());
            BundleWriter.deleteTree(dir);
            Files.move(tmp, dir);
        } catch (IOException | RuntimeException e) {
            BundleWriter.deleteTree(tmp);
            throw e;
        }
    }

    /** An existing folder is only replaced when it is empty or a bundle this command wrote. */
    static void checkOutput(Path dir) {
        if (!Files.exists(dir)) return;
        if (!Files.isDirectory(dir)) throw new UserInputException(dir + ": exists and is not a folder; choose another --out");
        try (Stream<Path> s = Files.list(dir)) {
            if (s.findAny().isEmpty()) return;
        } catch (IOException e) {
            throw new UserInputException(dir + ": cannot read (" + e.getMessage() + ")");
        }
        if (!BundleWriter.isBundle(dir)) {
            throw new UserInputException(dir + ": exists and is not a calibration bundle; choose an empty or new --out folder (nothing was written)");
        }
    }
}
