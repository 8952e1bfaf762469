package frontier.simulate.validate;

import frontier.calibrate.hardware.HardwareProfile;
import frontier.calibrate.model.ModelConfig;

/**
 * The tensor throughput a row's own measurements demand of its GPUs. A closed loop of C clients
 * finishes C / E2E requests a second (Little's law), with E2E = TTFT + TPOT x (output - 1) for
 * the mean lengths the benchmark client drew; every token a request sends through the model
 * costs at least two FLOPs per weight it passes (attention scores and everything else left
 * out), the LM head once per output token. Over the deployment's GPUs at their fastest dense
 * tensor-core peak, a share above 100% cannot have been run as the row states it (that
 * concurrency, those lengths, that layout): no replay of that deployment can meet both its TTFT
 * and its TPOT, so the report names such rows instead of letting them pass for model error.
 */
final class ImpliedCompute {
    private ImpliedCompute() {}

    /**
     * Percent of the deployment's peak dense tensor throughput the row's measurements need at
     * least; NaN where the row gives no measurement or layout to work from.
     *
     * @param rangeRatio prompt and output lengths were drawn uniformly from [ratio x nominal, nominal]
     */
    static double peakPct(SiliconRow row, ModelConfig model, HardwareProfile hw, double rangeRatio) {
        double prompt = meanLength(row.isl(), rangeRatio), output = meanLength(row.osl(), rangeRatio);
        double e2eSeconds = (row.ttftMs() + row.tpotMs() * Math.max(0, output - 1)) / 1e3;
        long gpus = row.gpus();
        if (!(e2eSeconds > 0) || row.concurrency() <= 0 || gpus <= 0 || output < 1) return Double.NaN;
        double head = (double) model.vocabSize() * model.hiddenSize();
        double body = model.activeParameters() - model.embeddingParameters();
        // the prompt's last position yields the first output token; each later one is a forward pass of its own
        double flopsPerRequest = 2 * body * (prompt + output - 1) + 2 * head * output;
        double demand = row.concurrency() / e2eSeconds * flopsPerRequest;
        double peak = hw.peakFlops().values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return 100 * demand / (gpus * peak);
    }

    /** The mean of the whole numbers in [floor(ratio x nominal), nominal], as the client draws them. */
    static double meanLength(int nominal, double rangeRatio) {
        if (rangeRatio >= 1) return nominal;
        return (Math.floor(rangeRatio * nominal) + nominal) / 2.0;
    }
}
