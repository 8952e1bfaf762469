package frontier.calibrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import frontier.calibrate.bundle.Bundle;
import frontier.calibrate.bundle.Json;
import frontier.calibrate.bundle.PredictionCache;
import frontier.calibrate.fit.ErrorStats;
import frontier.calibrate.io.ParquetFiles;
import frontier.calibrate.io.TableData;
import frontier.calibrate.profile.Family;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

class CalibrateCommandTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures/aiconfigurator/rtx_pro_6000_server").toAbsolutePath();
    @TempDir Path tmp;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var cl = Cli.configure(new CommandLine(new CalibrateCommand(new PrintStream(out, true))), new PrintStream(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void calibratesAFolderIntoABundleWithProvenErrors() throws Exception {
        Path out = tmp.resolve("bundle");
        var r = run("--profiles", FIXTURES.resolve("gemm").toString(), FIXTURES.resolve("comm").toString(),
                "--hardware", "rtx_pro_6000_server", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("gemm ") && r.out().contains("allreduce "), r.out());
        var metrics = Json.MAPPER.readTree(out.resolve("metrics.json").toFile());
        assertEquals("rtx_pro_6000_server", metrics.path("hardware").asString());
        var gemm = metrics.path("families").path("gemm");
        assertEquals("vllm", gemm.path("framework").asString());
        assertEquals("0.19.0", gemm.path("version").asString());
        assertEquals(1184, gemm.path("rows").asInt());
        for (String split : List.of("random", "extrapolation")) {
            var s = gemm.path("splits").path(split);
            assertTrue(s.path("n").asInt() > 0);
            assertTrue(s.path("p50_ape_pct").asDouble() <= s.path("p95_ape_pct").asDouble());
        }
        double chosen = gemm.path("splits").path("random").path("p95_ape_pct").asDouble();
        double roofline = gemm.path("baselines").path("roofline").path("random").path("p95_ape_pct").asDouble();
        double tokens = gemm.path("baselines").path("tokens_only").path("random").path("p95_ape_pct").asDouble();
        assertTrue(chosen < 40, "held-out p95 on a 1,184-row GEMM slice: " + chosen);
        assertTrue(chosen < roofline && chosen < tokens, "the chosen model beats both baselines");
        assertTrue(Files.readString(out.resolve("report.md")).contains("| gemm | 1184 |"));
        assertTrue(Files.isRegularFile(out.resolve("tables/gemm.parquet")));
        assertHeldOutRowsBackTheMetrics(out, gemm, "gemm");
        String html = Files.readString(out.resolve("report.html"));
        int families = metrics.path("families").size();
        assertEquals(1 + 4 * families, count(html, "<svg"), "an overview chart and four per family");
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("src="), "self-contained");
        var manifest = Json.MAPPER.readTree(out.resolve("manifest.json").toFile());
        assertEquals(64, manifest.path("inputs").path(0).path("sha256").asString().length());

        Bundle bundle = Bundle.load(out);
        var model = bundle.find(Family.GEMM, "vllm", "0.19.0").orElseThrow();
        var cache = new PredictionCache(model, new String[] {"bfloat16"}, "vllm_default");
        double a = cache.latencyUs(new double[] {512, 4096, 4096});
        double b = cache.latencyUs(new double[] {512, 4096, 4096});
        assertEquals(a, b);
        assertEquals(1, cache.misses());
        assertEquals(1, cache.hits());
        assertTrue(a > 5 && a < 500, "512x4096x4096 bf16 on an RTX PRO 6000 takes tens of microseconds: " + a);
        assertEquals(0, cache.fallbacks());
        cache.latencyUs(new double[] {512, 4096, 1_000_000});
        assertEquals(1, cache.fallbacks(), "k beyond the measured range falls back to the roofline");
    }

    @Test
    void sameInputsGiveTheSameBundleBytes() throws Exception {
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        String in = FIXTURES.resolve("moe").toString();
        assertEquals(0, run("--profiles", in, "--out", a.toString()).code());
        assertEquals(0, run("--profiles", in, "--out", b.toString()).code());
        for (String f : List.of("metrics.json", "report.md", "report.html", "models/moe.model", "heldout/moe.parquet")) {
            assertEquals(-1L, Files.mismatch(a.resolve(f), b.resolve(f)), f);
        }
    }

    /** heldout/<key>.parquet holds exactly the rows each split was scored on, and their errors give metrics.json's percentiles. */
    static void assertHeldOutRowsBackTheMetrics(Path bundle, JsonNode family, String key) throws Exception {
        assertEquals("heldout/" + key + ".parquet", family.path("heldout").path("file").asString());
        TableData t = ParquetFiles.read(bundle.resolve(family.path("heldout").path("file").asString()));
        String[] split = t.text("split").orElseThrow();
        double[] ape = t.numeric("ape_pct").orElseThrow();
        double[] measured = t.numeric("measured_us").orElseThrow(), predicted = t.numeric("predicted_us").orElseThrow();
        assertTrue(t.has("size") && t.has("roofline_us") && t.has("tokens_only_us") && t.has("m"), t.columnNames().toString());
        for (String name : List.of("random", "extrapolation")) {
            double[] a = IntStream.range(0, t.rows()).filter(i -> split[i].equals(name)).mapToDouble(i -> ape[i]).toArray();
            var stats = family.path("splits").path(name);
            assertEquals(stats.path("n").asInt(), a.length, name);
            assertEquals(stats.path("p95_ape_pct").asDouble(), ErrorStats.of(a).p95(), 1e-3, name);
        }
        for (int i = 0; i < t.rows(); i++) assertEquals(Math.abs(predicted[i] - measured[i]) / measured[i] * 100, ape[i], 1e-9);
    }

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) n++;
        return n;
    }

    @Test
    void unknownHardwareIsExitCodeTwoWithTheKnownNames() {
        var r = run("--profiles", FIXTURES.toString(), "--hardware", "tpu9000", "--out", tmp.resolve("x").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown hardware 'tpu9000'") && r.err().contains("h200_sxm"), r.err());
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void anExistingFolderThatIsNotABundleIsLeftUntouched() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(out.resolve("notes.txt"), "keep me");
        var r = run("--profiles", FIXTURES.resolve("moe").toString(), "--out", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not a calibration bundle"), r.err());
        assertEquals("keep me", Files.readString(out.resolve("notes.txt")));
        assertEquals(1, Files.list(out).count());
    }

    @Test
    void anEmptyTableAndAMissingFileAreExitCodeTwo() throws Exception {
        Path empty = tmp.resolve("empty.csv");
        Files.writeString(empty, "m,n,k,latency\n");
        var r = run("--profiles", empty.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("empty.csv") && r.err().contains("empty table"), r.err());
        var r2 = run("--profiles", tmp.resolve("missing.parquet").toString(), "--out", tmp.resolve("o").toString());
        assertEquals(2, r2.code());
        assertTrue(r2.err().contains("missing.parquet"), r2.err());
    }

    @Test
    void strictModeRefusesRejectedRows() throws Exception {
        Path csv = tmp.resolve("t.csv");
        Files.writeString(csv, "family,m,n,k,dtype,latency_us\ngemm,16,128,128,bfloat16,5.0\ngemm,32,128,128,bfloat16,NaN\n");
        var r = run("--profiles", csv.toString(), "--strict", "--out", tmp.resolve("o").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("t.csv") && r.err().contains("latency is missing or NaN"), r.err());
    }
}
