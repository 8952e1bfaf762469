package frontier.simulate.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import frontier.calibrate.UserInputException;
import frontier.calibrate.model.ModelConfigs;
import frontier.simulate.validate.EagerHostFit;
import frontier.simulate.validate.SiliconCsv;
import frontier.simulate.validate.SiliconRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "eager-host", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The host time per operator of steps launched outside a CUDA graph (the cluster key "
                + "eager_host_us_per_op) that measured first tokens would imply if all of their time were the host "
                + "launching a prompt step: for each SGLang and TensorRT-LLM deployment of the systems named, the agg "
                + "row with a 1,024-token prompt at its lowest concurrency gives its mean TTFT divided by the operators "
                + "one eager step of its model and layout launches; each engine's value is the median over its "
                + "deployments. An upper bound: the GPU's own time, queueing and any time per request are in the TTFT too. "
                + "Prints the values, with the lowest and highest of the rows."},
        footer = {"", "Example (the readings simulate/bench/eager-host.sh replays the H200 rows with):",
                "  frontier validate eager-host datasets/serving/aiconfigurator-silicon/silicon_sample.csv \\",
                "      --system b200_sxm --system b300_sxm"})
public final class EagerHostCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CSV", description = "aiconfigurator's silicon CSV.")
    Path csv;

    @Option(names = "--system", paramLabel = "NAME", required = true,
            description = "Read the rows of this system (repeatable), e.g. b200_sxm.")
    List<String> systems = new ArrayList<>();

    @Override
    public Integer call() {
        List<SiliconRow> rows = new ArrayList<>();
        for (String s : systems) rows.addAll(SiliconCsv.read(csv, List.of(new SiliconCsv.Filter("system", s))));
        var fits = EagerHostFit.fit(rows, ModelConfigs.shipped());
        if (fits.isEmpty()) {
            throw new UserInputException(csv + ": no agg row of SGLang or TensorRT-LLM with a " + EagerHostFit.ISL
                    + "-token prompt, a concurrency, a TTFT and a known model on " + String.join(", ", systems));
        }
        System.out.println("engine  deployments  us per operator (median)  lowest  highest");
        for (EagerHostFit f : fits) {
            System.out.println(String.format(Locale.ROOT, "%-7s %12d %25.1f %7.1f %8.1f", f.engine(), f.rows(), f.usPerOp(), f.lowUs(), f.highUs()));
        }
        return 0;
    }
}
