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
import frontier.simulate.TestBundles;

class BenchSensitivityTest {
    @TempDir Path tmp;

    @Test
    void stepsShorterAndLongerBracketEachErrorAndTheMainReplayIsUnchanged() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("run/vllm"));
        Files.writeString(dir.resolve("meta.json"), """
                {"model": "meta-llama/Llama-3.1-8B", "vllm_version": "0.19.0", "engine_kwargs": {"max_num_seqs": 64}}
                """);
        var lines = new StringBuilder();
        // one request every 5 s: no queueing, so a request's TPOT is its steps' length
        for (int i = 0; i < 12; i++) {
            double q = 5.0 * i;
            lines.append(String.format(java.util.Locale.ROOT,
                    "{\"request_id\": \"r%d\", \"input_toks\": %d, \"output_toks\": 50, \"queued_ts\": %.3f, "
                            + "\"first_token_ts\": %.3f, \"last_token_ts\": %.3f}%n", i, 200 + 40 * i, q, q + 0.05, q + 0.05 + 49 * 0.02));
        }
        Files.writeString(dir.resolve("requests.jsonl"), lines);
        var run = BenchRun.load(tmp.resolve("run"));
        var model = ModelConfigs.shipped().load(run.model());
        var spec = BenchValidation.deployment(run, run.model(), model, "rtx_pro_6000_server", List.of(), null);
        var bundle = TestBundles.rtx();
        var plain = BenchValidation.run(run, spec, model, bundle, tmp.resolve("plain"));
        var recorded = RecordedEngine.read(run.meta(), run.metaFile(), model);
        var shifted = BenchValidation.run(run, recorded, spec, model, bundle, tmp.resolve("shifted"), 2);
        assertTrue(plain.summary().path("tpot_ms").path("error_pct_steps_shorter_longer").isMissingNode());
        var tpot = shifted.summary().path("tpot_ms");
        double err = tpot.path("error_pct").path("mean").asDouble();
        assertEquals(plain.summary().path("tpot_ms").path("error_pct").path("mean").asDouble(), err, 0, "the replay itself is unchanged");
        double lo = tpot.path("error_pct_steps_shorter_longer").path("mean").get(0).asDouble();
        double hi = tpot.path("error_pct_steps_shorter_longer").path("mean").get(1).asDouble();
        double sim = tpot.path("simulated").path("mean").asDouble(), measured = tpot.path("measured").path("mean").asDouble();
        assertTrue(lo < err && err < hi, lo + " < " + err + " < " + hi);
        // unloaded, TPOT follows the steps: 2% shorter and longer steps give 2% less and more of it
        assertEquals(-0.02 * sim / measured * 100, lo - err, 0.05);
        assertEquals(0.02 * sim / measured * 100, hi - err, 0.05);
        assertTrue(shifted.table().contains("steps ±2%"), shifted.table());
        String md = Files.readString(tmp.resolve("shifted/report.md"));
        assertTrue(md.contains("error % with steps shorter / longer"), md);
        assertTrue(!Files.readString(tmp.resolve("plain/report.md")).contains("shorter / longer"));
        assertThrows(UserInputException.class, () -> BenchValidation.run(run, recorded, spec, model, bundle, tmp.resolve("bad"), 100));
    }
}
