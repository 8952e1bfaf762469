package frontier.simulate.cli;

import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

import frontier.calibrate.ProjectPaths;
import frontier.calibrate.UserInputException;
import frontier.calibrate.model.ModelConfigs;
import frontier.simulate.cluster.Deployments;
import frontier.simulate.engine.Calibrations;
import frontier.simulate.engine.Runner;
import frontier.simulate.report.RunReport;
import frontier.simulate.metrics.Summary;
import frontier.simulate.workload.Workload;
import frontier.simulate.workload.Workloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay a request trace (or a synthetic or closed-loop workload) through a deployment and predict "
                + "what every request experiences: TTFT, TPOT, ITL, E2E, throughput per GPU and goodput.",
                "",
                "Writes requests.parquet (one row per request), steps.parquet (one row per engine step), summary.json, and "
                        + "report.md and report.html (latency table and distributions, each cluster over time, step time by part; "
                        + "self-contained). "
                        + "With no options, replays the Azure LLM conversation trace through one Llama-3.1-8B vLLM instance "
                        + "on an RTX PRO 6000, with operator models calibrated from the shipped kernel tables."},
        footer = {"", "Examples:",
                "  frontier simulate --deployment simulate/examples/llama-3.1-8b-rtx-pro-6000.yaml \\",
                "      --workload datasets/traces/azure-llm-2023/AzureLLMInferenceTrace_code.csv.gz --out out/code",
                "  frontier simulate --workload simulate/examples/workloads/synthetic-1m.yaml --max-requests 100000"})
public final class SimulateCommand implements Callable<Integer> {

    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: out/simulate/<deployment name>.")
    Path out;

    @Option(names = "--rate-scale", paramLabel = "X", description = "Multiply the arrival rate (2 = twice as many requests per second).")
    Double rateScale;

    @Option(names = "--max-requests", paramLabel = "N", description = "Stop after the first N requests.")
    Long maxRequests;

    @Option(names = "--no-steps", description = "Do not write steps.parquet (one row per engine step).")
    boolean noSteps;

    @Option(names = "--trace", description = "Also write trace.json, the run as a timeline for ui.perfetto.dev or chrome://tracing: "
            + "each instance's engine steps, each request's queued, prefill and decode spans, each KV transfer.")
    boolean trace;

    @Option(names = "--trace-limit", paramLabel = "N", description = "Most events in trace.json; later ones are left out and the "
            + "file says so. Default: ${DEFAULT-VALUE}.")
    long traceLimit = 1_000_000;

    @Override
    public Integer call() throws Exception {
        Path root = ProjectPaths.root();
        var spec = Deployments.load(scenario.deploymentFile());
        var model = ModelConfigs.shipped().load(spec.model());
        // the options check the rate scale and the request cap, naming them
        var options = new Workloads.Options(rateScale == null ? OptionalDouble.empty() : OptionalDouble.of(rateScale),
                maxRequests == null ? OptionalLong.empty() : OptionalLong.of(maxRequests), scenario.skipBadRows);
        var bundle = Calibrations.obtain(spec);
        Path o = out != null ? out : root.resolve("out/simulate").resolve(spec.name());
        try (Workload w = Workloads.open(scenario.workloadFile(), options)) {
            Runner.Input input = Runner.input(w, maxRequests == null ? 0 : maxRequests);
            System.err.println("frontier: " + w.description());
            if (trace && traceLimit < 1) throw new UserInputException("--trace-limit must be at least 1, got " + traceLimit);
            var report = new RunReport();
            var outcome = Runner.run(spec, model, bundle, input, new Runner.Settings(o, !noSteps, scenario.sloTtftMs, scenario.sloTpotMs, trace ? traceLimit : 0),
                    sim -> {
                        sim.requests().listen(report);
                        sim.steps().listen(report);
                    });
            report.write(o, outcome.summary());
            System.out.print(Summary.table(outcome.run()));
            System.out.println("wrote " + o.resolve("requests.parquet") + (noSteps ? "" : ", steps.parquet") + ", summary.json, report.md, "
                    + "report.html" + (trace ? ", trace.json" : ""));
            var t = outcome.simulation().trace();
            if (t != null && t.truncated()) {
                System.out.println("trace.json holds the first " + t.events() + " events (--trace-limit); raise it or use --max-requests "
                        + "for the whole run");
            }
        }
        return 0;
    }
}
