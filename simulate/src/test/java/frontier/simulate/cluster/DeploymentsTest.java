package frontier.simulate.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import frontier.calibrate.UserInputException;

class DeploymentsTest {
    @TempDir Path tmp;

    Path yaml(String text) throws Exception {
        Path f = tmp.resolve("d.yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void shippedExamplesParse() throws Exception {
        try (var files = Files.list(Path.of("examples"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                var spec = Deployments.load(f);
                assertTrue(spec.gpus() > 0, f.toString());
            }
        }
    }

    @Test
    void defaultsAreVllms() throws Exception {
        var spec = Deployments.load(yaml("model: meta-llama/Llama-3.1-8B\nhardware: h200_sxm\nclusters:\n  - name: a\n"));
        var e = spec.clusters().getFirst().engine();
        assertEquals(256, e.maxNumSeqs());
        assertEquals(16, e.blockSize());
        assertEquals(0.9, e.gpuMemoryUtilization());
        assertTrue(e.chunkedPrefill() && e.prefixCaching());
        assertEquals(512, e.paddedDecodeBatch(505));
        assertEquals(RouterPolicy.ROUND_ROBIN, spec.router());
    }

    @Test
    void eagerHostTimeIsAClusterSettingThatIsOffUnlessGiven() throws Exception {
        String base = "model: meta-llama/Llama-3.1-8B\nhardware: h200_sxm\nclusters:\n  - name: a\n";
        for (String engine : new String[] {"vllm", "sglang", "trtllm"}) {
            var off = Deployments.load(yaml("engine: " + engine + "\n" + base)).clusters().getFirst().engine();
            assertEquals(0, off.eagerHostUsPerOp(), engine);
            assertTrue(off.describe().path("eager_host_us_per_op").isMissingNode(), "outputs name it only where it is set");
        }
        var on = Deployments.load(yaml(base + "    eager_host_us_per_op: 2500\n")).clusters().getFirst().engine();
        assertEquals(2500, on.eagerHostUsPerOp());
        assertEquals(2500, on.describe().path("eager_host_us_per_op").asDouble());
        assertEquals(2500, on.withAsyncScheduling(false).eagerHostUsPerOp(), "kept when another setting changes");
        var e = assertThrows(UserInputException.class, () -> Deployments.load(yaml(base + "    eager_host_us_per_op: -1\n")));
        assertTrue(e.getMessage().contains("clusters[0].eager_host_us_per_op must be a number >= 0"), e.getMessage());
    }

    @Test
    void anEngineSettingGivenApartIsCheckedAsAFileWouldBe() {
        var v = tools.jackson.databind.node.JsonNodeFactory.instance;
        Deployments.checkEngineSetting("sglang", "eager_host_us_per_op", v.numberNode(2000), "--engine-setting x");
        var unknown = assertThrows(UserInputException.class,
                () -> Deployments.checkEngineSetting("sglang", "tp", v.numberNode(2), "--engine-setting x"));
        assertTrue(unknown.getMessage().startsWith("--engine-setting x: 'tp' is not an engine setting"), unknown.getMessage());
        var wrong = assertThrows(UserInputException.class,
                () -> Deployments.checkEngineSetting("trtllm", "batch_wait", v.objectNode().put("timeout_iters", 20), "--engine-setting y"));
        assertTrue(wrong.getMessage().startsWith("--engine-setting y: batch_wait.max_tokens_ratio is required"), wrong.getMessage());
    }

    @Test
    void schedulingAheadFollowsTheEngineAndItsRelease() throws Exception {
        String base = "model: meta-llama/Llama-3.1-8B\nhardware: h200_sxm\n";
        boolean[] expected = {true, true, false, false, true, true, false, false};
        String[] heads = {"engine: vllm\n", "engine: vllm\nengine_version: 0.14.0\n", "engine: vllm\nengine_version: 0.12.0\n",
                "engine: vllm\nengine_version: 0.19.0\n", "engine: sglang\n", "engine: trtllm\n", "engine: trtllm\n", "engine: sglang\n"};
        String[] clusters = {"  - name: a\n", "  - name: a\n", "  - name: a\n", "  - name: a\n    pp: 2\n", "  - name: a\n",
                "  - name: a\n    role: decode\n", "  - name: a\n    role: prefill\n", "  - name: a\n    async_scheduling: false\n"};
        for (int i = 0; i < heads.length; i++) {
            var spec = Deployments.load(yaml(base + heads[i] + "clusters:\n" + clusters[i]));
            assertEquals(expected[i], spec.clusters().getFirst().engine().asyncScheduling(), heads[i] + clusters[i]);
            assertEquals(!heads[i].contains("sglang"), spec.clusters().getFirst().engine().mixedBatches(),
                    "only SGLang keeps prefills and decodes in separate steps");
        }
    }

    @Test
    void contextBalancingAcrossDataParallelRanksIsOffUnlessAsked() throws Exception {
        String base = "model: meta-llama/Llama-3.1-8B\nhardware: h200_sxm\nengine: trtllm\nclusters:\n  - name: a\n    dp: 8\n";
        assertNull(Deployments.load(yaml(base)).clusters().getFirst().engine().dpBalance(), "TensorRT-LLM leaves it off");
        assertEquals(AttentionDpBalance.TRTLLM_DEFAULTS,
                Deployments.load(yaml(base + "    attention_dp_balance: true\n")).clusters().getFirst().engine().dpBalance());
        assertEquals(new AttentionDpBalance(60, 0), Deployments.load(yaml(base
                + "    attention_dp_balance: {timeout_iters: 60, batching_wait_iters: 0}\n")).clusters().getFirst().engine().dpBalance());
        var e = assertThrows(UserInputException.class, () -> Deployments.load(yaml(base + "    attention_dp_balance: {timeout_iters: -1}\n")));
        assertTrue(e.getMessage().contains("clusters[0].attention_dp_balance.timeout_iters"), e.getMessage());
        e = assertThrows(UserInputException.class, () -> Deployments.load(yaml(base + "    attention_dp_balance: {timeout: 5}\n")));
        assertTrue(e.getMessage().contains("timeout_iters"), e.getMessage());
    }

    @Test
    void sglangReservesForTheOutputStillToComeUnlessToldNot() throws Exception {
        String sglang = "model: meta-llama/Llama-3.1-8B\nhardware: h200_sxm\nengine: sglang\nclusters:\n  - name: a\n";
        assertEquals(NewTokenReserve.SGLANG_DEFAULTS, Deployments.load(yaml(sglang)).clusters().getFirst().engine().newTokenReserve());
        assertNull(Deployments.load(yaml(sglang + "    new_token_reserve: false\n")).clusters().getFirst().engine().newTokenReserve());
        assertNull(Deployments.load(yaml(sglang.replace("sglang", "vllm"))).clusters().getFirst().engine().newTokenReserve(),
                "vLLM admits on the blocks a request needs now");
        assertEquals(new NewTokenReserve(0.5, 0.05, 600, 4096), Deployments.load(yaml(sglang
                + "    new_token_reserve: {init_ratio: 0.5, min_ratio: 0.05}\n")).clusters().getFirst().engine().newTokenReserve());
        var e = assertThrows(UserInputException.class, () -> Deployments.load(yaml(sglang
                + "    new_token_reserve: {init_ratio: 0.1, min_ratio: 0.5}\n")));
        assertTrue(e.getMessage().contains("clusters[0].new_token_reserve.min_ratio"), e.getMessage());
    }

    @Test
    void tensorRtLlmAdmitsOnlyWhatItCanFinishWithoutEvicting() throws Exception {
        String trt = "model: meta-llama/Llama-3.1-8B\nhardware: h200_sxm\nengine: trtllm\nclusters:\n  - name: a\n";
        assertEquals(NewTokenReserve.TRTLLM_GUARANTEED_NO_EVICT,
                Deployments.load(yaml(trt)).clusters().getFirst().engine().newTokenReserve(), "its default capacity scheduler");
        assertNull(Deployments.load(yaml(trt + "    new_token_reserve: false\n")).clusters().getFirst().engine().newTokenReserve());
        String pd = "model: meta-llama/Llama-3.1-8B\nhardware: h200_sxm\nengine: trtllm\nclusters:\n  - {name: p, role: prefill}\n"
                + "  - {name: d, role: decode}\nlinks:\n  - {name: kv, from: p, to: d, bandwidth_gbps: 50, latency_us: 5}\n";
        var clusters = Deployments.load(yaml(pd)).clusters();
        assertNull(clusters.get(0).engine().newTokenReserve(), "a context-only server reserves no output");
        assertEquals(NewTokenReserve.TRTLLM_GUARANTEED_NO_EVICT, clusters.get(1).engine().newTokenReserve(), "a generation-only server does");
    }

    @Test
    void batchWaitingNeedsBothItsSettings() throws Exception {
        String base = "model: meta-llama/Llama-3.1-8B\nhardware: h200_sxm\nengine: trtllm\nclusters:\n  - name: a\n";
        assertNull(Deployments.load(yaml(base)).clusters().getFirst().engine().batchWait());
        assertEquals(new BatchWait(20, 0.9), Deployments.load(yaml(base
                + "    batch_wait: {timeout_iters: 20, max_tokens_ratio: 0.9}\n")).clusters().getFirst().engine().batchWait());
        var e = assertThrows(UserInputException.class, () -> Deployments.load(yaml(base + "    batch_wait: {timeout_iters: 20}\n")));
        assertTrue(e.getMessage().contains("clusters[0].batch_wait.max_tokens_ratio is required"), e.getMessage());
        e = assertThrows(UserInputException.class, () -> Deployments.load(yaml(base
                + "    batch_wait: {timeout_iters: 20, max_tokens_ratio: 1.5}\n")));
        assertTrue(e.getMessage().contains("max_tokens_ratio must be at most 1"), e.getMessage());
    }

    @Test
    void anUnknownFieldNamesItselfAndTheKnownOnes() throws Exception {
        var e = assertThrows(UserInputException.class, () -> Deployments.load(yaml(
                "model: m\nhardware: h200_sxm\nclusters:\n  - name: a\n    max_num_seq: 4\n")));
        assertTrue(e.getMessage().contains("clusters[0].max_num_seq is not a known field") && e.getMessage().contains("max_num_seqs"),
                e.getMessage());
    }

    @Test
    void badValuesNameTheirField() throws Exception {
        var e = assertThrows(UserInputException.class, () -> Deployments.load(yaml(
                "model: m\nhardware: h200_sxm\nclusters:\n  - name: a\n    tp: 0\n")));
        assertTrue(e.getMessage().contains("clusters[0].tp must be a positive integer"), e.getMessage());
        var e2 = assertThrows(UserInputException.class, () -> Deployments.load(yaml(
                "model: m\nhardware: h200_sxm\nclusters:\n  - name: a\n    gpu_memory_utilization: 1.5\n")));
        assertTrue(e2.getMessage().contains("at most 1.0"), e2.getMessage());
    }

    @Test
    void linksMustNameExistingClusters() throws Exception {
        var e = assertThrows(UserInputException.class, () -> Deployments.load(yaml(
                "model: m\nhardware: h200_sxm\nclusters:\n  - {name: p, role: prefill}\n  - {name: d, role: decode}\n"
                        + "links:\n  - {from: p, to: x}\n")));
        assertTrue(e.getMessage().contains("links[0]"), e.getMessage());
    }

    @Test
    void kvLinkOptionsAreReadAndRefusedWhereTheyDoNotApply() throws Exception {
        String pd = "model: m\nhardware: h200_sxm\nclusters:\n  - {name: p, role: prefill}\n  - {name: d, role: decode}\n";
        var spec = Deployments.load(yaml(pd + "links:\n  - {from: p, to: d, layerwise: true, router: round_robin}\n"));
        assertTrue(spec.links().getFirst().layerwise());
        assertEquals(RouterPolicy.ROUND_ROBIN, spec.links().getFirst().router());
        var plain = Deployments.load(yaml(pd + "links:\n  - {from: p, to: d}\n"));
        assertEquals(false, plain.links().getFirst().layerwise());
        assertEquals(RouterPolicy.LEAST_OUTSTANDING_TOKENS, plain.links().getFirst().router());
        var backwards = assertThrows(UserInputException.class, () -> Deployments.load(yaml(
                pd + "links:\n  - {from: d, to: p, layerwise: true}\n")));
        assertTrue(backwards.getMessage().contains("links[0].layerwise and .router apply to a link from a prefill cluster"),
                backwards.getMessage());
        var unknown = assertThrows(UserInputException.class, () -> Deployments.load(yaml(
                pd + "links:\n  - {from: p, to: d, router: prefix_affinity}\n")));
        assertTrue(unknown.getMessage().contains("links[0].router 'prefix_affinity' is not one of"), unknown.getMessage());
    }
    @Test
    void blockScaledFp8KeepsItsNameForTheKernelTables() throws Exception {
        var spec = Deployments.load(yaml("model: m\nhardware: h200_sxm\ndtype: fp8_block\nclusters:\n  - name: a\n"));
        assertEquals(frontier.calibrate.hardware.Dtype.FP8, spec.dtype());
        assertEquals("fp8_block", spec.gemmFormat());
        assertEquals("fp8_block", spec.moeFormat(), "the experts follow dtype unless moe_dtype is given");
        var mixed = Deployments.load(yaml("model: m\nhardware: h200_sxm\ndtype: fp8_block\nmoe_dtype: fp8\nclusters:\n  - name: a\n"));
        assertEquals(null, mixed.moeFormat());
        var plain = Deployments.load(yaml("model: m\nhardware: h200_sxm\ndtype: fp8\nclusters:\n  - name: a\n"));
        assertEquals(null, plain.gemmFormat());
    }
}
