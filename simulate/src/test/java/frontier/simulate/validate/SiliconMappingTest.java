package frontier.simulate.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import frontier.calibrate.UserInputException;
import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.hardware.HardwareProfiles;
import frontier.calibrate.io.Column;
import frontier.calibrate.io.ParquetSink;
import frontier.simulate.cluster.DeploymentSpec;
import frontier.simulate.cluster.Deployments;
import frontier.simulate.cluster.Layout;
import frontier.simulate.cluster.Role;

/** Row → deployment mapping on real silicon rows (src/test/resources/fixtures/silicon). */
class SiliconMappingTest {

    @TempDir
    static Path tables;

    static List<SiliconRow> rows;
    static SiliconPlan.Planner planner;

    /** A kernel-table tree with the H200 version folders the datasets hold (empty: planning only lists them). */
    @BeforeAll
    static void setUp() throws IOException {
        for (String v : List.of("0.14.0", "0.18.0", "0.19.0", "0.24.0")) {
            for (String kind : List.of("gemm", "attention", "moe", "comm")) Files.createDirectories(tables.resolve("h200_sxm/" + kind + "/vllm/" + v));
        }
        Files.createDirectories(tables.resolve("h200_sxm/mla/vllm/0.14.0"));
        for (String v : List.of("0.5.6.post2", "0.5.9", "0.5.10")) {
            for (String kind : List.of("gemm", "attention", "moe", "mla", "mla_bmm", "comm")) {
                Files.createDirectories(tables.resolve("h200_sxm/" + kind + "/sglang/" + v));
            }
        }
        for (String kind : List.of("gemm", "attention", "moe", "mla", "comm")) Files.createDirectories(tables.resolve("h200_sxm/" + kind + "/trtllm/1.2.0rc5"));
        for (String v : List.of("2.23", "2.26.2", "2.29.2")) Files.createDirectories(tables.resolve("h200_sxm/comm/nccl/" + v));
        rows = SiliconCsv.read(fixture(), List.of());
        planner = new SiliconPlan.Planner(new KernelTables(tables), HardwareProfiles.discover());
    }

    static Path fixture() {
        try {
            return Path.of(SiliconMappingTest.class.getResource("/fixtures/silicon/silicon_rows.csv").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static SiliconRow row(String idPrefix) {
        return rows.stream().filter(r -> r.id().startsWith(idPrefix)).findFirst().orElseThrow();
    }

    static SiliconPlan.Ready ready(String idPrefix) {
        return assertInstanceOf(SiliconPlan.Ready.class, planner.plan(row(idPrefix)));
    }

    static DeploymentSpec spec(SiliconPlan.Ready r) {
        return Deployments.parse(r.deployment(), Path.of(r.row().id() + ".yaml"));
    }

    @Test
    void readsEveryRowInFileOrder() {
        assertEquals(11, rows.size());
        assertEquals("nvidia_llama_3_1_8b_instruct_fp8_nvidia_llama_3_1_8b_instruct_fp8_h200_sxm_vllm_agg_1000x100_c112_tp1_epnone_1",
                rows.get(0).id());
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), rows.stream().map(SiliconRow::line).toList());
        assertTrue(rows.stream().allMatch(r -> r.invalid() == null), "every fixture row is readable");
    }

    @Test
    void aggRowBecomesOneColocatedClusterOnTheNearestOlderVersion() {
        var r = ready("nvidia_llama_3_1_8b");
        assertEquals("0.14.0", r.kernels().version(), "0.12.0 is nearest to 0.14.0");
        assertEquals(List.of(tables.resolve("h200_sxm/gemm/vllm/0.14.0"), tables.resolve("h200_sxm/attention/vllm/0.14.0"),
                tables.resolve("h200_sxm/moe/vllm/0.14.0"), tables.resolve("h200_sxm/mla/vllm/0.14.0"),
                tables.resolve("h200_sxm/comm/vllm/0.14.0"), tables.resolve("h200_sxm/comm/nccl/2.29.2")), r.kernels().profiles());
        var spec = spec(r);
        assertEquals("nvidia/Llama-3.1-8B-Instruct-FP8", spec.model());
        assertEquals(Dtype.FP8, spec.dtype());
        assertEquals(Dtype.FP8, spec.kvCacheDtype(), "an NVIDIA FP8 export caches in FP8");
        assertEquals("vllm", spec.engine());
        assertEquals("0.12.0", spec.engineVersion(), "the engine version is the measured one; only the tables are the nearest");
        assertEquals("h200_sxm", spec.hardware());
        assertEquals(1, spec.clusters().size());
        var c = spec.clusters().getFirst();
        assertEquals(Role.COLOCATED, c.role());
        assertEquals(new Layout(1, 1, 1, 1, 1), c.layout(), "empty attention_dp_size means 1");
        assertEquals(112, c.engine().maxNumSeqs());
        assertEquals(8192, c.engine().maxNumBatchedTokens());
        assertTrue(spec.links().isEmpty());
        assertEquals(112, r.row().concurrency());
        var bench = SiliconMapping.workload(r.row(), SiliconMapping.Mode.BENCHMARK, 0, SiliconMapping.DEFAULT_RANGE_RATIO);
        var wl = bench.spec();
        assertEquals(112, wl.clients());
        assertEquals(1120, wl.requests(), "ten requests per client, as the benchmark sent");
        assertEquals(0, wl.warmupRequests());
        assertTrue(bench.isMeasured(0) && bench.isMeasured(1119), "the measured means include the first wave and the drain");
        // lengths as the benchmark client drew them: whole numbers in [0.8 x nominal, nominal]
        assertEquals(new frontier.simulate.workload.LengthDistribution.Uniform(800, 1000), wl.input());
        assertEquals(new frontier.simulate.workload.LengthDistribution.Uniform(80, 100), wl.output());
        var nominal = SiliconMapping.workload(r.row(), SiliconMapping.Mode.BENCHMARK, 0, 1.0).spec();
        assertEquals(1000, nominal.input().sample(null), "a ratio of 1 sends the nominal lengths");
        assertEquals(100, nominal.output().sample(null));
        var steady = SiliconMapping.workload(r.row(), SiliconMapping.Mode.STEADY_STATE, 0, SiliconMapping.DEFAULT_RANGE_RATIO);
        assertEquals(224, steady.spec().warmupRequests(), "two rounds of warm-up");
        assertEquals(224, steady.firstMeasured());
        assertEquals(336, steady.measured(), "three requests per client");
        assertEquals(224 + 336 + 112, steady.spec().requests(), "and one more round that keeps the load up");
        assertTrue(steady.isMeasured(224) && steady.isMeasured(559) && !steady.isMeasured(223) && !steady.isMeasured(560));
    }

    @Test
    void engineSettingsGivenForABackendReachEveryClusterOfItsRowsAndNoOthers() {
        var settings = List.of(SiliconMapping.EngineSetting.parse("trtllm:eager_host_us_per_op=2500"),
                SiliconMapping.EngineSetting.parse("trtllm:batch_wait={timeout_iters: 20, max_tokens_ratio: 0.9}"));
        var withSettings = new SiliconPlan.Planner(new KernelTables(tables), HardwareProfiles.discover(), settings);
        var disagg = spec(assertInstanceOf(SiliconPlan.Ready.class, withSettings.plan(row("dsr1_h200_trtllm_fp8_disagg"))));
        assertEquals(2, disagg.clusters().size());
        for (var c : disagg.clusters()) {
            assertEquals(2500, c.engine().eagerHostUsPerOp(), c.name());
            assertEquals(20, c.engine().batchWait().timeoutIters(), c.name());
        }
        var vllm = spec(assertInstanceOf(SiliconPlan.Ready.class, withSettings.plan(row("minimaxm2_5_h200_vllm"))));
        assertEquals(0, vllm.clusters().getFirst().engine().eagerHostUsPerOp(), "another backend's rows keep their mapping");
        assertEquals(ready("minimaxm2_5_h200_vllm").deployment(), assertInstanceOf(SiliconPlan.Ready.class,
                withSettings.plan(row("minimaxm2_5_h200_vllm"))).deployment());
        assertEquals("trtllm:eager_host_us_per_op=2500", settings.getFirst().toString());
    }

    @Test
    void anEngineSettingThatCannotApplyIsOneLineUpFront() {
        for (String[] c : new String[][] {{"eager_host_us_per_op=2000", "expected BACKEND:KEY=VALUE"},
                {"tgi:eager_host_us_per_op=2000", "the backend must be one of sglang, trtllm, vllm"},
                {"sglang:eager_host_us_per_op=", "a value is required"},
                {"sglang:eager_host_us_per_op=fast", "eager_host_us_per_op must be a number >= 0"},
                {"vllm:dp=2", "'dp' is not an engine setting"}}) {
            var e = assertThrows(UserInputException.class, () -> SiliconMapping.EngineSetting.parse(c[0]));
            assertTrue(e.getMessage().startsWith("--engine-setting " + c[0] + ": ") && e.getMessage().contains(c[1]), e.getMessage());
        }
    }


    @Test
    void tensorRtLlmRowsWithDataParallelAttentionBalancePromptsAcrossRanksAsTheBenchmarksRanThem() {
        var dep = spec(ready("dsr1_h200_trtllm_fp8_agg_8192x1024_c64_cfg183")).clusters().getFirst();
        assertEquals(8, dep.layout().dp(), "recorded as 64 = 8 x 8 attention ranks; the benchmark ran tp 8, ep 8");
        assertEquals(frontier.simulate.cluster.AttentionDpBalance.TRTLLM_DEFAULTS, dep.engine().dpBalance());
        assertNull(spec(ready("dsr1_h200_trtllm_fp8_agg_1024x1024_c8_cfg83")).clusters().getFirst().engine().dpBalance(),
                "tensor-parallel attention has no ranks to balance");
        assertNull(spec(ready("minimaxm2_5_h200_vllm")).clusters().getFirst().engine().dpBalance(), "a TensorRT-LLM setting");
        for (var c : spec(ready("dsr1_h200_trtllm_fp8_disagg")).clusters()) assertNull(c.engine().dpBalance(), c.name());
    }

    @Test
    void aSquareExpertSplitOverItsSquareOfGpusIsReadAsTheBenchmarksTpNEpN(@TempDir Path root) throws IOException {
        var dpRow = row("dsr1_h200_trtllm_fp8_agg_8192x1024_c64_cfg183").agg();
        assertEquals(new SiliconRow.Workers(1, 8, 1, 1, 8, 1, 8, true), dpRow, "dp 64, moe 8 x 8 is 8 attention ranks, EP8");
        assertEquals(8, row("dsr1_h200_trtllm_fp8_agg_8192x1024_c64_cfg183").gpus());
        var plain = row("dsr1_h200_trtllm_fp8_agg_1024x1024_c8_cfg83").agg();
        assertEquals(new SiliconRow.Workers(1, 8, 8, 1, 1, 8, 1, false), plain, "tp 8 with moe_tp 8 is left as recorded");

        String header = Files.readAllLines(fixture()).getFirst();
        String agg = "%s,src,trtllm,1.1.0,deepseek-ai/DeepSeek-V3,h200_sxm,fp8,agg,1024,1024,fp8,fp8,4,%d,1,%d,%d,%d,,,,,,,,,,,,,,,300,14";
        String decode = "%s,src,trtllm,1.1.0,deepseek-ai/DeepSeek-V3,h200_sxm,fp8,disagg,1024,1024,fp8,fp8,,,,,,,4,1,8,1,1,1,8,"
                + "16,1,%d,1,%d,%d,%d,300,14";
        Path csv = root.resolve("rows.csv");
        Files.writeString(csv, String.join("\n", header,
                String.format(agg, "tp64", 64, 1, 8, 8),
                String.format(agg, "tp16", 16, 1, 4, 4),
                String.format(agg, "mixed", 8, 1, 2, 4),
                String.format(agg, "tp4dp4", 4, 4, 4, 4),
                String.format(agg, "dp16", 1, 16, 4, 4),
                String.format(agg, "tp4dp4ep16", 4, 4, 1, 16),
                String.format(decode, "decode", 16, 1, 4, 4)) + "\n");
        var read = SiliconCsv.read(csv, List.of());
        assertEquals(new SiliconRow.Workers(1, 4, 8, 1, 1, 1, 8, true), read.get(0).agg());
        assertEquals(new SiliconRow.Workers(1, 4, 4, 1, 1, 1, 4, true), read.get(1).agg());
        assertEquals(new SiliconRow.Workers(1, 4, 8, 1, 1, 2, 4, false), read.get(2).agg(), "a genuine 2 x 4 split of tp 8");
        assertEquals(new SiliconRow.Workers(1, 4, 4, 1, 4, 4, 4, false), read.get(3).agg(), "tp and dp both set: not the pattern");
        assertEquals(new SiliconRow.Workers(1, 16, 1, 1, 4, 1, 4, true), read.get(4).agg(), "4 per rank over 16 recorded ranks");
        assertEquals(new SiliconRow.Workers(1, 16, 4, 1, 1, 1, 4, true), read.get(5).agg(), "tp = dp = 4 with EP 16: tp 4, ep 4");
        assertEquals(new SiliconRow.Workers(1, 16, 16, 1, 1, 4, 4, false), read.get(6).decode(), "disagg workers keep their split");
    }

    @Test
    void tensorRtLlmFp8RowsAndNvidiaQuantizedCheckpointsCacheInFp8AndEveryOtherRowInBf16() {
        assertEquals(Dtype.FP8, spec(ready("dsr1_h200_trtllm_fp8_agg_1024x1024_c8_cfg83")).kvCacheDtype());
        assertEquals(Dtype.FP8, spec(ready("dsr1_h200_trtllm_fp8_disagg")).kvCacheDtype(), "disagg rows too");
        assertEquals(Dtype.BF16, spec(ready("minimaxm2_5_h200_vllm")).kvCacheDtype(), "vLLM's default caches in the model's dtype");
        assertEquals(Dtype.FP8, spec(ready("nvidia_llama_3_1_8b")).kvCacheDtype(), "NVIDIA's FP8 export quantizes its cache, on vLLM too");
        assertEquals("bfloat16", SiliconMapping.kvCacheDtype(rows.stream()
                .filter(r -> "sglang".equals(r.backend())).findFirst().orElseThrow()), "SGLang's default too");
    }

    @Test
    void aTieBetweenTwoCollectedVersionsGoesToTheNewer() {
        var r = ready("minimaxm2_5_h200_vllm_fp8_agg_8192x1024_c8");
        assertEquals("0.16.0", r.row().backendVersion());
        assertEquals("0.18.0", r.kernels().version());
        var c = spec(r).clusters().getFirst();
        assertEquals(new Layout(1, 4, 1, 1, 1), c.layout());
        assertEquals(8192, c.engine().maxNumBatchedTokens(), "an 8192-token prompt fits the default budget");
    }

    @Test
    void disaggRowBecomesPrefillAndDecodeClustersWithAKvLink() {
        var r = ready("dsr1_h200_sglang_fp8_disagg");
        assertEquals("0.5.9", r.kernels().version(), "0.5.8.post1 is nearer to 0.5.9 than to 0.5.6.post2");
        assertEquals(256, r.row().concurrency(), "disagg rows take the concurrency from silicon_data_source");
        var spec = spec(r);
        assertEquals(2, spec.clusters().size());
        var p = spec.clusters().get(0);
        var d = spec.clusters().get(1);
        assertEquals(Role.PREFILL, p.role());
        assertEquals(new Layout(1, 8, 1, 1, 1), p.layout());
        assertEquals(1, p.engine().maxNumSeqs());
        assertEquals(Role.DECODE, d.role());
        assertEquals(new Layout(1, 1, 1, 8, 8), d.layout());
        assertEquals(32, d.engine().maxNumSeqs());
        var link = spec.links().getFirst();
        assertEquals("prefill", link.from());
        assertEquals("decode", link.to());
        // H200: 50 GB/s per GPU off the node, 8 GPUs per prefill instance; 8 µs
        assertEquals(400e9, link.bandwidth(), 1e3);
        assertEquals(8_000, link.latencyNs());
    }

    @Test
    void workerCountsBecomeInstances() {
        var r = ready("dsr1_h200_trtllm_fp8_disagg");
        assertEquals("1.2.0rc5", r.kernels().version(), "the only collected TRT-LLM version");
        var spec = spec(r);
        assertEquals(2, spec.clusters().get(0).layout().instances());
        assertEquals(new Layout(5, 8, 1, 1, 8), spec.clusters().get(1).layout());
        assertEquals(16 + 40, spec.gpus());
    }

    @Test
    void disaggRowWithoutWorkerCountsIsLayoutNotGiven() {
        var row = row("2026_03_25_deepseek_r1_h200_sxm_trtllm_fp8_disagg");
        assertEquals(0, row.prefill().count());
        assertInstanceOf(SiliconCase.LayoutNotGiven.class, planner.plan(row));
    }

    @Test
    void systemWithoutTablesIsNotSimulable() {
        var c = assertInstanceOf(SiliconCase.NotSimulated.class, planner.plan(row("kimik2_5_b200")));
        assertEquals("no kernel tables for system b200_sxm", c.reason());
    }

    @Test
    void precisionMapsToTheDeploymentDtype() {
        assertEquals(Dtype.FP4, spec(ready("2026_03_25_gpt_oss_120b")).dtype());
        assertEquals(Dtype.INT4_WEIGHT_ONLY, spec(ready("2026_03_25_kimi_k2_5")).dtype());
        assertEquals("fp8", SiliconMapping.dtype("fp8"));
        assertEquals("bfloat16", SiliconMapping.dtype("bf16"));
        assertEquals("fp4", SiliconMapping.dtype("nvfp4"));
        assertEquals("int4_wo", SiliconMapping.dtype("int4"));
        assertNull(SiliconMapping.dtype("fp6"));
    }

    @Test
    void concurrencyComesFromTheBenchmarkNotThePerRankBatch() {
        var r = ready("dsr1_h200_trtllm_fp8_agg_8192x1024_c64");
        assertEquals(64, r.row().concurrency());
        var c = spec(r).clusters().getFirst();
        assertEquals(8, c.engine().maxNumSeqs(), "batch_size is the per-rank limit: 1 of 64 recorded ranks, 8 of the 8 that ran");
        assertEquals(new Layout(1, 1, 1, 8, 8), c.layout());
    }

    @Test
    void theEngineAdmitsEveryClientOfItsRankWhereTheBatchColumnIsPerGpu(@TempDir Path root) throws IOException {
        String header = Files.readAllLines(fixture()).getFirst();
        // batch_size 56 on TP 4 at 224 clients: the collection divided the concurrency by the GPUs
        String row = "tp4_c224,silicon_concurrency=224,trtllm,1.2.0rc5,deepseek-ai/DeepSeek-V3,h200_sxm,fp8,agg,4000,1000,fp8,fp8,"
                + "56,4,1,1,1,4,,,,,,,,,,,,,,,588.6,90.8";
        Path csv = root.resolve("rows.csv");
        Files.writeString(csv, header + "\n" + row + "\n");
        var read = SiliconCsv.read(csv, List.of()).getFirst();
        assertEquals(56, read.agg().batch(), "read as recorded");
        assertEquals(224, read.concurrency());
        var serve = spec(assertInstanceOf(SiliconPlan.Ready.class, planner.plan(read))).clusters().getFirst();
        assertEquals(224, serve.engine().maxNumSeqs(), "the limit admits every client");
        var perRank = spec(ready("dsr1_h200_trtllm_fp8_agg_8192x1024_c64_cfg183")).clusters().getFirst();
        assertEquals(8, perRank.engine().maxNumSeqs(), "64 clients over 8 attention ranks: the recorded per-rank limit stands");
    }

    @Test
    void emptyAttentionDpFollowsFromTheExpertLayout() {
        var r = ready("qwen_qwen3_235b_a22b_fp8_qwen_qwen3_235b_a22b_fp8_h200_sxm_vllm_agg_1000x100_c8");
        assertEquals(new Layout(1, 1, 1, 2, 1), spec(r).clusters().getFirst().layout(), "tp 1 x dp 2 = moe_tp 2 x moe_ep 1");
        assertEquals(1, row("nvidia_llama_3_1_8b").agg().dp(), "a dense tp 1 row stays at dp 1");
    }

    @Test
    void rowWithoutABackendVersionUsesTheNewestTables() {
        var r = ready("dsr1_h200_trtllm_fp8_agg_1024x1024_c8_cfg83");
        assertEquals("", r.row().backendVersion());
        assertEquals("1.2.0rc5", r.kernels().version());
        var vllm = new SiliconRow(1, "x", "h200_sxm", "vllm", "", "m", "fp8", null, null, "agg", 1, 1, 1, new SiliconRow.Workers(1, 1, 1, 1, 1, 1, 1),
                null, null, 1, 1, null);
        assertEquals("0.24.0", assertInstanceOf(SiliconPlan.Ready.class, planner.plan(vllm)).kernels().version());
    }

    @Test
    void filtersKeepMatchingRowsAndCompareNumbersByValue() {
        assertEquals(10, SiliconCsv.read(fixture(), List.of(SiliconCsv.Filter.parse("system=h200_sxm"))).size());
        assertEquals(2, SiliconCsv.read(fixture(), List.of(SiliconCsv.Filter.parse("backend=trtllm"),
                SiliconCsv.Filter.parse("mode=disagg"))).size());
        assertEquals(5, SiliconCsv.read(fixture(), List.of(SiliconCsv.Filter.parse("isl=8192.0"))).size());
        assertEquals(1, SiliconCsv.read(fixture(), List.of(SiliconCsv.Filter.parse("backend_version="))).size(), "an empty value matches empty cells");
    }

    @Test
    void requestsPerCaseSetsTheMeasuredRequests() {
        var row = row("dsr1_h200_sglang_fp8_disagg");
        var steady = SiliconMapping.Mode.STEADY_STATE;
        assertEquals(768, SiliconMapping.workload(row, steady, 0, 0.8).measured());
        assertEquals(50, SiliconMapping.workload(row, steady, 50, 0.8).measured());
        assertEquals(3 * 256 + 50, SiliconMapping.workload(row, steady, 50, 0.8).spec().requests());
        assertEquals(100, SiliconMapping.workload(row("2026_03_25_gpt_oss_120b"), steady, 0, 0.8).measured(), "at least 100 at low concurrency");
        var bench = SiliconMapping.Mode.BENCHMARK;
        assertEquals(2560, SiliconMapping.workload(row, bench, 0, 0.8).measured());
        assertEquals(256, SiliconMapping.workload(row, bench, 50, 0.8).spec().requests(), "never fewer requests than clients");
        assertEquals(3000, SiliconMapping.workload(row, bench, 3000, 0.8).spec().requests());
    }

    /**
     * gpt-oss-120b at TP 4 on vLLM 0.18: that release's MXFP4 MoE rows were measured at MoE-TP 1
     * only, so the experts come from a release that measured MoE-TP 4; a dense row keeps its own.
     */
    @Test
    void moeRowsTakeTheirExpertLayoutFromAReleaseThatMeasuredIt(@TempDir Path other) throws IOException {
        for (String v : List.of("0.18.0", "0.24.0")) {
            for (String kind : List.of("gemm", "attention", "moe", "comm")) Files.createDirectories(other.resolve("h200_sxm/" + kind + "/vllm/" + v));
            int tp = v.equals("0.18.0") ? 1 : 4;
            try (var sink = new ParquetSink(other.resolve("h200_sxm/moe/vllm/" + v + "/moe_perf.parquet"),
                    List.of(Column.str("moe_dtype"), Column.lng("moe_tp_size"), Column.lng("moe_ep_size"), Column.dbl("latency")))) {
                for (String format : List.of("w4a16_mxfp4", "fp8")) {
                    sink.set("moe_dtype", format);
                    sink.set("moe_tp_size", (long) tp);
                    sink.set("moe_ep_size", 1L);
                    sink.set("latency", 0.1);
                    sink.endRow();
                }
            }
        }
        var p = new SiliconPlan.Planner(new KernelTables(other), HardwareProfiles.discover());
        var gptOss = assertInstanceOf(SiliconPlan.Ready.class, p.plan(row("2026_03_25_gpt_oss_120b_h200_sxm_vllm_fp4_agg_1024x8192_c4_tp4")));
        assertEquals(List.of("moe 0.24.0 for w4a16_mxfp4 MoE-TP4 EP1"), gptOss.kernels().borrowed());
        assertTrue(spec(gptOss).profiles().contains(other.resolve("h200_sxm/moe/vllm/0.24.0")), spec(gptOss).profiles().toString());
        var dense = assertInstanceOf(SiliconPlan.Ready.class, p.plan(row("nvidia_llama_3_1_8b_instruct_fp8")));
        assertEquals(List.of(), dense.kernels().borrowed());
    }

    /** A tree with tables of one system, and the fixture rows moved onto it (system column rewritten). */
    static List<SiliconRow> rowsOn(Path root, String system, String fromSystem) throws IOException {
        for (String kind : List.of("gemm", "attention", "moe", "mla", "comm")) {
            for (String fw : List.of("vllm/0.17.0", "sglang/0.5.9")) Files.createDirectories(root.resolve(system + "/" + kind + "/" + fw));
        }
        Path csv = root.resolve("rows.csv");
        Files.writeString(csv, Files.readString(fixture()).replace("," + fromSystem + ",", "," + system + ","));
        return SiliconCsv.read(csv, List.of());
    }

    @Test
    void aSystemNamedByAProfileAliasPlansOnThatProfile(@TempDir Path root) throws IOException {
        var kimi = rowsOn(root, "b200_sxm", "b200_sxm").stream().filter(r -> r.id().startsWith("kimik2_5_b200")).findFirst().orElseThrow();
        var r = assertInstanceOf(SiliconPlan.Ready.class, new SiliconPlan.Planner(new KernelTables(root), HardwareProfiles.discover()).plan(kimi));
        assertEquals("b200_sxm", r.deployment().path("hardware").asString());
        assertEquals("b200", HardwareProfiles.discover().load("b200_sxm").name(), "b200.yaml lists b200_sxm among its aliases");
    }

    @Test
    void aSystemWithoutAProfileRunsOnTheSystemFileBesideItsTables(@TempDir Path root) throws IOException {
        var kimi = rowsOn(root, "x900_sxm", "b200_sxm").stream().filter(r -> r.id().startsWith("kimik2_5_b200")).findFirst().orElseThrow();
        var planner = new SiliconPlan.Planner(new KernelTables(root), HardwareProfiles.discover());
        var missing = assertInstanceOf(SiliconCase.NotSimulated.class, planner.plan(kimi));
        assertTrue(missing.reason().startsWith("no hardware profile for system x900_sxm"), missing.reason());

        Files.writeString(root.resolve("x900_sxm.yaml"), """
                gpu:
                  mem_bw: 8000000000000
                  mem_capacity: 193273528320
                  float16_tc_flops: 2250000000000000
                  fp8_tc_flops: 4500000000000000
                  sm_version: 100
                node:
                  num_gpus_per_node: 8
                  inter_node_bw: 50000000000
                  intra_node_bw: 900000000000
                  pcie_bw: 128000000000
                  p2p_latency: 0.00001
                """);
        var r = assertInstanceOf(SiliconPlan.Ready.class, new SiliconPlan.Planner(new KernelTables(root), HardwareProfiles.discover()).plan(kimi));
        var spec = spec(r);
        assertEquals(root.resolve("x900_sxm.yaml").toAbsolutePath().toString(), spec.hardware());
        var hw = HardwareProfiles.discover().load(spec.hardware());
        assertEquals(2250e12, hw.peakFlops(frontier.calibrate.hardware.Dtype.BF16), 1, "float16 tensor-core peak is the bf16 peak");
        assertEquals(148, hw.smCount(), "SM100's data-center part");
    }

    @Test
    void aDisaggDeploymentInsideOneNvlinkDomainMovesItsCacheOverNvlink(@TempDir Path root) throws IOException {
        var dsr1 = rowsOn(root, "gb200", "h200_sxm").stream().filter(r -> r.id().startsWith("dsr1_h200_sglang_fp8_disagg")).findFirst().orElseThrow();
        var r = assertInstanceOf(SiliconPlan.Ready.class, new SiliconPlan.Planner(new KernelTables(root), HardwareProfiles.discover()).plan(dsr1));
        var link = spec(r).links().getFirst();
        // 16 GPUs of a 72-GPU NVLink domain: 900 GB/s per GPU, 8 GPUs per prefill instance; 3 µs
        assertEquals(8 * 900e9, link.bandwidth(), 1e3);
        assertEquals(3_000, link.latencyNs());
    }

    @Test
    void aRowThatNamesNoPrecisionRunsItsCheckpointInTheCheckpointsFormat() {
        var w = new SiliconRow.Workers(1, 8, 1, 1, 1, 1, 1);
        var bare = new SiliconRow(1, "qwen32b", "h200_sxm", "vllm", "0.19.0", "Qwen/Qwen3-32B", "", null, null, "agg", 1000, 100, 8, w,
                null, null, 50, 10, null);
        var r = assertInstanceOf(SiliconPlan.Ready.class, planner.plan(bare));
        assertEquals("bfloat16", r.row().precision(), "Qwen3-32B is published in bf16");
        assertEquals("bfloat16", spec(r).dtype().label());
        var fp8 = assertInstanceOf(SiliconPlan.Ready.class, planner.plan(new SiliconRow(1, "qwen32b-fp8", "h200_sxm", "vllm", "0.19.0",
                "Qwen/Qwen3-32B-FP8", "", null, null, "agg", 1000, 100, 8, w, null, null, 50, 10, null)));
        assertEquals("fp8", spec(fp8).dtype().label(), "an FP8 checkpoint runs its FP8 weights");
        var unknown = planner.plan(new SiliconRow(1, "x", "h200_sxm", "vllm", "0.19.0", "acme/NotAModel", "", null, null, "agg", 1000, 100,
                8, w, null, null, 50, 10, null));
        var not = assertInstanceOf(SiliconCase.NotSimulated.class, unknown);
        assertTrue(not.reason().startsWith("precision is empty"), not.reason());
    }
}
