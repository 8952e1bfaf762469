package frontier.simulate.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RepeatedMeasurementsTest {

    static SiliconRow agg(int line, String id, int concurrency, SiliconRow.Workers w, double ttft, double tpot) {
        return new SiliconRow(line, id, "b200_sxm", "vllm", "0.17.0", "moonshotai/Kimi-K2.5", "fp4", null, null, "agg", 1024, 1024,
                concurrency, w, null, null, ttft, tpot, null);
    }

    @Test
    void aRunRecordedAgainIsARepeatOfItsFirstRowEvenRoundedOrRecordedSquared() {
        var tp4ep4 = new SiliconRow.Workers(1, 4, 4, 1, 1, 1, 4);
        var squared = new SiliconRow.Workers(1, 4, 4, 1, 1, 1, 4, true); // tp 4, dp 4, EP 16 in the table
        var tp4 = new SiliconRow.Workers(1, 4, 4, 1, 1, 4, 1);
        List<SiliconRow> rows = List.of(
                agg(1, "first", 4, squared, 169.940709, 8.361430),
                agg(2, "rounded", 4, tp4ep4, 169.94, 8.36),
                agg(3, "other layout", 4, tp4, 169.94, 8.36),
                agg(4, "other load", 8, tp4ep4, 169.94, 8.36),
                agg(5, "another run", 4, tp4ep4, 169.95, 8.36));
        assertEquals(Map.of(2, "first"), RepeatedMeasurements.of(rows));
    }
}
