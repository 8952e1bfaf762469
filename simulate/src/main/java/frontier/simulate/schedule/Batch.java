package frontier.simulate.schedule;

import java.util.Arrays;

/**
 * One step's batch: which sequences run and how many tokens each, plus the shape statistics the
 * cost model prices. Reused from step to step: the hot loop allocates nothing.
 */
public final class Batch {
    Sequence[] seqs = new Sequence[64];
    int size;
    public int totalTokens;
    public int prefillCount;
    public int[] prefillTokens = new int[8];
    /** Tokens already in the KV cache before this chunk (prefix hits, earlier chunks, recomputed outputs). */
    public int[] prefillContext = new int[8];
    public int prefillTokenSum;
    public int decodeCount;
    public long decodeKvSum;
    public int decodeKvMax;
    /** Decode-only batches run as CUDA graphs padded to a captured size; 0 otherwise. */
    public int paddedDecode;

    void clear() {
        Arrays.fill(seqs, 0, size, null);
        size = 0;
        totalTokens = 0;
        prefillCount = 0;
        prefillTokenSum = 0;
        decodeCount = 0;
        decodeKvSum = 0;
        decodeKvMax = 0;
        paddedDecode = 0;
    }

    void add(Sequence s, int tokens) {
        if (size == seqs.length) seqs = Arrays.copyOf(seqs, size * 2);
        seqs[size++] = s;
        s.scheduledTokens = tokens;
        totalTokens += tokens;
        boolean decode = tokens == 1 && s.decoding();
        if (decode) {
            decodeCount++;
            int kv = s.computed + 1;
            decodeKvSum += kv;
            decodeKvMax = Math.max(decodeKvMax, kv);
        } else {
            if (prefillCount == prefillTokens.length) {
                prefillTokens = Arrays.copyOf(prefillTokens, prefillCount * 2);
                prefillContext = Arrays.copyOf(prefillContext, prefillCount * 2);
            }
            prefillTokens[prefillCount] = tokens;
            prefillContext[prefillCount] = s.computed;
            prefillCount++;
            prefillTokenSum += tokens;
        }
    }

    /**
     * Deals this batch's sequences round-robin into {@code parts} micro-batches (AF ping-pong):
     * each part keeps its sequences' token counts and its own shape statistics.
     */
    public void splitInto(Batch[] parts) {
        for (Batch p : parts) p.clear();
        for (int i = 0; i < size; i++) parts[i % parts.length].add(seqs[i], seqs[i].scheduledTokens);
    }

    public int size() { return size; }
    public Sequence get(int i) { return seqs[i]; }
    public boolean isEmpty() { return size == 0; }
    /** Sequences whose logits are computed this step: every sequence in the batch. */
    public int sampled() { return size; }
}
