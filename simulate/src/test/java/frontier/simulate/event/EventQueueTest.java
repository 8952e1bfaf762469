package frontier.simulate.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class EventQueueTest {
    @Test
    void ordersByTimeThenByInsertion() {
        var q = new EventQueue();
        var rng = new SplittableRandom(1);
        List<long[]> inserted = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            long t = rng.nextInt(500);
            q.schedule(t, new Event.ClientReady(i));
            inserted.add(new long[] {t, i});
        }
        inserted.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        for (long[] expected : inserted) {
            assertEquals(expected[0], q.peekTime());
            var e = (Event.ClientReady) q.poll();
            assertEquals(expected[1], e.client(), "equal times leave in the order they were scheduled");
        }
        assertTrue(q.isEmpty());
        assertEquals(Long.MAX_VALUE, q.peekTime());
    }
}
