package frontier.simulate.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

import frontier.simulate.workload.LengthDistribution.Fixed;
import frontier.simulate.workload.LengthDistribution.LogNormal;
import frontier.simulate.workload.LengthDistribution.Uniform;
import org.junit.jupiter.api.Test;

class ClosedLoopSourceTest {
    private static final LengthDistribution IN = new LogNormal(500, 0.8, 1, 4096);
    private static final LengthDistribution OUT = new Uniform(1, 300);

    /** A toy event loop: a request takes (input + output) microseconds; clients resend on completion. */
    private static List<Request> run(ClosedLoopSource source, int clients) {
        record Done(long atNs, int client) {}
        var pending = new PriorityQueue<Done>((x, y) -> x.atNs != y.atNs ? Long.compare(x.atNs, y.atNs) : Integer.compare(x.client, y.client));
        List<Request> sent = new ArrayList<>();
        for (int c = 0; c < clients; c++) pending.add(new Done(0, c));
        while (!pending.isEmpty()) {
            Done d = pending.poll();
            Request r = source.nextFor(d.client, d.atNs);
            if (r == null) continue;
            sent.add(r);
            pending.add(new Done(d.atNs + 1000L * (r.inputTokens() + r.outputTokens()), d.client));
        }
        return sent;
    }

    @Test
    void issuesExactlyTheRequestedNumberOfRequests() {
        var spec = new ClosedLoopSpec(8, 100, IN, OUT, 1, 8);
        var source = new ClosedLoopSource(spec);
        List<Request> sent = run(source, 8);
        assertEquals(100, sent.size());
        assertEquals(100, source.issued());
        assertTrue(source.exhausted());
        assertNull(source.nextFor(0, Long.MAX_VALUE));
        for (int i = 0; i < sent.size(); i++) assertEquals(i, sent.get(i).id());
        assertEquals(8, sent.stream().filter(r -> spec.isWarmup(r.id())).count());
    }

    @Test
    void requestsArriveWhenAsked() {
        var source = new ClosedLoopSource(new ClosedLoopSpec(2, 5, new Fixed(3), new Fixed(4), 0, 0));
        assertEquals(new Request(0, 0, 3, 4, null, 0, "client-1"), source.nextFor(1, 0));
        assertEquals(new Request(1, 1_500, 3, 4, null, 0, "client-0"), source.nextFor(0, 1_500));
        assertFalse(source.exhausted());
    }

    @Test
    void lengthsFollowTheOrderOfIssueNotTheClient() {
        var spec = new ClosedLoopSpec(4, 50, IN, OUT, 21, 0);
        List<Request> a = run(new ClosedLoopSource(spec), 4);
        var other = new ClosedLoopSource(spec);
        List<Request> b = new ArrayList<>();
        for (int i = 0; i < 50; i++) b.add(other.nextFor(3 - i % 4, 10L * i));
        for (int i = 0; i < 50; i++) {
            assertEquals(a.get(i).inputTokens(), b.get(i).inputTokens());
            assertEquals(a.get(i).outputTokens(), b.get(i).outputTokens());
        }
        assertEquals(a, run(new ClosedLoopSource(spec), 4), "same seed, same run");
    }

    @Test
    void sameSeedDrawsTheSameLengthsAsASyntheticWorkload() {
        List<Request> open = Fixtures.all(new SyntheticSource(new SyntheticSpec(20, new ArrivalProcess.Poisson(1), IN, OUT, 5)));
        var loop = new ClosedLoopSource(new ClosedLoopSpec(1, 20, IN, OUT, 5, 0));
        for (Request r : open) {
            Request s = loop.nextFor(0, 0);
            assertEquals(r.inputTokens(), s.inputTokens());
            assertEquals(r.outputTokens(), s.outputTokens());
        }
    }

    @Test
    void misuseIsRefused() {
        var source = new ClosedLoopSource(new ClosedLoopSpec(2, 5, new Fixed(3), new Fixed(4), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> source.nextFor(2, 0));
        source.nextFor(0, 100);
        assertThrows(IllegalArgumentException.class, () -> source.nextFor(1, 99));
        assertThrows(IllegalArgumentException.class, () -> new ClosedLoopSpec(0, 5, new Fixed(1), new Fixed(1), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ClosedLoopSpec(2, 5, new Fixed(1), new Fixed(1), 0, 5));
    }
}
