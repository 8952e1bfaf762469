package frontier.simulate.schedule;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;

/**
 * Paged KV blocks of one instance with prefix caching. A sequence's prompt, once computed, is
 * published block-group by block-group under prefix-chained hashes; later requests with the same
 * prefix reference those groups instead of recomputing them. Unreferenced groups stay cached
 * until space is needed, then leave in least-recently-used order.
 */
public final class KvCache {
    private final int totalBlocks;
    private final int blockSize;
    private final boolean prefixCaching;
    private long freeBlocks;
    private long cachedBlocks;
    /** Blocks held by cached entries nobody references (evictable on demand). */
    private long idleBlocks;
    private final HashMap<Long, Entry> entries = new HashMap<>();
    /** Entries nobody references, oldest first. */
    private final LinkedHashMap<Long, Entry> evictable = new LinkedHashMap<>();
    private long hitTokens;
    private long queriedTokens;

    private static final class Entry {
        final int blocks;
        int refs;

        Entry(int blocks) {
            this.blocks = blocks;
        }
    }

    public KvCache(int totalBlocks, int blockSize, boolean prefixCaching) {
        this.totalBlocks = totalBlocks;
        this.blockSize = blockSize;
        this.prefixCaching = prefixCaching;
        this.freeBlocks = totalBlocks;
    }

    public int totalBlocks() { return totalBlocks; }
    public int blockSize() { return blockSize; }
    public long usedBlocks() { return totalBlocks - freeBlocks; }
    /** Blocks that can be handed out now, counting cached blocks nobody references. */
    long available() {
        return freeBlocks + idleBlocks;
    }
    public long hitTokens() { return hitTokens; }
    public long queriedTokens() { return queriedTokens; }

    private int blocksFor(int tokens) {
        return (tokens + blockSize - 1) / blockSize;
    }

    private boolean usable(Sequence s) {
        var r = s.request;
        return prefixCaching && r.prefixHashes() != null && r.hashBlockTokens() > 0 && r.hashBlockTokens() % blockSize == 0;
    }

    /**
     * At first admission: references the longest cached prefix and returns its length in tokens.
     * At least one prompt token is always computed, as in vLLM, so a full hit recomputes the last block.
     */
    public int matchPrefix(Sequence s) {
        if (!usable(s)) return 0;
        var r = s.request;
        long[] hashes = r.prefixHashes();
        int perEntry = r.hashBlockTokens();
        int maxEntries = Math.min(hashes.length, (s.promptTokens - 1) / perEntry);
        queriedTokens += s.promptTokens;
        long key = 0;
        int hits = 0;
        long[] pins = new long[maxEntries];
        for (int i = 0; i < maxEntries; i++) {
            key = chain(key, hashes[i]);
            Entry e = entries.get(key);
            if (e == null) break;
            if (e.refs++ == 0) {
                evictable.remove(key);
                idleBlocks -= e.blocks;
            }
            pins[hits++] = key;
        }
        s.pinned = pins;
        s.pinnedCount = hits;
        s.pinnedTokens = hits * perEntry;
        hitTokens += s.pinnedTokens;
        return s.pinnedTokens;
    }

    static long chain(long previous, long hash) {
        long h = previous * 0x9E3779B97F4A7C15L + hash;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return h ^ (h >>> 32);
    }

    /**
     * Makes room for the sequence's KV after {@code newTokens} more tokens. Cached blocks nobody
     * references are evicted if needed. Returns false (and changes nothing) when it cannot.
     *
     * @param reserve blocks that must stay free afterwards (the admission watermark)
     */
    public boolean allocate(Sequence s, int newTokens, long reserve) {
        int needed = blocksFor(s.computed + newTokens) - s.pinnedTokens / blockSize - s.privateBlocks;
        if (needed <= 0) return true;
        if (freeBlocks - reserve < needed) {
            if (available() - reserve < needed) return false;
            evict(needed + reserve - freeBlocks);
        }
        freeBlocks -= needed;
        s.privateBlocks += needed;
        return true;
    }

    private void evict(long blocks) {
        var it = evictable.entrySet().iterator();
        while (blocks > 0 && it.hasNext()) {
            var e = it.next();
            it.remove();
            entries.remove(e.getKey());
            freeBlocks += e.getValue().blocks;
            cachedBlocks -= e.getValue().blocks;
            idleBlocks -= e.getValue().blocks;
            blocks -= e.getValue().blocks;
        }
    }

    /** After the prompt is computed: turns its full hash groups into shared cache entries. */
    public void publish(Sequence s) {
        if (!usable(s) || s.published) return;
        s.published = true;
        var r = s.request;
        long[] hashes = r.prefixHashes();
        int perEntry = r.hashBlockTokens();
        int groupBlocks = perEntry / blockSize;
        int full = Math.min(hashes.length, s.promptTokens / perEntry);
        long key = 0;
        long[] pins = Arrays.copyOf(s.pinned, Math.max(full, s.pinnedCount));
        int count = s.pinnedCount;
        for (int i = 0; i < full; i++) {
            key = chain(key, hashes[i]);
            if (i < s.pinnedCount) continue;
            if (entries.containsKey(key) || s.privateBlocks < groupBlocks) continue;
            Entry e = new Entry(groupBlocks);
            e.refs = 1;
            entries.put(key, e);
            s.privateBlocks -= groupBlocks;
            cachedBlocks += groupBlocks;
            pins[count++] = key;
        }
        s.pinned = pins;
        s.pinnedCount = count;
    }

    /** Returns a sequence's blocks: private ones to the free pool, shared ones to the cache. */
    public void release(Sequence s) {
        freeBlocks += s.privateBlocks;
        s.privateBlocks = 0;
        for (int i = 0; i < s.pinnedCount; i++) {
            Entry e = entries.get(s.pinned[i]);
            if (e != null && --e.refs == 0) {
                evictable.put(s.pinned[i], e);
                idleBlocks += e.blocks;
            }
        }
        s.pinnedCount = 0;
        s.pinnedTokens = 0;
        s.published = false;
    }
}
