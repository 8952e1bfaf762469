package frontier.calibrate.cli;

import java.io.PrintStream;

import frontier.calibrate.UserInputException;
import picocli.CommandLine;

/**
 * Runs a command line the way every Frontier command behaves: a problem with the user's input
 * prints one line and exits 2; anything else prints one line (the stack trace with
 * FRONTIER_DEBUG=1) and exits 1.
 */
public final class Cli {
    private Cli() {}

    public static CommandLine configure(CommandLine cl, PrintStream err) {
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            Throwable root = ex;
            while (!(root instanceof UserInputException) && root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (root instanceof UserInputException u) {
                err.println("frontier: error: " + u.getMessage());
                return 2;
            }
            if (root instanceof OutOfMemoryError) {
                err.println("frontier: error: out of memory; raise the heap with FRONTIER_HEAP=8g (or JAVA_OPTS=-Xmx8g)");
                return 1;
            }
            err.println("frontier: internal error: " + ex);
            if (System.getenv("FRONTIER_DEBUG") != null) ex.printStackTrace(err);
            else err.println("(set FRONTIER_DEBUG=1 for the stack trace)");
            return 1;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            err.println("frontier: error: " + ex.getMessage());
            err.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return 2;
        });
        return cl;
    }
}
