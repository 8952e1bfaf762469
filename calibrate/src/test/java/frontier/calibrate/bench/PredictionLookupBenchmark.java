package frontier.calibrate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import frontier.calibrate.bundle.Bundle;
import frontier.calibrate.bundle.OperatorModel;
import frontier.calibrate.bundle.PredictionCache;
import frontier.calibrate.cli.CalibrateCommand;
import frontier.calibrate.profile.Family;
import picocli.CommandLine;

/**
 * What one operator lookup costs the simulator's event loop: a cached GEMM prediction over the
 * shapes a serving run repeats (every token count of a 2,048-token budget), against the
 * uncached model evaluation it replaces.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED"})
public class PredictionLookupBenchmark {
    private PredictionCache cache;
    private OperatorModel model;
    private final double[][] shapes = new double[2048][];
    private int i;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        Path out = Files.createTempDirectory("frontier-bench").resolve("bundle");
        Path gemm = Path.of("src/test/resources/fixtures/aiconfigurator/rtx_pro_6000_server/gemm");
        int code = new CommandLine(new CalibrateCommand(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())))
                .execute("--profiles", gemm.toString(), "--out", out.toString());
        if (code != 0) throw new IllegalStateException("calibration failed: " + code);
        model = Bundle.load(out).find(Family.GEMM, "vllm", "0.19.0").orElseThrow();
        cache = new PredictionCache(model, new String[] {"bfloat16"}, "vllm_default");
        for (int t = 0; t < shapes.length; t++) shapes[t] = new double[] {t + 1, 4096, 4096};
        for (double[] s : shapes) cache.latencyUs(s);
    }

    @Benchmark
    public double cachedLookup() {
        i = (i + 1) & (shapes.length - 1);
        return cache.latencyUs(shapes[i]);
    }

    @Benchmark
    public double uncachedPrediction() {
        i = (i + 1) & (shapes.length - 1);
        return model.predict(shapes[i], new String[] {"bfloat16"}, "vllm_default").latencyUs();
    }

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args);
    }
}
