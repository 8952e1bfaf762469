package frontier.simulate.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import frontier.calibrate.hardware.HardwareProfiles;
import frontier.calibrate.model.ModelConfigs;

/** The compute a row's measurements demand, worked by hand on Llama-3.1-8B and an H200. */
class ImpliedComputeTest {

    static SiliconRow agg(int line, int tp, int isl, int osl, int concurrency, double ttftMs, double tpotMs) {
        var w = new SiliconRow.Workers(1, concurrency, tp, 1, 1, 1, 1);
        return new SiliconRow(line, "r" + line, "h200_sxm", "vllm", "0.18.0", "meta-llama/Llama-3.1-8B-Instruct", "fp8", null, null,
                "agg", isl, osl, concurrency, w, null, null, ttftMs, tpotMs, null);
    }

    @Test
    void aRowNeedsTwoFlopsPerWeightPerTokenAtItsOwnRequestRate() {
        var llama = ModelConfigs.shipped().load("meta-llama/Llama-3.1-8B-Instruct");
        var h200 = HardwareProfiles.discover().load("h200_sxm");
        double lmHead = 128256.0 * 4096;
        double body = llama.parameters() - 2 * lmHead; // untied: embeddings and LM head
        assertEquals(6.98e9, body, 0.02e9, "Llama-3.1-8B's 8.03 B parameters less its two vocabulary tables");
        // 64 clients, 100 ms to the first token, then 99 more tokens at 10 ms: 1.09 s a request
        double perRequest = 2 * body * (1000 + 99) + 2 * lmHead * 100;
        double expected = 100 * (64 / 1.09) * perRequest / (1 * 1979e12);
        assertEquals(expected, ImpliedCompute.peakPct(agg(1, 1, 1000, 100, 64, 100, 10), llama, h200, 1), 1e-9 * expected);
        assertEquals(expected / 4, ImpliedCompute.peakPct(agg(1, 4, 1000, 100, 64, 100, 10), llama, h200, 1), 1e-9 * expected,
                "four GPUs share the demand");
    }

    @Test
    void lengthsAreTheMeansTheClientDrawsAndGpusCountEveryWorker() {
        assertEquals((819 + 1024) / 2.0, ImpliedCompute.meanLength(1024, 0.8), 1e-12);
        assertEquals(1024, ImpliedCompute.meanLength(1024, 1), 1e-12);
        var prefill = new SiliconRow.Workers(1, 1, 8, 1, 1, 1, 8);
        var decode = new SiliconRow.Workers(9, 16, 8, 1, 1, 1, 8);
        var disagg = new SiliconRow(2, "d", "h200_sxm", "trtllm", "", "deepseek-ai/DeepSeek-V3", "fp8", null, null, "disagg", 1024, 1024,
                36, null, prefill, decode, 600, 13, null);
        assertEquals(80, disagg.gpus());
        assertEquals(4, agg(1, 4, 1000, 100, 64, 100, 10).gpus());
    }

    @Test
    void theReportNamesRowsBeyondThePeakAndKeepsThemInItsFigures() {
        var rows = List.of(agg(1, 1, 1000, 100, 64, 100, 10), agg(2, 1, 1000, 100, 8, 100, 10));
        List<SiliconCase> cases = rows.stream().map(r -> (SiliconCase) new SiliconCase.Simulated(r, "0.18.0", 90, 9, 80, 0, 0, 0,
                new double[frontier.simulate.cost.StepPart.COUNT])).toList();
        var data = SiliconReport.data(cases, new SiliconReport.Run("x.csv", List.of(), "p"), Map.of(1, 140.0, 2, 17.5));
        assertEquals(1, data.summary().path("rows_beyond_peak").asInt());
        assertTrue(SiliconReport.markdown(data).contains("1 row needs more than"));
        assertEquals(2, data.summary().path("simulated").asInt(), "a row beyond the peak is still simulated and counted");
        String md = SiliconReport.markdown(data);
        String section = md.substring(md.indexOf("## Rows beyond their GPUs' peak"), md.indexOf("## Worst 15 cases"));
        assertTrue(section.contains("| r1 | meta-llama/Llama-3.1-8B-Instruct | 1000/100 | 64 | 1 | 100.00 / 10.00 | 140 |"), section);
        assertFalse(section.contains("| r2 |"), section);

        var within = SiliconReport.markdown(SiliconReport.data(cases, new SiliconReport.Run("x.csv", List.of(), "p"), Map.of(1, 60.0, 2, 17.5)));
        assertTrue(within.contains("the most demanding, `r1`, needs 60.0% of it"), within);
    }
}
