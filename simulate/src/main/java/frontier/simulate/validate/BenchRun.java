package frontier.simulate.validate;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import frontier.calibrate.UserInputException;
import frontier.simulate.workload.Request;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A recorded vLLM benchmark run: the engine arguments from meta.json and, per request, the
 * arrival and the measured first/last-token timestamps from requests.jsonl. Times are the
 * engine's monotonic clock: only differences are meaningful.
 */
public record BenchRun(Path dir, Path metaFile, JsonNode meta, String model, String vllmVersion, List<Measured> requests,
                       long skipped, Path timeseries, double clockOffsetS) {

    /** The arguments the engine was started with. */
    public JsonNode engineArgs() { return meta.path("engine_kwargs"); }

    /** One request as the simulator replays it, with what the real engine measured. */
    public record Measured(Request request, double ttftMs, double tpotMs, double e2eMs) {}

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** Accepts the run folder or its {@code vllm/} subfolder. */
    public static BenchRun load(Path dir) {
        Path base = Files.isRegularFile(dir.resolve("meta.json")) ? dir : dir.resolve("vllm");
        Path meta = base.resolve("meta.json"), reqs = base.resolve("requests.jsonl");
        if (!Files.isDirectory(dir)) throw new UserInputException(dir + ": no such bench folder");
        if (!Files.isRegularFile(meta)) throw new UserInputException(dir + ": missing meta.json (expected " + meta + ")");
        if (!Files.isRegularFile(reqs)) throw new UserInputException(dir + ": missing requests.jsonl (expected " + reqs + ")");
        JsonNode m;
        try {
            m = JSON.readTree(meta.toFile());
        } catch (RuntimeException e) {
            throw new UserInputException(meta + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        String model = m.path("model").asString(m.path("engine_kwargs").path("model").asString(""));
        if (model.isEmpty()) throw new UserInputException(meta + ": field 'model' is missing");
        String version = m.path("vllm_version").asString("");
        // a recorder that could not read the version writes a word ("unknown"): no version, as if none were given
        if (!version.matches("\\d.*")) version = "";
        List<double[]> raw = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        // the client's wall clock (arrival_time) against the engine's monotonic one (queued_ts): a
        // request reaches the engine after it was sent, so the smallest gap is the closest bound
        double clock = Double.NEGATIVE_INFINITY;
        long skipped = 0;
        int lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(reqs)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                JsonNode r;
                try {
                    r = JSON.readTree(line);
                } catch (RuntimeException e) {
                    throw new UserInputException(reqs + ":" + lineNo + ": not a JSON object (" + e.getMessage().lines().findFirst().orElse("") + ")");
                }
                double q = num(r, "queued_ts"), f = num(r, "first_token_ts"), l = num(r, "last_token_ts");
                double in_ = num(r, "input_toks"), out = num(r, "output_toks");
                if (!(Double.isFinite(q) && Double.isFinite(f) && Double.isFinite(l) && in_ > 0 && out > 0)) {
                    skipped++; // the dataset leaves timestamps out for requests the engine did not finish
                    continue;
                }
                raw.add(new double[] {q, f, l, in_, out});
                double sent = num(r, "arrival_time");
                if (Double.isFinite(sent)) clock = Math.max(clock, sent - q);
                ids.add(r.path("request_id").asString("line-" + lineNo));
            }
        } catch (IOException e) {
            throw new UserInputException(reqs + ": cannot read (" + e.getMessage() + ")");
        }
        if (raw.isEmpty()) throw new UserInputException(reqs + ": no request with complete timestamps");
        double t0 = raw.stream().mapToDouble(x -> x[0]).min().orElse(0);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) order.add(i);
        order.sort((a, b) -> Double.compare(raw.get(a)[0], raw.get(b)[0]));
        List<Measured> out = new ArrayList<>();
        for (int k = 0; k < order.size(); k++) {
            double[] x = raw.get(order.get(k));
            long arrival = Math.round((x[0] - t0) * 1e9);
            var req = new Request(k, arrival, (int) x[3], (int) x[4], null, 0, ids.get(order.get(k)));
            double tpot = x[4] > 1 ? (x[2] - x[1]) * 1e3 / (x[4] - 1) : Double.NaN;
            out.add(new Measured(req, (x[1] - x[0]) * 1e3, tpot, (x[2] - x[0]) * 1e3));
        }
        Path series = base.resolve("timeseries.csv");
        return new BenchRun(dir, meta, m, model, version, out, skipped,
                Files.isRegularFile(series) ? series : null, clockOffset(m.path("started_at").asString(""), clock, t0));
    }

    /**
     * Seconds from the run's start ({@code started_at}, wall clock) to the first queued request,
     * the simulation's zero; NaN when the run does not say when it started.
     */
    static double clockOffset(String startedAt, double wallMinusMonotonic, double firstQueued) {
        if (startedAt.isEmpty() || !Double.isFinite(wallMinusMonotonic)) return Double.NaN;
        try {
            var start = java.time.Instant.parse(startedAt);
            double startS = start.getEpochSecond() + start.getNano() / 1e9;
            return firstQueued + wallMinusMonotonic - startS;
        } catch (java.time.format.DateTimeParseException e) {
            return Double.NaN;
        }
    }

    private static double num(JsonNode r, String f) {
        JsonNode v = r.get(f);
        return v == null || !v.isNumber() ? Double.NaN : v.asDouble();
    }
}
