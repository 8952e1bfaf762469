package frontier.simulate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import frontier.calibrate.cli.Cli;
import picocli.CommandLine;

/** Bad input to `frontier simulate` is one line on stderr and exit code 2, never a stack trace. */
class SimulateCommandTest {
    @TempDir Path tmp;

    record Run(int code, String err) {}

    static Run run(String... args) {
        var err = new ByteArrayOutputStream();
        var cl = Cli.configure(new CommandLine(new FrontierCommand()), new PrintStream(err, true));
        return new Run(cl.execute(args), err.toString());
    }

    Path deployment(String body) throws Exception {
        Path f = tmp.resolve("dep.yaml");
        Files.writeString(f, body);
        return f;
    }

    @Test
    void aMissingDeploymentFile() {
        var r = run("simulate", "--deployment", tmp.resolve("nope.yaml").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("nope.yaml: no such deployment file"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void anUnknownModel() throws Exception {
        Path d = deployment("model: acme/NotAModel-7B\nhardware: rtx_pro_6000_server\nclusters:\n  - name: a\n");
        var r = run("simulate", "--deployment", d.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown model 'acme/NotAModel-7B'"), r.err());
    }

    @Test
    void aMalformedTraceRowNamesItsLine() throws Exception {
        Path trace = tmp.resolve("t.csv");
        Files.writeString(trace, "arrival_s,input_tokens,output_tokens\n0.0,100,10\n0.5,abc,10\n");
        Path d = deployment("model: meta-llama/Llama-3.1-8B\nhardware: rtx_pro_6000_server\nengine_version: 0.19.0\n"
                + "calibration:\n  bundle: " + frontier.simulate.TestBundles.rtx().dir().toAbsolutePath() + "\nclusters:\n  - name: a\n");
        var r = run("simulate", "--deployment", d.toString(), "--workload", trace.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("t.csv:3"), r.err());
    }

    @Test
    void aNegativeRateScale() {
        var r = run("simulate", "--rate-scale", "-2");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("rate scale must be a positive number"), r.err());
    }
}
