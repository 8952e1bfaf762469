package frontier.simulate.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import frontier.calibrate.bundle.Json;
import frontier.calibrate.io.ParquetFiles;
import frontier.simulate.cli.FrontierCommand;
import tools.jackson.databind.JsonNode;

/** `simulate --trace`: the timeline holds exactly the steps and requests the Parquet outputs hold. */
class ChromeTraceTest {
    @TempDir Path tmp;

    int simulate(String... extra) throws Exception {
        Path d = tmp.resolve("dep.yaml"), w = tmp.resolve("wl.yaml");
        Files.writeString(d, "model: meta-llama/Llama-3.1-8B\nhardware: rtx_pro_6000_server\nengine_version: 0.19.0\n"
                + "calibration:\n  bundle: " + frontier.simulate.TestBundles.rtx().dir().toAbsolutePath()
                + "\nclusters:\n  - name: \"serve \\\"a\\\"\"\n    max_num_seqs: 16\n");
        Files.writeString(w, "kind: synthetic\nrequests: 120\nseed: 5\narrival: {process: poisson, rate_per_s: 6}\n"
                + "input_tokens: {distribution: uniform, min: 100, max: 2000}\noutput_tokens: {distribution: uniform, min: 20, max: 200}\n");
        List<String> args = new ArrayList<>(List.of("simulate", "--deployment", d.toString(), "--workload", w.toString(),
                "--out", tmp.resolve("o").toString(), "--trace"));
        args.addAll(List.of(extra));
        var cl = frontier.calibrate.cli.Cli.configure(new picocli.CommandLine(new FrontierCommand()), System.err);
        return cl.execute(args.toArray(String[]::new));
    }

    @Test
    void theTimelineHoldsEveryStepAndRequestAtTheirTimes() throws Exception {
        assertEquals(0, simulate());
        JsonNode trace = Json.MAPPER.readTree(tmp.resolve("o/trace.json").toFile());
        assertFalse(trace.path("otherData").path("truncated").asBoolean());
        List<JsonNode> steps = new ArrayList<>(), requests = new ArrayList<>();
        for (JsonNode e : trace.path("traceEvents")) {
            if (e.path("cat").asString("").equals("step")) steps.add(e);
            if (e.path("cat").asString("").equals("request") && e.path("name").asString().startsWith("request ")) requests.add(e);
        }
        var stepTable = ParquetFiles.read(tmp.resolve("o/steps.parquet"));
        double[] start = stepTable.numeric("start_s").orElseThrow(), dur = stepTable.numeric("duration_ms").orElseThrow();
        assertEquals(stepTable.rows(), steps.size());
        for (int i = 0; i < steps.size(); i++) {
            assertEquals(start[i] * 1e6, steps.get(i).path("ts").asDouble(), 1e-3, "step " + i);
            assertEquals(dur[i] * 1e3, steps.get(i).path("dur").asDouble(), 1e-3, "step " + i);
        }
        var reqTable = ParquetFiles.read(tmp.resolve("o/requests.parquet"));
        double[] id = reqTable.numeric("request_id").orElseThrow(), arrival = reqTable.numeric("arrival_s").orElseThrow(),
                done = reqTable.numeric("completion_s").orElseThrow();
        assertEquals(120, requests.size());
        Map<Long, JsonNode> byId = new HashMap<>();
        for (JsonNode r : requests) byId.put(Long.parseLong(r.path("name").asString().substring("request ".length())), r);
        for (int i = 0; i < reqTable.rows(); i++) {
            JsonNode r = byId.get((long) id[i]);
            assertEquals(arrival[i] * 1e6, r.path("ts").asDouble(), 1e-3);
            assertEquals(done[i] * 1e6, r.path("ts").asDouble() + r.path("dur").asDouble(), 1e-2);
        }
        // spans that share a track never overlap
        Map<Integer, List<double[]>> tracks = new HashMap<>();
        for (JsonNode r : requests) {
            tracks.computeIfAbsent(r.path("tid").asInt(), t -> new ArrayList<>())
                    .add(new double[] {r.path("ts").asDouble(), r.path("ts").asDouble() + r.path("dur").asDouble()});
        }
        for (var spans : tracks.values()) {
            spans.sort((a, b) -> Double.compare(a[0], b[0]));
            for (int i = 1; i < spans.size(); i++) assertTrue(spans.get(i)[0] >= spans.get(i - 1)[1], "overlap on a track");
        }
        assertTrue(tracks.size() > 1, "concurrent requests take several tracks");
        assertTrue(Files.readString(tmp.resolve("o/trace.json")).contains("cluster serve \\\"a\\\""), "names are escaped");
    }

    @Test
    void aLimitCutsTheTimelineShortAndSaysSo() throws Exception {
        assertEquals(0, simulate("--trace-limit", "50"));
        JsonNode trace = Json.MAPPER.readTree(tmp.resolve("o/trace.json").toFile());
        assertEquals(50, trace.path("traceEvents").size());
        assertTrue(trace.path("otherData").path("truncated").asBoolean());
        assertTrue(trace.path("otherData").path("note").asString().contains("event limit reached"));
    }
}
