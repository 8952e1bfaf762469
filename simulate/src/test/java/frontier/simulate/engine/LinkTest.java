package frontier.simulate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import frontier.simulate.cluster.LinkSpec;

class LinkTest {
    @Test
    void concurrentTransfersShareTheBandwidth() {
        var link = new Link(0, new LinkSpec("l", "a", "b", 1e9, 0)); // 1 GB/s
        link.start(0, new Link.Transfer(1, "kv", 1, 1e9, 0, 0, () -> {}));
        assertEquals(1_000_000_000L, link.nextCompletionNs(), "alone, 1 GB takes a second");
        link.start(0, new Link.Transfer(2, "kv", 2, 1e9, 0, 0, () -> {}));
        assertEquals(2_000_000_000L, link.nextCompletionNs(), "two at once share the link: both end at 2 s");
        var done = link.finish(2_000_000_000L);
        assertEquals(2, done.size());
        assertEquals(-1, link.nextCompletionNs());
    }

    @Test
    void aLaterTransferFinishesAfterTheEarlierOneSpeedsUp() {
        var link = new Link(0, new LinkSpec("l", "a", "b", 1e9, 0));
        link.start(0, new Link.Transfer(1, "kv", 1, 1e9, 0, 0, () -> {}));
        link.start(500_000_000L, new Link.Transfer(2, "kv", 2, 0.25e9, 500_000_000L, 500_000_000L, () -> {}));
        // from 0.5 s both run at 0.5 GB/s: the small one ends at 1.0 s, the big one then runs alone
        assertEquals(1_000_000_000L, link.nextCompletionNs());
        assertEquals(1, link.finish(1_000_000_000L).size());
        assertTrue(Math.abs(link.nextCompletionNs() - 1_250_000_000L) <= 1, "" + link.nextCompletionNs());
    }
}
