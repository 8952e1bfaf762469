package frontier.simulate.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import frontier.calibrate.ProjectPaths;
import frontier.calibrate.UserInputException;
import frontier.simulate.validate.SiliconCsv;
import frontier.simulate.validate.SiliconMapping;
import frontier.simulate.validate.SiliconReport;
import frontier.simulate.validate.SiliconValidation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "silicon", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Simulate each steady-state row of aiconfigurator's silicon table (datasets/serving/aiconfigurator-silicon/) "
                + "as the closed-loop benchmark it was measured with, and compare simulated mean TTFT and TPOT with the measured ones.",
                "",
                "Each row runs on its system's kernel tables of its backend at the nearest collected version (a kind that "
                        + "version lacks comes from the nearest version that has it; norms, rotary embedding and activations come from "
                        + "tables measured on that GPU where --measured-root has them; calibrated once per version, cached). Rows "
                        + "that cannot be simulated are listed with the reason; disagg rows without worker counts are 'layout not "
                        + "given' and left out of the coverage; an agg row that records a 'tp N, ep N' benchmark on N x N GPUs "
                        + "runs on the N GPUs that ran it; such rows, rows that record one measurement under different "
                        + "layouts, rows that repeat another's measurement (with the error without them) and how each "
                        + "deployment's TTFT gap moves with its concurrency are named in report.md. Writes "
                        + "errors.parquet, cases.parquet, summary.json, report.md and report.html."},
        footer = {"", "Example:",
                "  frontier validate silicon datasets/serving/aiconfigurator-silicon/silicon_sample.csv \\",
                "      --filter system=h200_sxm --out out/validate/silicon"})
public final class SiliconCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CSV", description = "aiconfigurator's silicon CSV.")
    Path csv;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: out/validate/silicon.")
    Path out;

    @Option(names = "--profiles-root", paramLabel = "DIR",
            description = "Kernel tables laid out as <system>/<kind>/<framework>/<version>/. Default: datasets/kernels/aiconfigurator.")
    Path profilesRoot;

    @Option(names = "--measured-root", paramLabel = "DIR",
            description = "Tables measured apart for families the kernel tables lack (norms, rotary embedding, activations), "
                    + "laid out as <system>/<source>/elementwise/; a system without one prices them by the roofline. "
                    + "Default: datasets/measured.")
    Path measuredRoot;

    @Option(names = "--filter", paramLabel = "COLUMN=VALUE",
            description = "Keep rows whose column has this value (repeatable; all must hold), e.g. system=h200_sxm, backend=vllm, mode=agg.")
    List<String> filters = new ArrayList<>();

    @Option(names = "--jobs", paramLabel = "N", description = "Cases simulated at once. Default: the number of processors.")
    Integer jobs;

    @Option(names = "--protocol", paramLabel = "NAME",
            description = "benchmark: all clients start together, 10 x concurrency requests, means over all (as the silicon "
                    + "benchmarks ran); steady-state: means over requests after a warm-up, with the load kept up. Default: benchmark.")
    String protocol = "benchmark";

    @Option(names = "--requests-per-case", paramLabel = "N",
            description = "Requests per case: sent in all (benchmark, at least the concurrency) or measured after the warm-up "
                    + "(steady-state). Default: 10 x concurrency (benchmark), max(3 x concurrency, 100) (steady-state).")
    long requestsPerCase;

    @Option(names = "--length-range-ratio", paramLabel = "R",
            description = "Draw each prompt and output length uniformly from [R x ISL, ISL] and [R x OSL, OSL], as the benchmark "
                    + "client did (InferenceX's benchmark_serving: --random-range-ratio 0.8); 1 sends the nominal lengths. Default: 0.8.")
    double rangeRatio = SiliconMapping.DEFAULT_RANGE_RATIO;

    @Option(names = "--engine-setting", paramLabel = "BACKEND:KEY=VALUE",
            description = "Add an engine setting the rows do not record to every deployment of one backend (repeatable), "
                    + "as a deployment file's cluster key, e.g. trtllm:batch_wait={timeout_iters: 20, max_tokens_ratio: 0.9} "
                    + "or sglang:eager_host_us_per_op=200. Named in summary.json and report.md.")
    List<String> engineSettings = new ArrayList<>();

    @Option(names = "--keep-cases", description = "Keep each case's deployment.yaml, requests.parquet and summary.json under OUT/cases/<id>/.")
    boolean keepCases;

    @Override
    public Integer call() throws Exception {
        Path root = ProjectPaths.root();
        Path tables = profilesRoot != null ? profilesRoot : root.resolve("datasets/kernels/aiconfigurator");
        if (!Files.isDirectory(tables)) throw new UserInputException("--profiles-root " + tables + ": no such folder");
        Path measured = measuredRoot != null ? measuredRoot : root.resolve("datasets/measured");
        if (measuredRoot != null && !Files.isDirectory(measured)) {
            throw new UserInputException("--measured-root " + measured + ": no such folder");
        }
        int threads = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
        if (threads < 1) throw new UserInputException("--jobs must be at least 1, got " + threads);
        if (requestsPerCase < 0) throw new UserInputException("--requests-per-case must be positive, got " + requestsPerCase);
        if (!(rangeRatio > 0 && rangeRatio <= 1)) {
            throw new UserInputException("--length-range-ratio must be in (0, 1], got " + rangeRatio);
        }
        var mode = SiliconMapping.Mode.parse(protocol);
        if (mode == null) throw new UserInputException("--protocol must be benchmark or steady-state, got '" + protocol + "'");
        Path o = out != null ? out : root.resolve("out/validate/silicon");
        var options = new SiliconValidation.Options(csv, o, tables, measured, filters.stream().map(SiliconCsv.Filter::parse).toList(), threads,
                mode, requestsPerCase, rangeRatio, keepCases, engineSettings.stream().map(SiliconMapping.EngineSetting::parse).toList());
        var data = SiliconValidation.run(options, System.err);
        System.out.print(SiliconReport.table(data));
        System.out.println("\nwrote " + o.resolve("summary.json") + ", report.md, report.html, errors.parquet, cases.parquet"
                + (keepCases ? ", cases/" : ""));
        return 0;
    }
}
