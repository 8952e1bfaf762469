package frontier.simulate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import frontier.calibrate.bundle.Json;
import tools.jackson.databind.JsonNode;

/** `frontier sweep`: each load level is the simulation `frontier simulate` runs at that load. */
class SweepCommandTest {
    @TempDir Path tmp;

    Path deployment() throws Exception {
        Path f = tmp.resolve("dep.yaml");
        Files.writeString(f, "model: meta-llama/Llama-3.1-8B\nhardware: rtx_pro_6000_server\nengine_version: 0.19.0\n"
                + "calibration:\n  bundle: " + frontier.simulate.TestBundles.rtx().dir().toAbsolutePath()
                + "\nclusters:\n  - name: a\n    max_num_seqs: 32\n");
        return f;
    }

    Path synthetic() throws Exception {
        Path f = tmp.resolve("wl.yaml");
        Files.writeString(f, "kind: synthetic\nrequests: 300\nseed: 3\narrival: {process: poisson, rate_per_s: 2}\n"
                + "input_tokens: {distribution: uniform, min: 200, max: 1200}\noutput_tokens: {distribution: uniform, min: 50, max: 300}\n");
        return f;
    }

    @Test
    void everyLevelMatchesTheSimulationAtThatRateAndLoadRaisesLatency() throws Exception {
        Path d = deployment(), w = synthetic();
        var r = SimulateCommandTest.run("sweep", "--deployment", d.toString(), "--workload", w.toString(),
                "--rate-scales", "4,1,16", "--jobs", "2", "--out", tmp.resolve("sweep").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode sweep = Json.MAPPER.readTree(tmp.resolve("sweep/summary.json").toFile());
        JsonNode points = sweep.path("points");
        assertEquals(3, points.size());
        assertEquals(List.of(1.0, 4.0, 16.0), List.of(points.get(0).path("rate_scale").asDouble(),
                points.get(1).path("rate_scale").asDouble(), points.get(2).path("rate_scale").asDouble()), "levels in rising order");
        for (JsonNode p : points) {
            double scale = p.path("rate_scale").asDouble();
            Path o = tmp.resolve("sim-" + scale);
            var s = SimulateCommandTest.run("simulate", "--deployment", d.toString(), "--workload", w.toString(),
                    "--rate-scale", Double.toString(scale), "--out", o.toString(), "--no-steps");
            assertEquals(0, s.code(), s.err());
            JsonNode sim = Json.MAPPER.readTree(o.resolve("summary.json").toFile());
            assertEquals(sim.path("requests").path("count").asLong(), p.path("requests").asLong());
            assertEquals(300, p.path("requests").asLong());
            assertEquals(sim.path("ttft_ms").path("p90").asDouble(), p.path("ttft_ms_p90").asDouble(), 0, "rate " + scale);
            assertEquals(sim.path("tpot_ms").path("p50").asDouble(), p.path("tpot_ms_p50").asDouble(), 0, "rate " + scale);
            assertEquals(sim.path("throughput").path("output_tokens_per_s_per_gpu").asDouble(),
                    p.path("output_tokens_per_s_per_gpu").asDouble(), 0, "rate " + scale);
        }
        assertTrue(points.get(2).path("ttft_ms_p90").asDouble() > points.get(0).path("ttft_ms_p90").asDouble(),
                "sixteen times the arrival rate queues prompts");
        var csv = Files.readAllLines(tmp.resolve("sweep/points.csv"));
        assertEquals(4, csv.size());
        assertTrue(csv.get(0).startsWith("rate_scale,requests,"), csv.get(0));
        assertTrue(Files.readString(tmp.resolve("sweep/report.html")).contains("<polyline"), "the curves are drawn as lines");
    }

    @Test
    void aClosedLoopWorkloadIsSweptByClients() throws Exception {
        Path w = tmp.resolve("loop.yaml");
        Files.writeString(w, "kind: closed_loop\nclients: 4\nrequests: 40\nwarmup_requests: 4\nseed: 1\n"
                + "input_tokens: {distribution: fixed, value: 256}\noutput_tokens: {distribution: fixed, value: 32}\n");
        var wrong = SimulateCommandTest.run("sweep", "--workload", w.toString(), "--rate-scales", "1,2");
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("use --concurrency"), wrong.err());
        var r = SimulateCommandTest.run("sweep", "--deployment", deployment().toString(), "--workload", w.toString(),
                "--concurrency", "1,8", "--out", tmp.resolve("loop").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode points = Json.MAPPER.readTree(tmp.resolve("loop/summary.json").toFile()).path("points");
        assertEquals(1, points.get(0).path("concurrency").asLong());
        assertEquals(40 - 1, points.get(0).path("requests").asLong(), "the workload's 40 requests, one warm-up per client");
        assertEquals(80 - 8, points.get(1).path("requests").asLong(), "ten per client at eight clients, one warm-up each");
        assertTrue(points.get(1).path("tpot_ms_p50").asDouble() > points.get(0).path("tpot_ms_p50").asDouble(),
                "eight decodes per step take longer than one");
    }

    @Test
    void anOpenWorkloadRefusesAConcurrencySweep() {
        var r = SimulateCommandTest.run("sweep", "--concurrency", "1,2");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("use --rate-scales"), r.err());
    }
}
