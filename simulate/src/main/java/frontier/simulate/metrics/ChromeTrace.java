package frontier.simulate.metrics;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A run as a timeline in the Chrome trace-event format (JSON), which ui.perfetto.dev and
 * chrome://tracing open: one process per cluster with a track per instance holding its engine
 * steps; a "requests" process whose tracks hold each request's span with its queued, prefill and
 * decode phases nested inside; a "links" process with each KV transfer. Requests and transfers
 * overlap, so each goes on the first track free since its start (tracks are reused, never
 * crossed). Events are written as the simulation produces them, up to a limit, so a long run
 * cannot fill the disk; the file says when it was cut short.
 */
public final class ChromeTrace implements AutoCloseable {
    private final BufferedWriter out;
    private final long limit;
    private long events;
    private boolean truncated;
    private long lastNs;
    private final Map<String, Integer> pids = new HashMap<>();
    private final Set<Long> namedThreads = new HashSet<>();
    /** Per packed process: the end (ns) of the last span on each of its tracks. */
    private final Map<Integer, List<Long>> laneEnds = new HashMap<>();
    private final int requestsPid, linksPid;

    /** @param limit most events written (metadata included) */
    public ChromeTrace(Path file, long limit) throws IOException {
        this.out = Files.newBufferedWriter(file);
        this.limit = limit;
        out.write("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n");
        this.requestsPid = pid("requests");
        this.linksPid = pid("links");
    }

    /** One engine step of an instance. */
    public void step(String cluster, int instance, long startNs, long durationNs, long prefillTokens, long prefillSeqs,
                     long decodeSeqs, long tokens) throws IOException {
        int pid = pid("cluster " + cluster);
        thread(pid, instance, "instance " + instance);
        String name = prefillTokens > 0 && decodeSeqs > 0 ? "prefill+decode" : prefillTokens > 0 ? "prefill" : decodeSeqs > 0 ? "decode" : "idle rank work";
        complete(name, "step", pid, instance, startNs, durationNs,
                "\"prefill_tokens\":" + prefillTokens + ",\"prefill_seqs\":" + prefillSeqs + ",\"decode_seqs\":" + decodeSeqs
                        + ",\"batch_tokens\":" + tokens);
    }

    /**
     * A completed request: its whole span, and inside it the phases the timestamps bound (a
     * phase whose start is unknown, negative, is left out).
     */
    public void request(long id, String cluster, int instance, long arrivalNs, long scheduledNs, long firstTokenNs,
                        long completionNs, int inputTokens, int outputTokens) throws IOException {
        int lane = lane(requestsPid, arrivalNs, completionNs);
        complete("request " + id, "request", requestsPid, lane, arrivalNs, completionNs - arrivalNs,
                "\"cluster\":\"" + escape(cluster) + "\",\"instance\":" + instance + ",\"input_tokens\":" + inputTokens
                        + ",\"output_tokens\":" + outputTokens);
        if (scheduledNs >= arrivalNs) complete("queued", "request", requestsPid, lane, arrivalNs, scheduledNs - arrivalNs, null);
        if (scheduledNs >= 0 && firstTokenNs >= scheduledNs) {
            complete("prefill", "request", requestsPid, lane, scheduledNs, firstTokenNs - scheduledNs, null);
        }
        if (firstTokenNs >= 0 && completionNs >= firstTokenNs) {
            complete("decode", "request", requestsPid, lane, firstTokenNs, completionNs - firstTokenNs, null);
        }
    }

    /** A cache or activation transfer over a link. */
    public void transfer(String kind, long requestId, double bytes, String link, long startNs, long endNs) throws IOException {
        int lane = lane(linksPid, startNs, endNs);
        complete(kind + " " + link, "transfer", linksPid, lane, startNs, endNs - startNs,
                "\"request\":" + requestId + ",\"bytes\":" + String.format(Locale.ROOT, "%.0f", bytes));
    }

    public long events() { return events; }

    public boolean truncated() { return truncated; }

    private int lane(int pid, long startNs, long endNs) throws IOException {
        List<Long> ends = laneEnds.computeIfAbsent(pid, p -> new ArrayList<>());
        int lane = 0;
        while (lane < ends.size() && ends.get(lane) > startNs) lane++;
        if (lane == ends.size()) ends.add(endNs);
        else ends.set(lane, Math.max(ends.get(lane), endNs));
        thread(pid, lane, "track " + lane);
        return lane;
    }

    private int pid(String name) throws IOException {
        Integer p = pids.get(name);
        if (p != null) return p;
        int pid = pids.size() + 1;
        pids.put(name, pid);
        write("{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":" + pid + ",\"args\":{\"name\":\"" + escape(name) + "\"}}");
        write("{\"name\":\"process_sort_index\",\"ph\":\"M\",\"pid\":" + pid + ",\"args\":{\"sort_index\":" + pid + "}}");
        return pid;
    }

    private void thread(int pid, int tid, String name) throws IOException {
        if (!namedThreads.add(((long) pid << 32) | tid)) return;
        write("{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":" + pid + ",\"tid\":" + tid + ",\"args\":{\"name\":\"" + escape(name) + "\"}}");
    }

    private void complete(String name, String cat, int pid, int tid, long startNs, long durationNs, String args) throws IOException {
        if (events < limit) lastNs = Math.max(lastNs, startNs);
        write("{\"name\":\"" + escape(name) + "\",\"cat\":\"" + cat + "\",\"ph\":\"X\",\"pid\":" + pid + ",\"tid\":" + tid
                + ",\"ts\":" + micros(startNs) + ",\"dur\":" + micros(Math.max(0, durationNs))
                + (args == null ? "" : ",\"args\":{" + args + "}") + "}");
    }

    private void write(String event) throws IOException {
        if (events >= limit) {
            truncated = true;
            return;
        }
        if (events > 0) out.write(",\n");
        out.write(event);
        events++;
    }

    private static String micros(long ns) {
        return String.format(Locale.ROOT, "%.3f", ns / 1e3);
    }

    static String escape(String s) {
        var sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        out.write("\n],\"otherData\":{\"events\":" + events + ",\"truncated\":" + truncated
                + (truncated ? ",\"note\":\"event limit reached near simulated time " + String.format(Locale.ROOT, "%.3f", lastNs / 1e9)
                        + " s; later events left out\"" : "") + "}}\n");
        out.close();
    }
}
