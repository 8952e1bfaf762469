package frontier.simulate.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import frontier.simulate.workload.Request;

class KvCacheTest {
    @Test
    void unreferencedPrefixBlocksAreEvictedWhenSpaceIsNeeded() {
        var kv = new KvCache(64, 16, true);
        var a = new Sequence(new Request(0, 0, 1024, 1, new long[] {1, 2}, 512, "a"));
        assertEquals(0, kv.matchPrefix(a));
        assertTrue(kv.allocate(a, 1024, 0));
        a.computed = 1024;
        kv.publish(a);
        kv.release(a);
        assertEquals(64, kv.usedBlocks(), "published blocks stay cached after the request leaves");
        var b = new Sequence(new Request(1, 0, 800, 1, null, 0, "b"));
        assertTrue(kv.allocate(b, 800, 0), "cached blocks nobody references give way");
        assertEquals(50, b.privateBlocks);
        var c = new Sequence(new Request(2, 0, 1024, 1, new long[] {1, 2}, 512, "c"));
        assertEquals(0, kv.matchPrefix(c), "the evicted prefix is gone");
        assertFalse(kv.allocate(c, 1024, 0), "only 14 blocks are left for 64");
    }

    @Test
    void aFullPromptHitStillComputesItsLastToken() {
        var kv = new KvCache(64, 16, true);
        var a = new Sequence(new Request(0, 0, 512, 1, new long[] {7}, 512, "a"));
        kv.allocate(a, 512, 0);
        a.computed = 512;
        kv.publish(a);
        kv.release(a);
        var b = new Sequence(new Request(1, 0, 512, 1, new long[] {7}, 512, "b"));
        assertEquals(0, kv.matchPrefix(b), "a 512-token prompt with one 512-token block has no full block before its last token");
    }
}
