package frontier.simulate.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A deployment's TTFT gap against its concurrency: a fixed offset reads flat, a per-client cost grows. */
class TtftGapTest {

    private static int line = 0;

    static SiliconCase simulated(String backend, int tp, int concurrency, double measuredTtft, double simulatedTtft) {
        var w = new SiliconRow.Workers(1, concurrency, tp, 1, 1, 1, 1);
        var row = new SiliconRow(++line, backend + "_tp" + tp + "_c" + concurrency, "h200_sxm", backend, "1.0", "meta-llama/Llama-3.1-70B",
                "fp8", null, null, "agg", 1024, 1024, concurrency, w, null, null, measuredTtft, 20, null);
        return new SiliconCase.Simulated(row, "1.0", simulatedTtft, 20, 10L * concurrency, 100, 0, 0,
                new double[frontier.simulate.cost.StepPart.values().length]);
    }

    static List<SiliconCase> cases() {
        List<SiliconCase> cases = new ArrayList<>();
        for (int c : new int[] {4, 16, 64}) {
            // the same 150 ms missing at every load
            cases.add(simulated("sglang", 8, c, 100 + 2 * c + 150, 100 + 2 * c));
            // 10 ms plus 5 ms a client: time that comes with the load
            cases.add(simulated("trtllm", 1, c, 300 + 10 + 5 * c, 300));
        }
        // two loads do not show a trend
        cases.add(simulated("vllm", 2, 4, 500, 100));
        cases.add(simulated("vllm", 2, 8, 900, 100));
        return cases;
    }

    @Test
    void aFixedOffsetIsFlatAndACostPerClientGrows() {
        var gaps = TtftGap.of(cases());
        assertEquals(2, gaps.size(), "only deployments measured at three or more concurrencies");
        var flat = gaps.get(0);
        assertEquals("sglang", flat.key().get(1));
        assertEquals(TtftGap.Trend.FLAT, flat.trend());
        assertEquals(150, flat.gapAtLowMs(), 1e-9);
        assertEquals(150, flat.zeroLoadMs(), 1e-9);
        assertEquals(0, flat.slopeMs(), 1e-9);
        var grows = gaps.get(1);
        assertEquals(TtftGap.Trend.GROWS, grows.trend());
        assertEquals(5, grows.slopeMs(), 1e-9);
        assertEquals(10, grows.zeroLoadMs(), 1e-9);
        assertEquals(10 + 5 * 4, grows.gapAtLowMs(), 1e-9);
        assertEquals(10 + 5 * 64, grows.gapAtHighMs(), 1e-9);
        assertEquals(4, grows.concurrency()[0]);
        assertEquals(64, grows.concurrency()[1]);
    }

    @Test
    void aGapThatTurnsAroundShrinksAndEachLayoutIsItsOwnDeployment() {
        List<SiliconCase> cases = new ArrayList<>();
        for (int c : new int[] {4, 16, 64}) {
            cases.add(simulated("vllm", 1, c, 1000, 1000 - 200 + 8 * c)); // +168 ms at 4 clients, -312 at 64
            cases.add(simulated("vllm", 4, c, 1000, 1000 - 50)); // another layout, a flat +50
        }
        var gaps = TtftGap.of(cases);
        assertEquals(2, gaps.size());
        assertEquals(TtftGap.Trend.SHRINKS, gaps.get(0).trend());
        assertEquals(TtftGap.Trend.FLAT, gaps.get(1).trend());
        assertEquals(50, gaps.get(1).medianGapMs(), 1e-9);
    }

    @Test
    void theReportAndSummaryCarryTheGapsByBackend() {
        var data = SiliconReport.data(cases(), new SiliconReport.Run("rows.csv", List.of(), "protocol"));
        String md = SiliconReport.markdown(data);
        assertTrue(md.contains("## TTFT gap against load"), md);
        assertTrue(md.contains("| sglang | 1 | 1 | 0 | 0 | +150 | +150 |"), md);
        assertTrue(md.contains("| trtllm | 1 | 0 | 1 | 0 | +30 | +10 |"), md);
        var byBackend = data.summary().path("ttft_gap_by_backend");
        assertEquals(2, byBackend.size());
        assertEquals("trtllm", byBackend.path(1).path("backend").asString());
        assertEquals(1, byBackend.path(1).path("grows").asInt());
        assertEquals(10, byBackend.path(1).path("median_gap_at_zero_load_ms").asDouble(), 1e-9);
    }
}
