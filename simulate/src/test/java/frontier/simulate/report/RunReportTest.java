package frontier.simulate.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import frontier.calibrate.bundle.Json;
import frontier.simulate.workload.Request;

class RunReportTest {
    @TempDir Path tmp;

    @Test
    void aFullSampleKeepsEveryOtherRowAndThenEveryOtherOffered() {
        var t = new RunReport.Thinned(3, 8);
        for (int i = 0; i < 8; i++) t.offer(i, 0, 0);
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7}, t.column(0));
        t.offer(8, 0, 0); // full: halves to rows 0, 2, 4, 6, then keeps 8
        for (int i = 9; i < 20; i++) t.offer(i, 0, 0);
        assertArrayEquals(new double[] {0, 4, 8, 12, 16}, t.column(0), "every fourth row of 20, evenly spaced");
        var u = new RunReport.Thinned(3, 8);
        for (int i = 0; i < 20; i++) u.offer(i, 0, 0);
        assertArrayEquals(t.column(0), u.column(0), "the same rows give the same sample");
    }

    @Test
    void theReportHoldsTheLatencyTableTheDistributionsAndEachClustersFirstInstance() throws Exception {
        var r = new RunReport();
        for (int i = 0; i < 50; i++) r.completed(new Request(i, 0, 100, 10, null, 0, "r" + i), 0, 10 + i, 5, 60 + i);
        for (int s = 0; s < 30; s++) {
            r.step("prefill", 0, s * 1_000_000L, 1_000_000L, 0, 3, 1, 10, 100);
            r.step("prefill", 1, s * 1_000_000L, 1_000_000L, 0, 99, 99, 90, 100); // not the first instance: not drawn
        }
        var summary = Json.MAPPER.createObjectNode();
        summary.put("deployment", "pd-test").put("model", "m").put("gpus", 2).put("hardware", "h200_sxm").put("engine", "vllm 0.19.0");
        summary.putObject("requests").put("count", 50).put("refused", 0);
        summary.putObject("throughput").put("simulated_s", 3.0).put("output_tokens_per_s_per_gpu", 12.5).put("requests_per_s", 16.7);
        summary.putObject("ttft_ms").put("mean", 34.5).put("p50", 34.0).put("p90", 54.0).put("p95", 56.5).put("p99", 58.5);
        summary.putObject("clusters").putObject("prefill").putObject("step_time_share").put("attention", 0.4).put("dense_mlp", 0.6);
        r.write(tmp, summary);
        String md = Files.readString(tmp.resolve("report.md"));
        assertTrue(md.contains("# Simulation: pd-test"), md);
        assertTrue(md.contains("| ttft_ms | 34.50 | 34.00 | 54.00 | 56.50 | 58.50 |"), md);
        assertTrue(md.contains("50 requests completed") && md.contains("the charts draw every request"), md);
        String html = Files.readString(tmp.resolve("report.html"));
        for (String chart : new String[] {"TTFT", "TPOT", "E2E", "prefill: requests", "prefill: KV cache in use", "prefill: step duration",
                "Step time by part"}) {
            assertTrue(html.contains(chart), chart);
        }
        assertEquals(-1, html.indexOf("<script src="), "self-contained: no external scripts");
        // the first instance ran 3 requests with 10% of its KV blocks in use, never 99 or 90%
        var first = r.timeline("prefill");
        assertEquals(3.0, first.column(1)[0]);
        assertEquals(0.1, first.column(3)[29], 1e-12);
        assertEquals(30, first.size());
    }
}
