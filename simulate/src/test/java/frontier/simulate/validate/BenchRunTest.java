package frontier.simulate.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import frontier.calibrate.UserInputException;
import frontier.calibrate.model.ModelConfigs;
import frontier.simulate.cluster.Role;

class BenchRunTest {
    static final Path LLAMA = Path.of("../datasets/serving/llmservingsim-bench/RTXPRO6000/Llama-3.1-8B");
    static final Path QWEN = Path.of("../datasets/serving/llmservingsim-bench/RTXPRO6000/Qwen3-30B-A3B-Instruct-2507");
    @TempDir Path tmp;

    @Test
    void measuredLatenciesFollowTheDatasetDefinitions() {
        var run = BenchRun.load(LLAMA);
        assertEquals(300, run.requests().size());
        assertEquals("meta-llama/Llama-3.1-8B", run.model());
        // bench-0: queued 479748.340626232, first token 479748.510151426, last 479764.054028055, 531 outputs
        var first = run.requests().stream().filter(m -> m.request().sourceId().equals("bench-0")).findFirst().orElseThrow();
        assertEquals((479748.510151426 - 479748.340626232) * 1e3, first.ttftMs(), 1e-6);
        assertEquals((479764.054028055 - 479748.510151426) * 1e3 / 530, first.tpotMs(), 1e-6);
        assertEquals(0, run.requests().getFirst().request().arrivalNs(), "arrivals count from the first queued request");
    }

    @Test
    void theRunsEngineArgumentsBecomeTheDeployment() {
        var llama = BenchValidation.deployment(BenchRun.load(LLAMA), "meta-llama/Llama-3.1-8B", ModelConfigs.shipped().load("meta-llama/Llama-3.1-8B"),
                "rtx_pro_6000_server", List.of(), null);
        var c = llama.clusters().getFirst();
        assertEquals(Role.COLOCATED, c.role());
        assertEquals(128, c.engine().maxNumSeqs());
        assertEquals(2048, c.engine().maxNumBatchedTokens());
        assertEquals("0.19.0", llama.engineVersion());
        var qwen = BenchValidation.deployment(BenchRun.load(QWEN), "Qwen/Qwen3-30B-A3B", ModelConfigs.shipped().load("Qwen/Qwen3-30B-A3B"),
                "rtx_pro_6000_server", List.of(), null);
        var l = qwen.clusters().getFirst().layout();
        assertEquals(2, l.dp(), "data_parallel_size 2");
        assertEquals(2, l.ep(), "enable_expert_parallel spans the data-parallel ranks");
        assertEquals(1, l.instances());
    }

    @Test
    void aFolderWithoutRequestsIsOneClearError() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("run/vllm"));
        Files.writeString(dir.resolve("meta.json"), "{\"model\": \"x\"}");
        var e = assertThrows(UserInputException.class, () -> BenchRun.load(tmp.resolve("run")));
        assertTrue(e.getMessage().contains("missing requests.jsonl"), e.getMessage());
    }

    @Test
    void requestsWithoutTimestampsAreSkippedAndCounted() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("run/vllm"));
        Files.writeString(dir.resolve("meta.json"), "{\"model\": \"x\", \"engine_kwargs\": {}}");
        Files.writeString(dir.resolve("requests.jsonl"), """
                {"request_id": "a", "input_toks": 10, "output_toks": 5, "queued_ts": 1.0, "first_token_ts": 1.1, "last_token_ts": 1.5}
                {"request_id": "b", "input_toks": 10, "output_toks": 5, "queued_ts": 1.2}
                """);
        var run = BenchRun.load(tmp.resolve("run"));
        assertEquals(1, run.requests().size());
        assertEquals(1, run.skipped());
    }

    @Test
    void aVersionTheRecorderCouldNotReadCountsAsNone() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("run/vllm"));
        Files.writeString(dir.resolve("requests.jsonl"), """
                {"request_id": "a", "input_toks": 10, "output_toks": 5, "queued_ts": 1.0, "first_token_ts": 1.1, "last_token_ts": 1.5}
                """);
        Files.writeString(dir.resolve("meta.json"), "{\"model\": \"x\", \"vllm_version\": \"unknown\", \"engine_kwargs\": {}}");
        assertEquals("", BenchRun.load(tmp.resolve("run")).vllmVersion());
        Files.writeString(dir.resolve("meta.json"), "{\"model\": \"x\", \"vllm_version\": \"0.19.1rc1.dev12+gabc\"}");
        assertEquals("0.19.1rc1.dev12+gabc", BenchRun.load(tmp.resolve("run")).vllmVersion());
    }

    @Test
    void theRunsClockPlacesTheFirstRequestAfterItsStart() {
        var run = BenchRun.load(QWEN);
        assertTrue(run.timeseries() != null && run.timeseries().endsWith("timeseries.csv"));
        // started 19:21:30.443021; bench-0 was sent at 1777144890.5122 (0.069 s later) and queued a few ms after
        assertTrue(run.clockOffsetS() > 0.069 && run.clockOffsetS() < 0.08, "offset " + run.clockOffsetS());
        assertEquals(1.5, BenchRun.clockOffset("1970-01-01T00:00:10Z", 5.0, 6.5), 1e-9, "6.5 s monotonic is 11.5 s wall");
        assertTrue(Double.isNaN(BenchRun.clockOffset("", 5.0, 6.5)), "no start, no timeline");
        assertTrue(Double.isNaN(BenchRun.clockOffset("yesterday", 5.0, 6.5)));
    }
}
