package frontier.simulate.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import frontier.calibrate.ProjectPaths;
import frontier.calibrate.model.ModelConfigs;
import frontier.simulate.engine.Calibrations;
import frontier.simulate.validate.BenchRun;
import frontier.simulate.validate.BenchValidation;
import frontier.simulate.validate.RecordedEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay a recorded vLLM run (meta.json + requests.jsonl) with the run's engine settings and "
                + "compare simulated TTFT, TPOT and E2E with the measured ones, per request and in distribution. "
                + "Settings vLLM resolved at boot (kv_cache, resolved_config in meta.json) win over its engine_kwargs; "
                + "arguments the replay does not model are printed.",
                "", "Writes summary.json, errors.parquet (one row per request and metric), report.md and report.html (charts, "
                        + "self-contained), and the simulation's requests.parquet and steps.parquet."},
        footer = {"", "Example:", "  frontier validate bench datasets/serving/llmservingsim-bench/RTXPRO6000/Llama-3.1-8B \\",
                "      --profiles datasets/kernels/aiconfigurator/rtx_pro_6000_server \\",
                "                 datasets/kernels/llmservingsim/RTXPRO6000/meta-llama/Llama-3.1-8B \\",
                "      --hardware rtx_pro_6000_server --out out/validate/llama-8b"})
public final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The run folder (holding vllm/meta.json and vllm/requests.jsonl).")
    Path dir;

    @Option(names = "--profiles", arity = "1..*", paramLabel = "PATH", description = "Kernel tables to calibrate (cached by content hash).")
    List<Path> profiles = new ArrayList<>();

    @Option(names = "--bundle", paramLabel = "DIR", description = "A calibration bundle to use instead of --profiles.")
    Path bundle;

    @Option(names = "--hardware", paramLabel = "NAME", description = "The GPU the run was measured on (hardware-profiles/). "
            + "Default: the profile whose display_name is the GPU meta.json records (hardware.device_name).")
    String hardware;

    @Option(names = "--model", paramLabel = "ID|PATH", description = "Model config when meta.json's model is not under datasets/models/ (a local path there is looked up by the "
                    + "hub id it ends in, e.g. /data/meta-llama/Llama-3.1-8B or a hub cache's models--org--name/snapshots/...).")
    String model;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: out/validate/<run name>.")
    Path out;

    @Option(names = "--sensitivity", paramLabel = "PCT", description = "Also replay with every step PCT% shorter and longer and "
            + "print each statistic's error under both (summary.json error_pct_steps_shorter_longer): how much of an error a small "
            + "change in step time moves. Default: 0 (off).")
    double sensitivity;

    /**
     * The hardware profile to replay on: --hardware, else the one meta.json's recorded device names.
     * A --hardware that differs from the recorded device is used as given, with a note.
     */
    private String gpu(BenchRun run) {
        String device = run.meta().path("hardware").path("device_name").asString("");
        var profiles = frontier.calibrate.hardware.HardwareProfiles.discover();
        if (hardware == null) {
            return profiles.byDeviceName(device).orElseThrow(() -> new frontier.calibrate.UserInputException(device.isBlank()
                    ? run.metaFile() + " does not record the GPU (hardware.device_name): give --hardware NAME (one of "
                            + String.join(", ", profiles.names()) + ")"
                    : run.metaFile() + " records the GPU as '" + device + "', which no profile in " + profiles.folder()
                            + " has as display_name: give --hardware NAME (one of " + String.join(", ", profiles.names()) + ")"));
        }
        String shown = profiles.load(hardware).displayName();
        if (!device.isBlank() && !shown.equalsIgnoreCase(device.strip())) {
            System.err.println("frontier: note: " + run.metaFile() + " records the GPU as '" + device + "'; replaying on " + hardware
                    + " (" + shown + ") as --hardware asks");
        }
        return hardware;
    }

    @Override
    public Integer call() throws Exception {
        BenchRun run = BenchRun.load(dir);
        String modelId = model != null ? model : run.model();
        var config = ModelConfigs.shipped().load(modelId);
        if (bundle == null && profiles.isEmpty()) {
            throw new frontier.calibrate.UserInputException("give --profiles (kernel tables of the run's GPU and vLLM version) or --bundle");
        }
        var recorded = RecordedEngine.read(run.meta(), run.metaFile(), config);
        var spec = BenchValidation.deployment(run, modelId, recorded, gpu(run), profiles, bundle);
        var b = Calibrations.obtain(spec);
        Path o = out != null ? out : ProjectPaths.root().resolve("out/validate").resolve(dir.toAbsolutePath().normalize().getFileName());
        var result = BenchValidation.run(run, recorded, spec, config, b, o, sensitivity);
        System.out.print(result.table());
        System.out.println("\nwrote " + o.resolve("report.html") + ", report.md, summary.json, errors.parquet, requests.parquet, steps.parquet"
                + (result.summary().has("timeline") ? ", timeline.parquet" : ""));
        return 0;
    }
}
