package frontier.simulate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import frontier.calibrate.bundle.Json;
import tools.jackson.databind.node.ObjectNode;

class BenchReportTest {

    static List<CaseRow> requests(int n) {
        var r = new SplittableRandom(3);
        List<CaseRow> rows = new ArrayList<>();
        for (String metric : List.of("ttft_ms", "tpot_ms", "e2e_ms")) {
            for (int i = 0; i < n; i++) {
                double measured = metric.equals("tpot_ms") ? 30 + 5 * r.nextDouble() : Math.exp(4 + 4 * r.nextDouble());
                rows.add(new CaseRow("bench-" + i, metric, measured, measured * (1 + 0.1 * r.nextGaussian()),
                        CaseRow.keys("input_tokens", Integer.toString(100 + i), "output_tokens", Integer.toString(500 + i))));
            }
        }
        return rows;
    }

    static ObjectNode summary() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("bench", "datasets/serving/x");
        root.put("model", "meta-llama/Llama-3.1-8B");
        root.put("vllm_version", "0.19.0");
        root.put("requests", 40);
        root.put("skipped_requests", 0);
        root.put("simulated_requests", 40);
        root.putObject("engine_settings").put("max_num_seqs", 128).put("max_model_len", 0).put("gpu_memory_utilization", 0.9);
        root.putObject("engine_args").put("max_num_batched_tokens", 2048).putNull("max_model_len");
        for (String m : List.of("ttft_ms", "tpot_ms", "e2e_ms")) {
            var node = root.putObject(m);
            for (String side : List.of("measured", "simulated", "error_pct")) {
                node.putObject(side).put("mean", 1.5).put("p50", 1.0).put("p90", 2.0).put("p99", 3.0);
            }
            node.putObject("per_request").put("median_ape_pct", 4.2).put("n", 40);
        }
        root.putObject("simulation").put("hardware", "rtx_pro_6000_server").putObject("memory").putObject("bench").put("kv_blocks_per_instance", 35495);
        return root;
    }

    @Test
    void aBenchReportHasItsTablesAndCharts() {
        var doc = BenchReport.document(summary(), requests(40), null);
        String html = doc.html(), md = doc.markdown();
        assertEquals(1 + 3 + 3, ErrorReportTest.count(html, "<svg"), "a CDF, three parity plots, three distributions");
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("src="), "self-contained");
        assertEquals(html, BenchReport.document(summary(), requests(40), null).html());
        assertTrue(md.contains("| ttft_ms | p90 | 2.00 | 2.00 | +2.0 |"), md);
        assertTrue(md.contains("| max_num_seqs | 128 |") && md.contains("| max_model_len | 0 (the model's maximum) |")
                && md.contains("| gpu_memory_utilization | 0.9 |") && md.contains("| engine_args.max_model_len | - |")
                && md.contains("| memory.bench.kv_blocks_per_instance | 35495 |"), md);
        String worst = md.substring(md.indexOf("## Worst 10 requests"), md.indexOf("## Engine settings"));
        assertEquals(10, ErrorReportTest.count(worst, "\n| bench-"), worst);
        assertTrue(worst.contains("| request | input tokens | output tokens | worst metric |"), worst);
    }

    @Test
    void aRunWithAnEngineTimelineGetsItsSectionAndFourCharts() {
        double[] t = {1, 2, 3};
        var measured = new frontier.simulate.metrics.EngineTimeline(t, new double[] {100, 0, 0}, new double[] {5, 9, 3},
                new double[] {4, 6, 1}, new double[] {1, 0, 0});
        var simulated = new frontier.simulate.metrics.EngineTimeline(t, new double[] {100, 0, 0}, new double[] {4, 10, 3},
                new double[] {4, 5, 0}, new double[] {2, 0, 0});
        var doc = BenchReport.document(summary(), requests(40), new frontier.simulate.metrics.TimelineComparison(measured, simulated));
        String html = doc.html(), md = doc.markdown();
        assertEquals(1 + 3 + 3 + 4, ErrorReportTest.count(html, "<svg"), "and throughput, running and waiting over time");
        assertTrue(md.contains("## Engine timeline"), md);
        // running differs by 0, 1 and 1 over the three ticks
        assertTrue(md.contains("| running | 3.7 | 3.0 | 0.7 |"), md);
    }
}
