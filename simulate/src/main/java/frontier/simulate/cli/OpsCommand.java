package frontier.simulate.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import frontier.simulate.validate.OperatorErrors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ops", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the held-out operator errors a calibration bundle recorded (metrics.json): per family the chosen "
                + "model's APE percentiles on the random and extrapolation splits, and the roofline and tokens-only baselines."},
        footer = {"", "Example:", "  frontier validate ops ~/.cache/frontier/bundles/h200_sxm-6fc15c91f546f7d7 --out out/validate/ops"})
public final class OpsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "A calibration bundle folder (frontier calibrate --out).")
    Path bundle;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write summary.json and report.md here. Default: write nothing.")
    Path out;

    @Override
    public Integer call() throws Exception {
        var metrics = OperatorErrors.load(bundle);
        System.out.print(OperatorErrors.table(metrics));
        if (out != null) {
            OperatorErrors.write(out, metrics);
            System.out.println("\nwrote " + out.resolve("summary.json") + ", report.md");
        }
        return 0;
    }
}
