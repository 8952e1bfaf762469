package frontier.simulate.cli;

import java.nio.file.Path;

import frontier.calibrate.ProjectPaths;
import picocli.CommandLine.Option;

/** The deployment and workload a command runs, and the goodput targets: the options simulate and sweep share. */
final class ScenarioOptions {
    static final String DEFAULT_DEPLOYMENT = "simulate/examples/llama-3.1-8b-rtx-pro-6000.yaml";
    static final String DEFAULT_WORKLOAD = "simulate/examples/workloads/azure-conv.yaml";

    @Option(names = "--deployment", paramLabel = "FILE", description = "Deployment YAML. Default: " + DEFAULT_DEPLOYMENT + ".")
    Path deployment;

    @Option(names = "--workload", paramLabel = "FILE",
            description = "A trace (Azure CSV, Mooncake JSONL, vLLM bench requests.jsonl, CSV/Parquet with arrival_s, input_tokens, "
                    + "output_tokens; .gz allowed) or a workload YAML (trace, synthetic, closed_loop). Default: the Azure conversation trace.")
    Path workload;

    @Option(names = "--skip-bad-rows", description = "Skip unreadable trace rows (counted in summary.json) instead of stopping.")
    boolean skipBadRows;

    @Option(names = "--slo-ttft-ms", paramLabel = "MS", description = "TTFT target for goodput.")
    double sloTtftMs;

    @Option(names = "--slo-tpot-ms", paramLabel = "MS", description = "TPOT target for goodput.")
    double sloTpotMs;

    Path deploymentFile() {
        return deployment != null ? deployment : ProjectPaths.root().resolve(DEFAULT_DEPLOYMENT);
    }

    Path workloadFile() {
        return workload != null ? workload : ProjectPaths.root().resolve(DEFAULT_WORKLOAD);
    }
}
