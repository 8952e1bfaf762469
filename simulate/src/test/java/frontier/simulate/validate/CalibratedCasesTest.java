package frontier.simulate.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import frontier.calibrate.bundle.Bundle;
import frontier.calibrate.bundle.Json;
import frontier.calibrate.cli.CalibrateCommand;
import frontier.calibrate.hardware.HardwareProfiles;
import frontier.calibrate.io.Column;
import frontier.calibrate.io.ParquetFiles;
import frontier.calibrate.io.ParquetSink;
import frontier.simulate.cluster.Deployments;
import picocli.CommandLine;

/**
 * Cases run against bundles calibrated in the test from calibrate's fixture tables (RTX PRO
 * 6000, vLLM 0.19.0): a GEMM + attention bundle that prices a dense model, and a MoE-only one,
 * also used for `validate ops`.
 */
class CalibratedCasesTest {
    static final Path FIXTURES = Path.of("../calibrate/src/test/resources/fixtures/aiconfigurator").toAbsolutePath().normalize();
    static final Path RTX = FIXTURES.resolve("rtx_pro_6000_server");

    @TempDir
    static Path tmp;

    static Bundle dense;
    static Path moeBundle;
    static SiliconPlan.Planner planner;

    static Path calibrate(String name, Path... profiles) {
        Path out = tmp.resolve(name);
        var args = new ArrayList<String>(List.of("--hardware", "rtx_pro_6000_server", "--out", out.toString(), "--profiles"));
        for (Path p : profiles) args.add(p.toString());
        var quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(0, new CommandLine(new CalibrateCommand(quiet)).execute(args.toArray(String[]::new)));
        return out;
    }

    @BeforeAll
    static void calibrateBundles() {
        // two small calibrations side by side: each leaves cores idle between its fits
        var moe = CompletableFuture.supplyAsync(() -> calibrate("moe", RTX.resolve("moe")));
        dense = Bundle.load(calibrate("dense", gemmAtPowersOfTwo(), RTX.resolve("attention")));
        moeBundle = moe.join();
        planner = new SiliconPlan.Planner(new KernelTables(FIXTURES), HardwareProfiles.discover());
    }

    /**
     * The fixture's GEMM rows whose token count m is a power of two (256 of 1184), in the same
     * folder layout: a third of the calibration time, and still every n, k of the fixture.
     */
    static Path gemmAtPowersOfTwo() {
        Path src = RTX.resolve("gemm/vllm/0.19.0/gemm_perf.parquet");
        Path dir = tmp.resolve("tables/rtx_pro_6000_server/gemm/vllm/0.19.0");
        try {
            Files.createDirectories(dir);
            var t = ParquetFiles.read(src);
            List<String> text = List.of("framework", "version", "device", "op_name", "kernel_source", "gemm_dtype");
            List<String> whole = List.of("m", "n", "k");
            List<Column> columns = new ArrayList<>();
            text.forEach(c -> columns.add(Column.str(c)));
            whole.forEach(c -> columns.add(Column.lng(c)));
            columns.add(Column.dbl("latency"));
            double[] m = t.numeric("m").orElseThrow();
            try (var sink = new ParquetSink(dir.resolve("gemm_perf.parquet"), columns)) {
                for (int r = 0; r < t.rows(); r++) {
                    long tokens = (long) m[r];
                    if (Long.bitCount(tokens) != 1) continue;
                    for (String c : text) sink.set(c, t.text(c).orElseThrow()[r]);
                    for (String c : whole) sink.set(c, (long) t.numeric(c).orElseThrow()[r]);
                    sink.set("latency", t.numeric("latency").orElseThrow()[r]);
                    sink.endRow();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tmp.resolve("tables/rtx_pro_6000_server/gemm");
    }

    /** Llama-3.1-8B in bf16 on one RTX PRO 6000 at a concurrency, as a silicon row would give it. */
    static SiliconRow llama(int concurrency) {
        var agg = new SiliconRow.Workers(1, concurrency, 1, 1, 1, 1, 1);
        return new SiliconRow(1, "llama8b_c" + concurrency, "rtx_pro_6000_server", "vllm", "0.19.0", "meta-llama/Llama-3.1-8B-Instruct",
                "bf16", null, null, "agg", 1000, 100, concurrency, agg, null, null, 70.0, 11.0, null);
    }

    static SiliconValidation.Options options(boolean keep) {
        return new SiliconValidation.Options(Path.of("x.csv"), tmp.resolve("validate"), FIXTURES, null, List.of(), 1,
                SiliconMapping.Mode.BENCHMARK, 0, SiliconMapping.DEFAULT_RANGE_RATIO, keep);
    }

    static SiliconCase run(SiliconRow row, SiliconValidation.Calibration calibration, boolean keep) {
        var ready = assertInstanceOf(SiliconPlan.Ready.class, planner.plan(row));
        return SiliconValidation.simulate(ready, calibration, new ConcurrentHashMap<>(), options(keep));
    }

    @Test
    void denseRowIsSimulatedAsTheClosedLoopBenchmark() {
        var c4 = assertInstanceOf(SiliconCase.Simulated.class, run(llama(4), new SiliconValidation.Calibration.Done(dense), false));
        assertEquals("0.19.0", c4.kernelVersion());
        assertEquals(40, c4.requests(), "ten requests per client, all measured");
        // 16 GB of bf16 weights read per decode step at 1.8 TB/s: about 9 ms per token
        assertTrue(c4.tpotMs() > 4 && c4.tpotMs() < 40, "tpot " + c4.tpotMs());
        assertTrue(c4.ttftMs() > c4.tpotMs(), "a 1000-token prefill takes longer than one decode step");
        var c32 = assertInstanceOf(SiliconCase.Simulated.class, run(llama(32), new SiliconValidation.Calibration.Done(dense), false));
        assertEquals(320, c32.requests());
        assertTrue(c32.tpotMs() > c4.tpotMs(), "decode steps of 32 sequences take longer than of 4");
        assertTrue(c32.ttftMs() > c4.ttftMs(), "more clients queue more prefills");
    }

    @Test
    void aFamilyMissingFromTheTablesStopsTheCaseWithTheReason() {
        var agg = new SiliconRow.Workers(1, 4, 1, 1, 1, 1, 1);
        var qwenMoe = new SiliconRow(1, "qwen3_30b_a3b", "rtx_pro_6000_server", "vllm", "0.19.0", "Qwen/Qwen3-30B-A3B", "bf16", null, null, "agg",
                1000, 100, 4, agg, null, null, 70.0, 11.0, null);
        var c = assertInstanceOf(SiliconCase.NotSimulated.class, run(qwenMoe, new SiliconValidation.Calibration.Done(dense), false));
        assertTrue(c.reason().startsWith("no moe model for bfloat16 in the rtx_pro_6000_server vllm 0.19.0 tables"), c.reason());
        var noGemm = assertInstanceOf(SiliconCase.NotSimulated.class,
                run(llama(4), new SiliconValidation.Calibration.Done(Bundle.load(moeBundle)), false));
        assertTrue(noGemm.reason().startsWith("no gemm model for bfloat16"), noGemm.reason());
    }

    @Test
    void failedCalibrationIsTheReasonOfEveryCaseThatNeedsIt() {
        var c = assertInstanceOf(SiliconCase.NotSimulated.class, run(llama(4), new SiliconValidation.Calibration.Failed("tables broken"), false));
        assertEquals("tables broken", c.reason());
        assertEquals("0.19.0", c.kernelVersion());
    }

    @Test
    void keptCaseCanBeRerunFromItsDeploymentFile() throws Exception {
        var c = assertInstanceOf(SiliconCase.Simulated.class, run(llama(8), new SiliconValidation.Calibration.Done(dense), true));
        Path dir = tmp.resolve("validate/cases/llama8b_c8");
        var spec = Deployments.load(dir.resolve("deployment.yaml"));
        assertEquals("meta-llama/Llama-3.1-8B-Instruct", spec.model());
        assertEquals(8, spec.clusters().getFirst().engine().maxNumSeqs());
        assertEquals(4, spec.profiles().size(), "gemm, attention and moe of vLLM 0.19.0, then NCCL");
        assertEquals(80, ParquetFiles.read(dir.resolve("requests.parquet")).rows());
        var summary = Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
        assertEquals(80, summary.path("ttft_ms").path("count").asInt());
        assertEquals(c.ttftMs(), summary.path("ttft_ms").path("mean").asDouble(), 1e-6 * c.ttftMs(), "the same requests, the same mean");
    }

    @Test
    void opsPrintsAndWritesTheBundlesHeldOutErrors() throws Exception {
        Path out = tmp.resolve("ops");
        var r = ValidateCommandsTest.run("validate", "ops", moeBundle.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        var metrics = Json.MAPPER.readTree(moeBundle.resolve("metrics.json").toFile()).path("families");
        var summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile()).path("families");
        assertEquals(metrics.size(), summary.size());
        String name = metrics.propertyNames().iterator().next();
        var m = metrics.path(name);
        var s = summary.path(name);
        assertEquals(m.path("chosen").asString(), s.path("chosen").asString());
        for (String split : OperatorErrors.SPLITS) {
            for (String p : List.of("p50_ape_pct", "p90_ape_pct", "p95_ape_pct", "p99_ape_pct")) {
                assertEquals(m.path("splits").path(split).path(p).asDouble(), s.path("model").path(split).path(p).asDouble(), 1e-9);
                assertEquals(m.path("baselines").path("roofline").path(split).path(p).asDouble(),
                        s.path("baselines").path("roofline").path(split).path(p).asDouble(), 1e-9);
                assertEquals(m.path("baselines").path("tokens_only").path(split).path(p).asDouble(),
                        s.path("baselines").path("tokens_only").path(split).path(p).asDouble(), 1e-9);
            }
        }
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("| " + name + " | " + m.path("rows").asLong() + " | " + m.path("chosen").asString() + " |"), report);
        var table = OperatorErrors.table(OperatorErrors.load(moeBundle));
        assertEquals(2 + metrics.size(), table.lines().count(), table);
    }
}
