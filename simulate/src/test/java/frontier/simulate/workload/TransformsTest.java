package frontier.simulate.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformsTest {
    @TempDir Path tmp;

    private static RequestSource azure() {
        return Traces.open(Fixtures.path(Fixtures.AZURE_CONV), false);
    }

    @Test
    void rateScaleTwoHalvesArrivalTimes() {
        List<Request> original = Fixtures.all(azure());
        List<Request> doubled = Fixtures.all(new RateScaledSource(azure(), 2));
        assertEquals(original.size(), doubled.size());
        for (int i = 0; i < original.size(); i++) {
            assertEquals(original.get(i).arrivalNs() / 2.0, doubled.get(i).arrivalNs(), 0.5);
            assertEquals(original.get(i).inputTokens(), doubled.get(i).inputTokens());
        }
        assertEquals(2_157_289_500L, doubled.get(1).arrivalNs());
        List<Request> halved = Fixtures.all(new RateScaledSource(azure(), 0.5));
        assertEquals(8_629_158_000L, halved.get(1).arrivalNs());
        assertThrows(IllegalArgumentException.class, () -> new RateScaledSource(azure(), 0));
    }

    @Test
    void limitStopsAfterThatManyRequests() {
        var limited = new LimitedSource(azure(), 5);
        List<Request> rs = Fixtures.all(limited);
        assertEquals(5, rs.size());
        assertEquals(Fixtures.all(azure()).subList(0, 5), rs);
    }

    @Test
    void windowKeepsItsRequestsShiftedToStartAtZeroAndRenumbered() {
        List<Request> original = Fixtures.all(azure());
        long start = 5_000_000_000L, end = 9_000_000_000L;
        List<Request> expected = original.stream().filter(r -> r.arrivalNs() >= start && r.arrivalNs() < end).toList();
        List<Request> rs = Fixtures.all(new RenumberedSource(new TimeWindowSource(azure(), start, end)));
        assertEquals(expected.size(), rs.size());
        assertEquals(7, rs.size());
        for (int i = 0; i < rs.size(); i++) {
            assertEquals(i, rs.get(i).id());
            assertEquals(expected.get(i).arrivalNs() - start, rs.get(i).arrivalNs());
            assertEquals(expected.get(i).sourceId(), rs.get(i).sourceId());
        }
        assertEquals(892_655_000L, rs.get(0).arrivalNs()); // 18:15:52.5732450 is 5.892655 s into the trace
    }

    @Test
    void decoratorsPassSkippedRowsThrough() {
        List<String> lines = Fixtures.lines(Fixtures.AZURE_CONV);
        lines.set(3, "2023-11-16 18:15:51.2224670,879,-55");
        RequestSource source = new RenumberedSource(new LimitedSource(new RateScaledSource(
                new TimeWindowSource(Traces.open(Fixtures.write(tmp, "t.csv", lines), true), 0, Long.MAX_VALUE), 3), 100));
        assertEquals(19, Fixtures.all(source).size());
        assertEquals(1, source.skippedRows());
    }
}
