package frontier.simulate.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceErrorsTest {

    @Test
    void readsTheShippedRunsReferenceLines() {
        var r = ReferenceErrors.read(BenchRunTest.QWEN);
        assertEquals(-13.6, r.error("ttft_ms", "mean"), 1e-9);
        assertEquals(-21.8, r.error("ttft_ms", "p50"), 1e-9, "Median is p50");
        assertEquals(-0.5, r.error("tpot_ms", "p99"), 1e-9);
        assertEquals(-1.8, r.error("e2e_ms", "p95"), 1e-9, "Latency is end to end");
        assertEquals(3, r.errorPct().size());
        r.errorPct().values().forEach(stats -> assertEquals(5, stats.size(), stats.toString()));
    }

    @Test
    void aFolderWithoutOneHasNoReference(@TempDir Path dir) throws IOException {
        assertNull(ReferenceErrors.read(dir));
        Files.createDirectories(dir.resolve("validation"));
        Files.writeString(dir.resolve("validation/summary.txt"), "Metric vLLM Sim Diff%\n-----\nsomething else\n");
        assertNull(ReferenceErrors.read(dir), "no line reads as an error");
        Files.writeString(dir.resolve("validation/summary.txt"), "TTFT P90    5182.6   4616.6   +10.9%\nTPOT Mean 47.3 46.5 -1.7%\n");
        var r = ReferenceErrors.read(dir);
        assertEquals(10.9, r.error("ttft_ms", "p90"), 1e-9);
        assertTrue(Double.isNaN(r.error("ttft_ms", "p50")), "a line the file lacks");
    }

    @Test
    void closerComparesAtOneDecimal() {
        assertTrue(ReferenceErrors.closer(-2.4, -8.6) < 0);
        assertTrue(ReferenceErrors.closer(2.5, -2.0) > 0, "the sign does not matter, the distance from zero does");
        assertEquals(0, ReferenceErrors.closer(1.23, -1.2), "1.2 against 1.2 is a tie, not a win");
        assertEquals(0, ReferenceErrors.closer(0.04, -0.0));
    }
}
