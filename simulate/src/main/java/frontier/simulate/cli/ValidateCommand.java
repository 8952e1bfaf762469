package frontier.simulate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Compare predictions with real measurements and report the error.",
        subcommands = {BenchCommand.class, SiliconCommand.class, EagerHostCommand.class, OpsCommand.class})
public final class ValidateCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
