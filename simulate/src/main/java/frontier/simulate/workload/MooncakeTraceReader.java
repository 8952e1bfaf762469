package frontier.simulate.workload;

import java.nio.file.Path;

import tools.jackson.databind.JsonNode;

/**
 * Mooncake's traces: per line {@code timestamp} (milliseconds from the trace start),
 * {@code input_length}, {@code output_length} and {@code hash_ids}, one id per 512-token prompt
 * block, equal ids meaning a shared prefix. Arrivals count from the first line's timestamp.
 */
final class MooncakeTraceReader extends LineTraceReader {
    static final int BLOCK_TOKENS = 512;

    MooncakeTraceReader(Path file, boolean skipBadRows) {
        super(file, skipBadRows, true);
    }

    @Override
    Request parse(String line) throws BadRow {
        JsonNode o = JsonLines.object(line);
        long ns = Numbers.toNs(JsonLines.number(o, "timestamp"), Numbers.NS_PER_MS, "'timestamp'");
        long input = JsonLines.count(o, "input_length");
        long output = JsonLines.count(o, "output_length");
        return rules.accept(ns, input, output, hashes(o, input), BLOCK_TOKENS, lineId());
    }

    /** The block ids, checked to cover the prompt: a mismatch means another block size. */
    private static long[] hashes(JsonNode o, long inputTokens) throws BadRow {
        if (JsonLines.missing(o, "hash_ids")) return null;
        JsonNode ids = o.get("hash_ids");
        if (!ids.isArray()) throw new BadRow("'hash_ids' is not a list", "fix the line");
        long[] out = new long[ids.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode id = ids.get(i);
            if (!id.isIntegralNumber() || !id.canConvertToLong()) {
                throw new BadRow("'hash_ids' entry " + id + " is not a whole number", "fix the line");
            }
            out[i] = id.longValue();
        }
        long blocks = (inputTokens + BLOCK_TOKENS - 1) / BLOCK_TOKENS;
        if (inputTokens > 0 && out.length != blocks) {
            throw new BadRow("'hash_ids' has " + out.length + " ids but input_length " + inputTokens + " spans "
                    + blocks + " blocks of " + BLOCK_TOKENS + " tokens", "fix the line");
        }
        return out;
    }
}
