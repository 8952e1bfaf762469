package frontier.simulate.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.io.ParquetFiles;
import frontier.calibrate.model.ModelConfig;
import frontier.calibrate.model.ModelConfigs;
import frontier.simulate.TestBundles;
import frontier.simulate.cluster.AttentionDpBalance;
import frontier.simulate.cluster.BatchWait;
import frontier.simulate.cluster.ClusterSpec;
import frontier.simulate.cluster.DeploymentSpec;
import frontier.simulate.cluster.EngineSettings;
import frontier.simulate.cluster.Layout;
import frontier.simulate.cluster.LinkSpec;
import frontier.simulate.cluster.Role;
import frontier.simulate.cluster.RouterPolicy;
import frontier.simulate.workload.Request;
import frontier.simulate.workload.RequestSource;

class SimulationTest {
    @TempDir Path tmp;
    static final ModelConfig LLAMA = ModelConfigs.shipped().load("meta-llama/Llama-3.1-8B");

    static EngineSettings engine(int maxSeqs, int budget) {
        var d = EngineSettings.vllmDefaults();
        return new EngineSettings(maxSeqs, budget, true, 16, 0.9, 0, true, d.cudaGraphSizes(), 0, 0.01, 0, false, 1, false, true);
    }

    static DeploymentSpec colocated(int instances, boolean async) {
        var c = new ClusterSpec("serve", Role.COLOCATED, new Layout(instances, 1, 1, 1, 1), engine(64, 2048).withAsyncScheduling(async));
        return new DeploymentSpec("test", "meta-llama/Llama-3.1-8B", Dtype.BF16, Dtype.BF16, "rtx_pro_6000_server", "vllm",
                "0.19.0", null, List.of(), "auto", RouterPolicy.ROUND_ROBIN, "uniform", List.of(c), List.of(), Path.of("test.yaml"));
    }

    static DeploymentSpec colocated(int instances) {
        var c = new ClusterSpec("serve", Role.COLOCATED, new Layout(instances, 1, 1, 1, 1), engine(64, 2048));
        return new DeploymentSpec("test", "meta-llama/Llama-3.1-8B", Dtype.BF16, Dtype.BF16, "rtx_pro_6000_server", "vllm",
                "0.19.0", null, List.of(), "auto", RouterPolicy.ROUND_ROBIN, "uniform", List.of(c), List.of(), Path.of("test.yaml"));
    }

    static List<Request> requests(int n, double ratePerS, long seed) {
        var rng = new java.util.SplittableRandom(seed);
        List<Request> out = new ArrayList<>();
        double t = 0;
        for (int i = 0; i < n; i++) {
            t += -Math.log(1 - rng.nextDouble()) / ratePerS;
            out.add(new Request(i, Math.round(t * 1e9), 64 + rng.nextInt(1500), 1 + rng.nextInt(200), null, 0, "r" + i));
        }
        return out;
    }

    static RequestSource source(List<Request> rs) {
        Iterator<Request> it = rs.iterator();
        return () -> it.hasNext() ? it.next() : null;
    }

    Simulation run(DeploymentSpec spec, List<Request> rs, Path dir) throws Exception {
        Files.createDirectories(dir);
        var sim = new Simulation(spec, LLAMA, TestBundles.rtx(), new Simulation.Options(dir.resolve("requests.parquet"),
                dir.resolve("steps.parquet"), dir.resolve("transfers.parquet"), 0, 0));
        sim.run(source(rs), (a, b) -> {});
        return sim;
    }

    @Test
    void everyRequestCompletesWithExactlyItsTokensAndTheRunRepeatsBitForBit() throws Exception {
        var rs = requests(400, 20, 1);
        var a = run(colocated(2), rs, tmp.resolve("a"));
        run(colocated(2), rs, tmp.resolve("b"));
        assertEquals(400, a.requests().completedCount());
        long expected = rs.stream().mapToLong(Request::outputTokens).sum();
        assertEquals(expected, a.requests().outputTokens(), "every request produces exactly its output tokens");
        for (String f : List.of("requests.parquet", "steps.parquet")) {
            assertEquals(-1L, Files.mismatch(tmp.resolve("a").resolve(f), tmp.resolve("b").resolve(f)), f + " differs between runs");
        }
        var t = ParquetFiles.read(tmp.resolve("a/requests.parquet"));
        double[] ttft = t.numeric("ttft_ms").orElseThrow(), e2e = t.numeric("e2e_ms").orElseThrow();
        for (int i = 0; i < t.rows(); i++) {
            assertTrue(ttft[i] > 0 && e2e[i] >= ttft[i], "ttft " + ttft[i] + " e2e " + e2e[i]);
        }
    }

    /** Index of the step running at {@code atS}; steps[0] = starts, steps[1] = ends, in seconds. */
    static int stepAt(double[][] steps, double atS) {
        for (int i = 0; i < steps[0].length; i++) if (steps[0][i] <= atS && atS < steps[1][i]) return i;
        throw new AssertionError("no step runs at " + atS);
    }

    static double[][] stepTimes(Path dir) throws Exception {
        var t = ParquetFiles.read(dir.resolve("steps.parquet"));
        double[] start = t.numeric("start_s").orElseThrow(), dur = t.numeric("duration_ms").orElseThrow();
        double[] end = new double[start.length];
        for (int i = 0; i < start.length; i++) end[i] = start[i] + dur[i] / 1e3;
        return new double[][] {start, end};
    }

    @Test
    void anEngineThatSchedulesAheadStartsALateArrivalOneStepLater() throws Exception {
        long arrival = 300_000_000L; // while the first request decodes
        var rs = List.of(new Request(0, 0, 1000, 80, null, 0, "a"), new Request(1, arrival, 200, 4, null, 0, "b"));
        for (boolean async : new boolean[] {false, true}) {
            Path dir = tmp.resolve("async-" + async);
            run(colocated(1, async), rs, dir);
            double[][] steps = stepTimes(dir);
            int k = stepAt(steps, arrival / 1e9);
            var req = ParquetFiles.read(dir.resolve("requests.parquet"));
            int b = java.util.Arrays.asList(req.text("source_id").orElseThrow()).indexOf("b");
            assertEquals(steps[1][k], req.numeric("queued_s").orElseThrow()[b], 1e-9,
                    "the engine takes the request in when the running step ends");
            int first = k + (async ? 2 : 1);
            assertEquals(steps[0][first], req.numeric("first_scheduled_s").orElseThrow()[b], 1e-9,
                    async ? "the step after the running one was planned before the request arrived" : "it joins the next step");
            assertEquals(steps[1][first], req.numeric("first_token_s").orElseThrow()[b], 1e-9);
        }
    }

    @Test
    void theSummaryRecordsTheEngineSettingsTheRunUsed() throws Exception {
        Path dir = tmp.resolve("summary");
        Files.createDirectories(dir);
        var spec = colocated(1, true);
        Runner.run(spec, LLAMA, TestBundles.rtx(), new Runner.Open(source(requests(20, 5, 2)), 20),
                new Runner.Settings(dir, false, 0, 0), sim -> {});
        var serve = frontier.calibrate.bundle.Json.MAPPER.readTree(dir.resolve("summary.json").toFile()).path("clusters").path("serve");
        assertTrue(serve.path("engine").path("async_scheduling").asBoolean(false));
        assertTrue(serve.path("engine").path("mixed_prefill_decode").asBoolean(false));
        assertEquals(64, serve.path("engine").path("max_num_seqs").asInt());
        assertEquals(1, serve.path("layout").path("tp").asInt());
        // where the steps' time went: shares of every part, adding up to the whole (each written to four decimals)
        var shares = serve.path("step_time_share");
        double sum = 0;
        for (var p : frontier.simulate.cost.StepPart.values()) sum += shares.path(p.label()).asDouble(Double.NaN);
        assertEquals(1.0, sum, 0.5e-4 * frontier.simulate.cost.StepPart.values().length);
        assertTrue(shares.path("dense_mlp").asDouble() > shares.path("lm_head_sampler").asDouble());
        assertEquals(0.0, shares.path("tp_communication").asDouble(), "one GPU, no all-reduce");
    }

    @Test
    void scalingStepTimeScalesEveryStepAndTheUnscaledRunIsUntouched() throws Exception {
        // one request at a time: the same steps in either run, each longer by the factor
        List<Request> rs = new ArrayList<>();
        for (int i = 0; i < 5; i++) rs.add(new Request(i, i * 2_000_000_000L, 300 + 50 * i, 20, null, 0, "r" + i));
        run(colocated(1), rs, tmp.resolve("plain"));
        Files.createDirectories(tmp.resolve("scaled"));
        var sim = new Simulation(colocated(1), LLAMA, TestBundles.rtx(), new Simulation.Options(tmp.resolve("scaled/requests.parquet"),
                tmp.resolve("scaled/steps.parquet"), null, 0, 0));
        sim.scaleStepTime(1.1);
        sim.run(source(rs), (a, b) -> {});
        var plain = ParquetFiles.read(tmp.resolve("plain/steps.parquet")).numeric("duration_ms").orElseThrow();
        var scaled = ParquetFiles.read(tmp.resolve("scaled/steps.parquet")).numeric("duration_ms").orElseThrow();
        assertEquals(plain.length, scaled.length);
        for (int i = 0; i < plain.length; i++) assertEquals(plain[i] * 1.1, scaled[i], 1e-6, "step " + i);
        run(colocated(1), rs, tmp.resolve("again"));
        assertArrayEquals(Files.readAllBytes(tmp.resolve("plain/steps.parquet")), Files.readAllBytes(tmp.resolve("again/steps.parquet")));
    }

    @Test
    void moreLoadMeansLongerQueuesAndHigherTtft() throws Exception {
        var light = run(colocated(1), requests(300, 2, 5), tmp.resolve("light"));
        var heavy = run(colocated(1), requests(300, 60, 5), tmp.resolve("heavy"));
        assertTrue(heavy.requests().ttftMs.percentile(90) > 2 * light.requests().ttftMs.percentile(90),
                light.requests().ttftMs.percentile(90) + " vs " + heavy.requests().ttftMs.percentile(90));
    }

    @Test
    void aRequestLongerThanTheContextIsRefusedNotDropped() throws Exception {
        var rs = new ArrayList<>(requests(5, 10, 3));
        rs.add(new Request(5, rs.getLast().arrivalNs() + 1, 200_000, 10, null, 0, "too-long"));
        var sim = run(colocated(1), rs, tmp.resolve("long"));
        assertEquals(5, sim.requests().completedCount());
        assertEquals(1, sim.requests().refusedCount());
        var t = ParquetFiles.read(tmp.resolve("long/requests.parquet"));
        assertTrue(java.util.Arrays.stream(t.text("status").orElseThrow()).anyMatch(s -> s.startsWith("refused: prompt + output")));
        assertTrue(sim.requests().firstRefusal().startsWith("prompt + output (200010 tokens) exceeds"), sim.requests().firstRefusal());
        assertTrue(sim.requests().firstRefusal().endsWith("(source id too-long)"), sim.requests().firstRefusal());
    }

    @Test
    void pdDisaggregationMovesEveryKvCacheOnceAndClientsGetTheFirstTokenFromDecode() throws Exception {
        var p = new ClusterSpec("prefill", Role.PREFILL, new Layout(1, 1, 1, 1, 1), engine(16, 4096));
        var d = new ClusterSpec("decode", Role.DECODE, new Layout(2, 1, 1, 1, 1), engine(64, 1024));
        var link = new LinkSpec("kv", "prefill", "decode", 25e9, 20_000);
        var spec = new DeploymentSpec("pd", "meta-llama/Llama-3.1-8B", Dtype.BF16, Dtype.BF16, "rtx_pro_6000_server", "vllm",
                "0.19.0", null, List.of(), "auto", RouterPolicy.ROUND_ROBIN, "uniform", List.of(p, d), List.of(link), Path.of("pd.yaml"));
        var rs = requests(200, 10, 9);
        var sim = run(spec, rs, tmp.resolve("pd"));
        assertEquals(200, sim.requests().completedCount());
        var transfers = ParquetFiles.read(tmp.resolve("pd/transfers.parquet"));
        long needDecode = rs.stream().filter(r -> r.outputTokens() > 1).count();
        assertTrue(needDecode < 200, "the workload has single-token requests, which finish on the prefill side");
        assertEquals(needDecode, transfers.rows(), "one KV transfer per request that still has tokens to decode");
        double[] bytes = transfers.numeric("bytes").orElseThrow();
        double perToken = LLAMA.layers() * (double) LLAMA.kvElementsPerTokenPerLayer() * 2;
        double[] ids = transfers.numeric("request_id").orElseThrow();
        for (int i = 0; i < transfers.rows(); i++) {
            assertEquals(rs.get((int) ids[i]).inputTokens() * perToken, bytes[i], 1.0);
        }
        var steps = ParquetFiles.read(tmp.resolve("pd/steps.parquet"));
        String[] cluster = steps.text("cluster").orElseThrow();
        double[] decodeSeqs = steps.numeric("decode_seqs").orElseThrow(), prefill = steps.numeric("prefill_tokens").orElseThrow();
        for (int i = 0; i < steps.rows(); i++) {
            if (cluster[i].equals("prefill")) assertEquals(0, decodeSeqs[i], "prefill instances never decode");
            else assertEquals(0, prefill[i], "decode instances receive KV instead of recomputing it");
        }
        // the client streams from the decode instance: a request's first token reaches it at the
        // end of the first decode step after its KV arrived, not when the prefill sampled it
        double[] start = steps.numeric("start_s").orElseThrow(), dur = steps.numeric("duration_ms").orElseThrow();
        var decodeEnds = new java.util.TreeSet<Double>();
        for (int i = 0; i < steps.rows(); i++) if (cluster[i].equals("decode")) decodeEnds.add(start[i] + dur[i] / 1e3);
        var reqs = ParquetFiles.read(tmp.resolve("pd/requests.parquet"));
        double[] reqId = reqs.numeric("request_id").orElseThrow(), first = reqs.numeric("first_token_s").orElseThrow();
        var byId = new java.util.HashMap<Long, Double>();
        for (int i = 0; i < reqs.rows(); i++) byId.put((long) reqId[i], first[i]);
        double[] arrived = transfers.numeric("end_s").orElseThrow();
        for (int i = 0; i < transfers.rows(); i++) {
            double f = byId.get((long) ids[i]);
            Double end = decodeEnds.ceiling(f - 1e-6);
            assertTrue(end != null && end <= f + 1e-6, "request " + (long) ids[i] + ": first token at " + f
                    + " s is not the end of a decode step");
            assertTrue(f > arrived[i], "request " + (long) ids[i] + " saw its first token before its KV reached decode");
        }
    }
    static DeploymentSpec pd(int decoders, LinkSpec link) {
        var p = new ClusterSpec("prefill", Role.PREFILL, new Layout(1, 1, 1, 1, 1), engine(16, 16384));
        var d = new ClusterSpec("decode", Role.DECODE, new Layout(decoders, 1, 1, 1, 1), engine(64, 1024));
        return new DeploymentSpec("pd", "meta-llama/Llama-3.1-8B", Dtype.BF16, Dtype.BF16, "rtx_pro_6000_server", "vllm",
                "0.19.0", null, List.of(), "auto", RouterPolicy.ROUND_ROBIN, "uniform", List.of(p, d), List.of(link), Path.of("pd.yaml"));
    }

    /** {@code n} requests of 1,000 prompt and 20 output tokens, all arriving at once. */
    static List<Request> burst(int n) {
        List<Request> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new Request(i, 0, 1000, 20, null, 0, "b" + i));
        return out;
    }

    @Test
    void transfersInFlightSteerTheNextDecodePick() throws Exception {
        // the first prompt runs alone (the engine is idle when it arrives); the other 15 finish in
        // the next prefill step and their KV caches leave together. They spread over the four
        // decode instances because each pick counts the transfers already heading somewhere;
        // counting only admitted requests would send all 15 to one instance.
        var sim = run(pd(4, new LinkSpec("kv", "prefill", "decode", 25e9, 20_000)), burst(16), tmp.resolve("spread"));
        assertEquals(16, sim.requests().completedCount());
        var t = ParquetFiles.read(tmp.resolve("spread/requests.parquet"));
        int[] perInstance = new int[4];
        for (double i : t.numeric("instance").orElseThrow()) perInstance[(int) i]++;
        java.util.Arrays.sort(perInstance);
        assertArrayEquals(new int[] {3, 4, 4, 5}, perInstance);
    }

    @Test
    void layerwiseStreamingOverlapsTheKvTransferWithThePrefillStep() throws Exception {
        // a slow link: a 1,000-token Llama-3.1-8B cache (131 MB) takes about 65 ms at 2 GB/s
        var after = run(pd(2, new LinkSpec("kv", "prefill", "decode", 2e9, 20_000)), burst(4), tmp.resolve("after"));
        var streamed = run(pd(2, new LinkSpec("kv", "prefill", "decode", 2e9, 20_000, true, RouterPolicy.LEAST_OUTSTANDING_TOKENS)),
                burst(4), tmp.resolve("streamed"));
        assertEquals(4, streamed.requests().completedCount());
        var steps = ParquetFiles.read(tmp.resolve("streamed/steps.parquet"));
        var prefillEnds = new java.util.TreeMap<Double, Double>();
        String[] cluster = steps.text("cluster").orElseThrow();
        double[] stepStart = steps.numeric("start_s").orElseThrow(), stepMs = steps.numeric("duration_ms").orElseThrow();
        for (int i = 0; i < steps.rows(); i++) {
            if (cluster[i].equals("prefill")) prefillEnds.put(stepStart[i], stepStart[i] + stepMs[i] / 1e3);
        }
        var transfers = ParquetFiles.read(tmp.resolve("streamed/transfers.parquet"));
        double[] start = transfers.numeric("start_s").orElseThrow(), end = transfers.numeric("end_s").orElseThrow();
        assertEquals(4, transfers.rows());
        for (int i = 0; i < transfers.rows(); i++) {
            Double stepEnd = prefillEnds.get(start[i]);
            assertTrue(stepEnd != null, "each cache starts streaming as the prefill step that computes it starts");
            assertTrue(end[i] > stepEnd, "and cannot arrive before its last layer is computed");
        }
        double hidden = after.requests().ttftMs.mean() - streamed.requests().ttftMs.mean();
        assertTrue(hidden > 20, "streaming hides transfer time behind the prefill step: TTFT " + after.requests().ttftMs.mean()
                + " ms after, " + streamed.requests().ttftMs.mean() + " ms streamed");
    }

    @Test
    void aPrefillInstanceHoldsEachCacheUntilItHasBeenSent() throws Exception {
        // room for two 1,000-token prompts (63 blocks each) and not three; the slow link takes about
        // 65 ms per cache, so the third prompt waits for the first cache to leave, not for its prefill
        var d = EngineSettings.vllmDefaults();
        var small = new EngineSettings(16, 16384, true, 16, 0.9, 140, true, d.cudaGraphSizes(), 0, 0.01, 0, false, 1, false, true);
        var p = new ClusterSpec("prefill", Role.PREFILL, new Layout(1, 1, 1, 1, 1), small);
        var dec = new ClusterSpec("decode", Role.DECODE, new Layout(1, 1, 1, 1, 1), engine(64, 1024));
        var spec = new DeploymentSpec("pd", "meta-llama/Llama-3.1-8B", Dtype.BF16, Dtype.BF16, "rtx_pro_6000_server", "vllm",
                "0.19.0", null, List.of(), "auto", RouterPolicy.ROUND_ROBIN, "uniform", List.of(p, dec),
                List.of(new LinkSpec("kv", "prefill", "decode", 2e9, 20_000)), Path.of("pd.yaml"));
        var sim = run(spec, burst(4), tmp.resolve("held"));
        assertEquals(4, sim.requests().completedCount());
        var transfers = ParquetFiles.read(tmp.resolve("held/transfers.parquet"));
        double firstSent = java.util.Arrays.stream(transfers.numeric("end_s").orElseThrow()).min().orElseThrow();
        var reqs = ParquetFiles.read(tmp.resolve("held/requests.parquet"));
        double[] id = reqs.numeric("request_id").orElseThrow(), scheduled = reqs.numeric("first_scheduled_s").orElseThrow();
        for (int i = 0; i < reqs.rows(); i++) {
            if (id[i] >= 2) {
                assertTrue(scheduled[i] >= firstSent - 1e-9, "request " + (long) id[i] + " was prefilled at " + scheduled[i]
                        + " s, before any cache had left (" + firstSent + " s)");
            }
        }
    }

    static final ModelConfig QWEN_MOE = ModelConfigs.shipped().load("Qwen/Qwen3-30B-A3B");

    /** Runs requests through one Qwen3-30B-A3B instance with these settings and layout; outputs under tmp/name. */
    Path runQwen(EngineSettings e, Layout layout, List<Request> rs, String name) throws Exception {
        var c = new ClusterSpec("serve", Role.COLOCATED, layout, e);
        var spec = new DeploymentSpec(name, "Qwen/Qwen3-30B-A3B", Dtype.BF16, Dtype.BF16, "rtx_pro_6000_server", "vllm", "0.19.0", null,
                List.of(), "auto", RouterPolicy.ROUND_ROBIN, "uniform", List.of(c), List.of(), Path.of(name + ".yaml"));
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        var sim = new Simulation(spec, QWEN_MOE, TestBundles.rtx(), new Simulation.Options(dir.resolve("requests.parquet"),
                dir.resolve("steps.parquet"), dir.resolve("transfers.parquet"), 0, 0));
        sim.run(source(rs), (a, b) -> {});
        assertEquals(rs.size(), sim.requests().completedCount());
        return dir;
    }

    /** Share of EP communication hidden per step of a Qwen3-30B-A3B run with two-batch overlap on. */
    double[] hiddenShares(Layout layout, String name) throws Exception {
        var d = EngineSettings.vllmDefaults();
        var e = new EngineSettings(64, 2048, true, 16, 0.9, 0, true, d.cudaGraphSizes(), 0, 0.01, 0, true, 1, false, true);
        Path dir = runQwen(e, layout, requests(40, 20, 5), name);
        return ParquetFiles.read(dir.resolve("steps.parquet")).numeric("hidden_comm_share").orElseThrow();
    }

    @Test
    void expertsBehindTensorParallelAttentionExchangeNoTokensWhileDataParallelRanksDo() throws Exception {
        // TP2 + EP2: both ranks hold every token already, the layer's all-reduce combines the experts
        for (double share : hiddenShares(new Layout(1, 2, 1, 1, 2), "tp-ep")) {
            assertTrue(Double.isNaN(share), "no dispatch/combine to hide without data-parallel attention, got " + share);
        }
        // DP2 + EP2: each rank's tokens must reach the other rank's experts
        double[] dp = hiddenShares(new Layout(1, 1, 1, 2, 2), "dp-ep");
        assertTrue(java.util.Arrays.stream(dp).allMatch(Double::isFinite), "data-parallel ranks exchange tokens every step");
    }

    /** First-scheduled times (s) by source id of a DP2 + EP2 Qwen3-30B-A3B run. */
    java.util.Map<String, Double> firstScheduled(AttentionDpBalance balance, List<Request> rs, String name) throws Exception {
        var d = EngineSettings.vllmDefaults();
        var e = new EngineSettings(64, 4096, true, 16, 0.9, 0, true, d.cudaGraphSizes(), 0, 0.01, 0, false, 1, false, true, balance, null, null);
        var t = ParquetFiles.read(runQwen(e, new Layout(1, 1, 1, 2, 2), rs, name).resolve("requests.parquet"));
        String[] ids = t.text("source_id").orElseThrow();
        double[] first = t.numeric("first_scheduled_s").orElseThrow();
        var out = new java.util.HashMap<String, Double>();
        for (int i = 0; i < ids.length; i++) out.put(ids[i], first[i]);
        return out;
    }

    @Test
    void balancedDataParallelRanksHoldAPromptUntilEveryRankHasOne() throws Exception {
        // both ranks decode a long request; c arrives alone, d and e together later
        var rs = List.of(new Request(0, 0, 500, 400, null, 0, "a"), new Request(1, 0, 500, 400, null, 0, "b"),
                new Request(2, 300_000_000L, 500, 20, null, 0, "c"), new Request(3, 900_000_000L, 500, 20, null, 0, "d"),
                new Request(4, 900_000_000L, 500, 20, null, 0, "e"));
        var free = firstScheduled(null, rs, "free");
        assertTrue(free.get("c") < 0.9, "without balancing a lone prompt starts at once: " + free.get("c"));
        var held = firstScheduled(new AttentionDpBalance(1000, 0), rs, "held");
        assertTrue(held.get("c") >= 0.9, "held while the other rank has no prompt: " + held.get("c"));
        assertEquals(held.get("d"), held.get("c"), 1e-9, "released with the step that gives every rank a prompt");
        // the count of held steps runs on whenever not every rank has a prompt, so a lone prompt waits
        // for the count to reach the timeout: up to that many steps, not until the others arrive
        var timeout = firstScheduled(new AttentionDpBalance(3, 0), rs, "timeout");
        assertTrue(timeout.get("c") >= free.get("c") && timeout.get("c") < 0.9,
                "a short timeout lets it go within a few steps: " + timeout.get("c") + " vs " + free.get("c"));
    }

    @Test
    void batchWaitingHoldsPromptsWhileDecodesRunUntilTheBudgetFillsOrTheTimeout() throws Exception {
        // a decodes for long; b arrives alone while it does
        long arrival = 300_000_000L;
        var rs = List.of(new Request(0, 0, 1000, 300, null, 0, "a"), new Request(1, arrival, 200, 4, null, 0, "b"));
        var d = EngineSettings.vllmDefaults();
        double[] firstOf = new double[3];
        BatchWait[] waits = {null, new BatchWait(6, 0.9), new BatchWait(6, 0.01)};
        int[] stepsAfter = new int[3];
        for (int i = 0; i < waits.length; i++) {
            var e = new EngineSettings(64, 2048, true, 16, 0.9, 0, true, d.cudaGraphSizes(), 0, 0.01, 0, false, 1, false, true, null,
                    waits[i], null);
            var c = new ClusterSpec("serve", Role.COLOCATED, new Layout(1, 1, 1, 1, 1), e);
            var spec = new DeploymentSpec("bw" + i, "meta-llama/Llama-3.1-8B", Dtype.BF16, Dtype.BF16, "rtx_pro_6000_server", "vllm",
                    "0.19.0", null, List.of(), "auto", RouterPolicy.ROUND_ROBIN, "uniform", List.of(c), List.of(), Path.of("bw.yaml"));
            Path dir = tmp.resolve("bw" + i);
            run(spec, rs, dir);
            var req = ParquetFiles.read(dir.resolve("requests.parquet"));
            int b = java.util.Arrays.asList(req.text("source_id").orElseThrow()).indexOf("b");
            firstOf[i] = req.numeric("first_scheduled_s").orElseThrow()[b];
            double[][] steps = stepTimes(dir);
            stepsAfter[i] = stepAt(steps, firstOf[i] + 1e-9) - stepAt(steps, arrival / 1e9);
        }
        assertEquals(1, stepsAfter[0], "without batch waiting the prompt joins the next step");
        assertEquals(1 + 6, stepsAfter[1], "200 prompt tokens never fill 90% of 2,048: held for the 6-step timeout");
        assertEquals(1, stepsAfter[2], "a prompt that fills the share goes at once");
    }
}
