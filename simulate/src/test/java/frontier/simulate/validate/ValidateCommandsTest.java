package frontier.simulate.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import frontier.calibrate.bundle.Json;
import frontier.calibrate.cli.Cli;
import frontier.calibrate.io.ParquetFiles;
import frontier.simulate.cli.FrontierCommand;
import picocli.CommandLine;

/** `frontier validate silicon` and `validate ops` from the command line: bad input and the outputs. */
class ValidateCommandsTest {

    @TempDir
    Path tmp;

    record Result(int code, String err) {}

    static Result run(String... args) {
        var err = new ByteArrayOutputStream();
        var cl = Cli.configure(new CommandLine(new FrontierCommand()), new PrintStream(err, true, StandardCharsets.UTF_8));
        PrintStream stdout = System.out;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            return new Result(cl.execute(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
        }
    }

    static String fixture() {
        return SiliconMappingTest.fixture().toString();
    }

    @Test
    void csvWithoutTheRequiredColumnsNamesThem() throws IOException {
        Path csv = tmp.resolve("other.csv");
        Files.writeString(csv, "id,backend,model_path,isl,osl\nx,vllm,m,1,1\n");
        var r = run("validate", "silicon", csv.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("missing columns backend_version, system, precision, mode, batch_size"), r.err());
        assertTrue(r.err().contains("silicon_ttft_ms, silicon_tpot_ms"), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertFalse(Files.exists(tmp.resolve("o")), "nothing is written for bad input");
    }

    @Test
    void benchTakesTheGpuFromMetaJsonOrSaysWhyItCannot() throws IOException {
        assertEquals("rtx_pro_6000_server", frontier.calibrate.hardware.HardwareProfiles.discover()
                .byDeviceName("NVIDIA RTX PRO 6000 Blackwell Server Edition").orElseThrow());
        assertEquals("h200_sxm", frontier.calibrate.hardware.HardwareProfiles.discover().byDeviceName(" nvidia h200 sxm 141gb").orElseThrow());
        Path dir = Files.createDirectories(tmp.resolve("run/vllm"));
        Files.writeString(dir.resolve("requests.jsonl"),
                "{\"request_id\": \"a\", \"input_toks\": 10, \"output_toks\": 5, \"queued_ts\": 1.0, \"first_token_ts\": 1.1, \"last_token_ts\": 1.5}\n");
        Files.writeString(dir.resolve("meta.json"), "{\"model\": \"meta-llama/Llama-3.1-8B\", \"hardware\": {\"device_name\": \"NVIDIA Z100\"}}");
        var r = run("validate", "bench", tmp.resolve("run").toString(), "--profiles", tmp.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("records the GPU as 'NVIDIA Z100', which no profile") && r.err().contains("give --hardware NAME"), r.err());
        Files.writeString(dir.resolve("meta.json"), "{\"model\": \"meta-llama/Llama-3.1-8B\"}");
        r = run("validate", "bench", tmp.resolve("run").toString(), "--profiles", tmp.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("does not record the GPU (hardware.device_name): give --hardware NAME"), r.err());
        assertFalse(Files.exists(tmp.resolve("o")), "nothing is written for bad input");
    }

    @Test
    void unknownFilterColumnIsNamed() {
        var r = run("validate", "silicon", fixture(), "--filter", "gpu=h200", "--out", tmp.resolve("o").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("frontier: error: --filter gpu=h200: "), r.err());
        assertTrue(r.err().contains("has no column 'gpu'"), r.err());
        assertEquals(2, run("validate", "silicon", fixture(), "--filter", "system").code());
    }

    @Test
    void missingMeasuredRootIsNamed() {
        var missing = tmp.resolve("no-such-folder");
        var r = run("validate", "silicon", fixture(), "--measured-root", missing.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--measured-root " + missing + ": no such folder"), r.err());
        assertFalse(Files.exists(tmp.resolve("o")), "nothing is written for bad input");
    }

    @Test
    void fileThatIsNotCsvIsOneLineAndExitTwo() throws IOException {
        Path bin = tmp.resolve("data.csv");
        Files.write(bin, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff, (byte) 0xfe, 10, 1, 2});
        var r = run("validate", "silicon", bin.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        Path json = tmp.resolve("bundle.json");
        Files.writeString(json, "{\"families\": {\"gemm\": 1}}\n");
        var j = run("validate", "silicon", json.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(2, j.code(), j.err());
        assertTrue(j.err().contains("not a silicon CSV"), j.err());
        assertEquals(2, run("validate", "silicon", tmp.resolve("missing.csv").toString()).code());
    }

    /**
     * Rows that need no calibration end to end: a B200 row (no kernel tables) and a disagg row
     * without worker counts. The first counts against coverage, the second is left out of it.
     */
    @Test
    void notSimulableRowsAreWrittenAndCounted() throws IOException {
        List<String> lines = Files.readAllLines(SiliconMappingTest.fixture());
        Path csv = tmp.resolve("two.csv");
        Files.write(csv, List.of(lines.get(0), lines.get(5), lines.get(6)));
        Path out = tmp.resolve("out");
        var r = run("validate", "silicon", csv.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        var summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals(2, summary.path("cases").asInt());
        assertEquals(0, summary.path("simulated").asInt());
        assertEquals(1, summary.path("layout_not_given").asInt());
        assertEquals(0, summary.path("coverage_pct").asDouble(), 1e-9, "0 of the 1 counted row");
        assertEquals("no kernel tables for system b200_sxm", summary.path("not_simulated_reasons").get(0).path("reason").asString());
        var cases = ParquetFiles.read(out.resolve("cases.parquet"));
        assertEquals(2, cases.rows());
        String[] ids = cases.text("id").orElseThrow();
        String[] status = cases.text("status").orElseThrow();
        // sorted by row id
        assertTrue(ids[0].startsWith("2026_03_25_deepseek_r1"), ids[0]);
        assertEquals("layout_not_given", status[0]);
        assertEquals("not_simulated", status[1]);
        // the B200 row's model and GPU are known, so its measurements are weighed against the GPU's peak even unsimulated
        double[] implied = cases.numeric("implied_peak_pct").orElseThrow();
        assertTrue(Double.isNaN(implied[0]), "a disagg row without worker counts has no GPUs to weigh against");
        var kimi = SiliconCsv.read(csv, List.of()).stream().filter(row -> row.id().startsWith("kimik2_5")).findFirst().orElseThrow();
        double expected = ImpliedCompute.peakPct(kimi, frontier.calibrate.model.ModelConfigs.shipped().load("moonshotai/Kimi-K2.5"),
                frontier.calibrate.hardware.HardwareProfiles.discover().load("b200_sxm"), SiliconMapping.DEFAULT_RANGE_RATIO);
        assertTrue(expected > 0, "Kimi-K2.5 at concurrency 4 on 8 B200s needs some of their peak: " + expected);
        assertEquals(expected, implied[1], 1e-9 * expected);
        assertEquals(0, ParquetFiles.read(out.resolve("errors.parquet")).rows());
        assertTrue(Files.readString(out.resolve("report.md")).contains("| no kernel tables for system b200_sxm | 1 |"));
        String html = Files.readString(out.resolve("report.html"));
        for (String by : List.of("backend, mode", "backend, model", "backend, isl_osl")) {
            assertTrue(html.contains(">Error by " + by + "</h2>"), "report.html groups the errors by " + by);
        }
    }

    /** A tp N, ep N run recorded on N x N GPUs is counted, marked and listed, simulated or not. */
    @Test
    void layoutsReadAsRunAreCountedMarkedAndListed() throws IOException {
        List<String> lines = Files.readAllLines(SiliconMappingTest.fixture());
        String squared = lines.stream().filter(l -> l.startsWith("dsr1_h200_trtllm_fp8_agg_8192x1024_c64_cfg183")).findFirst().orElseThrow();
        String plain = lines.stream().filter(l -> l.startsWith("dsr1_h200_trtllm_fp8_agg_1024x1024_c8_cfg83")).findFirst().orElseThrow();
        Path csv = tmp.resolve("squared.csv");
        // on a system without kernel tables nothing is calibrated: the rows are read, planned and reported
        String again = plain.replace("dsr1_h200_trtllm_fp8_agg_1024x1024_c8_cfg83", "again_cfg83");
        Files.write(csv, List.of(lines.get(0), squared.replace(",h200_sxm,", ",b200_sxm,"), plain.replace(",h200_sxm,", ",b200_sxm,"),
                again.replace(",h200_sxm,", ",b200_sxm,")));
        Path out = tmp.resolve("squared");
        var r = run("validate", "silicon", csv.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        var summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals(1, summary.path("layouts_read_as_run").asInt());
        assertEquals(1, summary.path("repeated_measurements").asInt(), "the same run listed under two ids");
        assertEquals(2, summary.path("distinct_measurements").path("cases").asInt());
        var cases = ParquetFiles.read(out.resolve("cases.parquet"));
        String[] ids = cases.text("id").orElseThrow();
        double[] readAsRun = cases.numeric("layout_read_as_run").orElseThrow();
        String[] repeatOf = cases.text("repeat_of").orElseThrow();
        for (int i = 0; i < ids.length; i++) {
            assertEquals(ids[i].endsWith("cfg183") ? 1.0 : 0.0, readAsRun[i], ids[i]);
            // rows are listed by id, so the second listing of the run comes first and names the first row of the file
            assertEquals(ids[i].startsWith("again") ? "dsr1_h200_trtllm_fp8_agg_1024x1024_c8_cfg83" : null, repeatOf[i], ids[i]);
        }
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("## Layouts read as the benchmark ran") && md.contains("1 aggregated rows record"), md);
    }

    @Test
    void opsOnAFolderThatIsNotABundleNamesIt() {
        var r = run("validate", "ops", tmp.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(tmp.toString()), r.err());
        assertTrue(r.err().contains("not a Frontier calibration bundle"), r.err());
    }
}
