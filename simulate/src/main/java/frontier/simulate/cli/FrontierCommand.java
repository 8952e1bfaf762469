package frontier.simulate.cli;

import frontier.calibrate.cli.CalibrateCommand;
import frontier.calibrate.cli.Cli;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "frontier", mixinStandardHelpOptions = true, version = "Frontier 0.1.0",
        description = {"Predicts how LLM inference deployments perform, from measured GPU kernel profiles.", ""},
        subcommands = {SimulateCommand.class, SweepCommand.class, CalibrateCommand.class, ValidateCommand.class, CacheCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Run 'frontier <command> --help' for a command's options."})
public final class FrontierCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        var cl = Cli.configure(new CommandLine(new FrontierCommand()), System.err);
        System.exit(cl.execute(args));
    }
}
