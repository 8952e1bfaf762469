package frontier.simulate.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LayoutConflictsTest {

    static SiliconRow agg(int line, String id, SiliconRow.Workers w, double ttft, double tpot) {
        return new SiliconRow(line, id, "h200_sxm", "trtllm", "1.1.0", "deepseek-ai/DeepSeek-R1", "fp8", null, null, "agg", 1024, 1024, 4,
                w, null, null, ttft, tpot, null);
    }

    @Test
    void rowsRecordingOneMeasurementUnderTwoLayoutsNameEachOther() {
        var tp8ep8 = new SiliconRow.Workers(1, 4, 8, 1, 1, 1, 8);
        var tp64 = new SiliconRow.Workers(1, 4, 64, 1, 1, 8, 8);
        var tp8 = new SiliconRow.Workers(1, 4, 8, 1, 1, 8, 1);
        List<SiliconRow> rows = List.of(
                agg(1, "a-tp8-ep8", tp8ep8, 493.98, 8.58),
                agg(2, "a-tp64", tp64, 493.98, 8.58),
                agg(3, "a-tp8-ep8-again", tp8ep8, 493.98, 8.58), // the same run listed twice: no contradiction between these two
                agg(4, "b-tp8", tp8, 307.85, 13.81),
                agg(5, "c-tp8-ep8", tp8ep8, 307.86, 13.81)); // a different measurement, however close
        Map<Integer, List<String>> c = LayoutConflicts.of(rows);
        assertEquals(List.of("a-tp64"), c.get(1));
        assertEquals(List.of("a-tp8-ep8", "a-tp8-ep8-again"), c.get(2));
        assertEquals(List.of("a-tp64"), c.get(3));
        assertFalse(c.containsKey(4));
        assertFalse(c.containsKey(5));
    }

    @Test
    void aLayoutReadAsRunIsTheSameDeploymentAsItsNGpuRecord() {
        var recordedSquared = new SiliconRow.Workers(1, 4, 8, 1, 1, 1, 8, true); // tp 64, moe 8 x 8 in the table
        var tp8ep8 = new SiliconRow.Workers(1, 4, 8, 1, 1, 1, 8);
        var tp8 = new SiliconRow.Workers(1, 4, 8, 1, 1, 8, 1);
        Map<Integer, List<String>> c = LayoutConflicts.of(List.of(agg(1, "squared", recordedSquared, 493.98, 8.58),
                agg(2, "tp8-ep8", tp8ep8, 493.98, 8.58), agg(3, "tp8", tp8, 493.98, 8.58)));
        assertEquals(List.of("tp8"), c.get(1), "only the genuinely different layout contradicts it");
        assertEquals(List.of("tp8"), c.get(2));
        assertEquals(List.of("squared", "tp8-ep8"), c.get(3));
    }

    @Test
    void aRowWithoutItsLayoutContradictsNothing() {
        var w = new SiliconRow.Workers(1, 32, 8, 1, 1, 1, 8);
        var notGiven = new SiliconRow.Workers(0, 0, 8, 1, 1, 1, 8);
        var given = new SiliconRow(1, "given", "h200_sxm", "trtllm", "0.8.1", "m", "fp8", null, null, "disagg", 8192, 1024, 768, null,
                new SiliconRow.Workers(5, 1, 8, 1, 1, 1, 8), w, 8836.2, 44.0, null);
        var partial = new SiliconRow(2, "partial", "h200_sxm", "trtllm", "0.8.1", "m", "fp8", null, null, "disagg", 8192, 1024, 768, null,
                notGiven, notGiven, 8836.2, 44.0, null);
        assertEquals(Map.of(), LayoutConflicts.of(List.of(given, partial)));
    }
}
