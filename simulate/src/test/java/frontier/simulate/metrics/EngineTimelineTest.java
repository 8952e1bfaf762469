package frontier.simulate.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import frontier.calibrate.UserInputException;

class EngineTimelineTest {
    @TempDir Path tmp;

    static EngineTimeline grid(double... t) {
        int n = t.length;
        return new EngineTimeline(t, new double[n], new double[n], new double[n], new double[n]);
    }

    @Test
    void stepsAndFirstTokensLandInTheTickTheyEndIn() {
        // the simulation's zero is half a second into the run
        var rec = new EngineTimeline.Recorder(grid(1, 2, 3), 0.5);
        rec.step("c", 0, 0, 200_000_000L, 3, 4, 1, 0, 0);              // 0.5-0.7 s: tick 1
        rec.firstToken(0.8, 100);                         // 1.3 s: tick 2
        rec.step("c", 0, 600_000_000L, 500_000_000L, 5, 6, 0, 0, 0);   // 1.1-1.6 s: tick 2
        var sim = rec.finish();
        assertArrayEquals(new double[] {0, 100, 0}, sim.promptTps());
        assertArrayEquals(new double[] {3, 6, 0}, sim.genTps(), "decodes at step end, plus the first token");
        // at t = 1 the first step's state holds; by t = 2 the last step has ended and the engine idles
        assertArrayEquals(new double[] {4, 0, 0}, sim.running());
        assertArrayEquals(new double[] {1, 0, 0}, sim.waiting());
    }

    @Test
    void aTickLongerThanOneSecondDividesItsTokens() {
        var rec = new EngineTimeline.Recorder(grid(2, 4), 0);
        rec.step("c", 0, 2_500_000_000L, 1_000_000_000L, 8, 8, 0, 0, 0); // ends at 3.5 s: the tick ending at 4
        rec.step("c", 0, 3_600_000_000L, 1_000_000_000L, 8, 8, 0, 0, 0); // ends past the timeline: dropped
        var sim = rec.finish();
        assertArrayEquals(new double[] {0, 4}, sim.genTps());
        assertArrayEquals(new double[] {0, 8}, sim.running());
    }

    @Test
    void aTimeseriesWithoutAColumnOrWithABadValueIsOneClearError() throws Exception {
        Path missing = Files.writeString(tmp.resolve("a.csv"), "t,prompt_throughput,gen_throughput,running\n1,0,0,0\n");
        var e = assertThrows(UserInputException.class, () -> EngineTimeline.read(missing));
        assertTrue(e.getMessage().contains("a.csv") && e.getMessage().contains("'waiting'"), e.getMessage());
        Path nan = Files.writeString(tmp.resolve("b.csv"), "t,prompt_throughput,gen_throughput,running,waiting\n1,0,0,0,0\n2,0,NaN,1,0\n");
        e = assertThrows(UserInputException.class, () -> EngineTimeline.read(nan));
        assertTrue(e.getMessage().contains("b.csv:3") && e.getMessage().contains("gen_throughput"), e.getMessage());
        Path back = Files.writeString(tmp.resolve("c.csv"), "t,prompt_throughput,gen_throughput,running,waiting\n2,0,0,0,0\n1,0,0,0,0\n");
        e = assertThrows(UserInputException.class, () -> EngineTimeline.read(back));
        assertTrue(e.getMessage().contains("c.csv:3") && e.getMessage().contains("increase"), e.getMessage());
    }

    @Test
    void theShippedRunsTimelineReads() {
        var t = EngineTimeline.read(Path.of("../datasets/serving/llmservingsim-bench/RTXPRO6000/Qwen3-30B-A3B-Instruct-2507/vllm/timeseries.csv"));
        assertTrue(t.size() > 60, "a tick a second over a minute-long run");
        assertEquals(256, Arrays.stream(t.running()).max().orElse(0), "two ranks of 128 sequences full");
    }

    @Test
    void aFullBatchTickSplitsIntoDecodeStepsAndPromptWork() {
        // 100 running; a decode step takes 30 ms and every 1k prompt tokens adds 50 ms
        double[] prompt = {0, 2000, 4000, 1000, 3000, 500, 2500};
        int n = prompt.length;
        double[] t = new double[n], gen = new double[n], running = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i + 1;
            running[i] = 100;
            gen[i] = (1000 - 50 * prompt[i] / 1000) / 30 * 100;
        }
        var split = TimelineComparison.stepSplit(new EngineTimeline(t, prompt, gen, running, new double[n]));
        assertEquals(n, split.ticks());
        assertEquals(30, split.decodeStepMs(), 1e-9);
        assertEquals(50, split.msPer1kPromptTokens(), 1e-9);
        running[0] = 50; // a tick with the batch not full is left out
        assertEquals(n - 1, TimelineComparison.stepSplit(new EngineTimeline(t, prompt, gen, running, new double[n])).ticks());
        assertEquals(null, TimelineComparison.stepSplit(new EngineTimeline(new double[] {1, 2}, new double[2], new double[2],
                new double[] {1, 1}, new double[2])), "too few ticks to split");
    }
}
