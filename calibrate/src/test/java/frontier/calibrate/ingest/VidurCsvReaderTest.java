package frontier.calibrate.ingest;

import static frontier.calibrate.ingest.Fixtures.kernel;
import static frontier.calibrate.ingest.Fixtures.one;
import static frontier.calibrate.ingest.Fixtures.rejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import frontier.calibrate.ProjectPaths;
import frontier.calibrate.features.ExpertLoad;
import frontier.calibrate.io.ParquetFiles;
import frontier.calibrate.model.ModelConfigs;
import frontier.calibrate.profile.Family;
import frontier.calibrate.profile.IngestReport;
import frontier.calibrate.profile.Measurement;

class VidurCsvReaderTest {
    private static final String LLAMA2 = "vidur/compute/a100/meta-llama/Llama-2-7b-hf/mlp.csv";
    private static final String QWEN3 = "frontier/compute/a800/qwen3-a3b-30b-moe/";

    private final VidurCsvReader reader = new VidurCsvReader(Fixtures.models());

    @Test
    void llama2LinearOpsGetPerGpuGemmShapes() {
        IngestReport r = Fixtures.read(reader, LLAMA2);
        // 8 rows (num_tokens 1 and 512 at TP 1, 2, 4, 8), 4 GEMMs and 6 elementwise ops each
        assertEquals(32, r.rows(Family.GEMM).size());
        assertEquals(48, r.rows(Family.ELEMENTWISE).size());
        assertEquals(0, r.rejectedRows());

        // Llama-2-7B: hidden 4096, 32 heads of 128 (MHA), intermediate 11008, gated MLP; TP 4
        Measurement qkv = one(r, Family.GEMM, kernel("vidur:attn_pre_proj").and(x -> x.shape("m") == 512 && x.shape("n") == 3072));
        assertEquals(4096, qkv.shape("k"));
        Measurement o = one(r, Family.GEMM, kernel("vidur:attn_post_proj").and(x -> x.shape("m") == 512 && x.shape("k") == 1024));
        assertEquals(4096, o.shape("n"));
        Measurement up = one(r, Family.GEMM, kernel("vidur:mlp_up_proj").and(x -> x.shape("m") == 512 && x.shape("n") == 5504));
        assertEquals(4096, up.shape("k"));
        Measurement down = one(r, Family.GEMM, kernel("vidur:mlp_down_proj").and(x -> x.shape("m") == 512 && x.shape("k") == 2752));
        assertEquals(4096, down.shape("n"));
        // TP 1 keeps the whole fused QKV: (32 + 2·32) · 128
        one(r, Family.GEMM, kernel("vidur:attn_pre_proj").and(x -> x.shape("m") == 512 && x.shape("n") == 12288));
    }

    @Test
    void medianBecomesMicrosecondsAndStdTheSpread() {
        IngestReport r = Fixtures.read(reader, LLAMA2);
        // row: num_tokens 512, TP 1, attn_pre_proj median 0.234 ms, std 0.005468089245796931 ms
        Measurement qkv = one(r, Family.GEMM, kernel("vidur:attn_pre_proj").and(x -> x.shape("m") == 512 && x.shape("n") == 12288));
        assertEquals(234.0, qkv.latencyUs(), 1e-9);
        assertEquals(5.468089245796931, qkv.spreadUs(), 1e-9);
        assertEquals("bfloat16", qkv.category(0));
        assertEquals("a100", qkv.provenance().device());
        assertEquals("vidur", qkv.provenance().framework());
        assertNull(qkv.provenance().version());
        // elementwise ops keep their op name as category; rotary touches the q and k heads of one GPU
        Measurement rope = one(r, Family.ELEMENTWISE, kernel("vidur:attn_rope").and(x -> x.shape("tokens") == 1 && x.shape("hidden") == 8 * 128 + 8 * 128));
        assertEquals("attn_rope", rope.category(0));
        Measurement act = one(r, Family.ELEMENTWISE, kernel("vidur:mlp_act").and(x -> x.shape("tokens") == 512 && x.shape("hidden") == 11008 / 2.0));
        assertEquals("mlp_act", act.category(0));
    }

    @Test
    void nanAndNegativeLatenciesAreCountedWhileEmptyCellsAreAbsent() {
        IngestReport r = Fixtures.read(reader, "vidur/compute/a100/edited/Llama-2-7b-hf-bad-values/mlp.csv");
        assertEquals(1, rejected(r, "gemm: latency is missing or NaN"));
        assertEquals(1, rejected(r, "gemm: latency is zero or negative"));
        assertEquals(2, r.rejectedRows());
        assertEquals(3 * 4 - 2, r.rows(Family.GEMM).size());
        // the third row has no emb timing at all: not run, so neither a row nor a rejection
        assertEquals(3 * 6 - 1, r.rows(Family.ELEMENTWISE).size());
        assertEquals(2, r.rows(Family.ELEMENTWISE).stream().filter(kernel("vidur:emb")).count());
    }

    @Test
    void qwen3HeadSizeComesFromTheModelConfig(@TempDir Path empty) {
        // TP 8: 32/8 query heads and one replicated KV head (4 < 8) of 128, over hidden 2048
        IngestReport withConfig = Fixtures.read(reader, QWEN3 + "linear_op.csv");
        Measurement qkv = one(withConfig, Family.GEMM, kernel("vidur:attn_pre_proj").and(x -> x.shape("m") == 1 && x.shape("n") == 768));
        assertEquals(2048, qkv.shape("k"));
        one(withConfig, Family.GEMM, kernel("vidur:attn_post_proj").and(x -> x.shape("m") == 1 && x.shape("k") == 512));
        // without a known config the table alone implies 2048/32 = 64
        IngestReport alone = Fixtures.read(new VidurCsvReader(new ModelConfigs(empty)), QWEN3 + "linear_op.csv");
        one(alone, Family.GEMM, kernel("vidur:attn_pre_proj").and(x -> x.shape("m") == 1 && x.shape("n") == 384));
    }

    @Test
    void frontierLinearOpsMapLmHeadAndMtpFusion() {
        IngestReport r = Fixtures.read(reader, QWEN3 + "linear_op.csv");
        Measurement lmHead = one(r, Family.PER_SEQUENCE, x -> x.shape("sequences") == 1024);
        assertArrayEquals(new double[] {1024, 2048, 151936}, lmHead.shape());
        assertEquals(2550.7360696792603, lmHead.latencyUs(), 1e-9);
        assertEquals("frontier", lmHead.provenance().framework());
        assertEquals("a800", lmHead.provenance().device());
        Measurement fusion = one(r, Family.GEMM, kernel("vidur:mtp_fusion_proj").and(x -> x.shape("m") == 1));
        assertArrayEquals(new double[] {1, 2048, 4096}, fusion.shape());
        // gated MLP of the 768-wide expert size at TP 8
        one(r, Family.GEMM, kernel("vidur:mlp_up_proj").and(x -> x.shape("m") == 1024 && x.shape("n") == 2 * 768 / 8.0));
    }

    @Test
    void fp8QuantSignatureAndKernelOnlyTimingAreKept() {
        IngestReport r = Fixtures.read(reader, "frontier/compute/h800/Llama-3.1-405B-Instruct-FP8/linear_op_kernel_only.csv");
        Measurement up = one(r, Family.GEMM, kernel("vidur:mlp_up_proj:kernel_only").and(x -> x.shape("m") == 1024 && x.shape("n") == 2 * 53248));
        assertEquals("fp8", up.category(0));
        assertEquals(16384, up.shape("k"));
        assertEquals(2597.411, up.latencyUs(), 1e-9);
        assertEquals("h800", up.provenance().device());
    }

    @Test
    void attentionRowsMapByBatchKind() {
        IngestReport r = Fixtures.read(reader, QWEN3 + "attention.csv");
        // decode: TP 2, 4 sequences over 1024 cached tokens each attend to 1025 keys; 16 heads, 2 KV heads of 128
        Measurement decode = one(r, Family.ATTENTION_DECODE, x -> x.shape("batch") == 4);
        assertArrayEquals(new double[] {4, 1025, 1025, 16, 2, 128, 0}, decode.shape());
        assertEquals(18.208, decode.latencyUs(), 1e-9);
        assertEquals("bfloat16", decode.category(0));
        assertEquals("flashinfer", decode.provenance().kernel());
        // chunked prefill: 128 new tokens after 1280 cached
        Measurement chunk = one(r, Family.ATTENTION_PREFILL, x -> x.shape("q_len") == 128);
        assertArrayEquals(new double[] {1, 128, 1408, 1408, 16, 2, 128, 0}, chunk.shape());
        // ragged prefill batch [1312, 672, 624] at TP 8
        Measurement ragged = one(r, Family.ATTENTION_PREFILL, x -> x.shape("batch") == 3);
        assertEquals(2608 / 3.0, ragged.shape("q_len"), 1e-9);
        assertEquals(1312, ragged.shape("kv_len_max"));
        assertEquals(4, ragged.shape("heads"));
        assertEquals(1, ragged.shape("kv_heads"));
        // true mixed: one 1024-token prefill and one decode over 2048 cached; both kernels' time
        Measurement mixed = one(r, Family.ATTENTION_MIXED, x -> x.shape("prefill_tokens") == 1024
                && x.shape("decode_seqs") == 1 && x.shape("decode_kv") == 2048);
        assertArrayEquals(new double[] {1024, 0, 1, 2048, 4, 1, 128}, mixed.shape());
        // cells 0.0978560000658035 and 0.0560000017285347 ms
        assertEquals(97.8560000658035 + 56.0000017285347, mixed.latencyUs(), 1e-9);

        assertEquals(2, r.rows(Family.ATTENTION_DECODE).size());
        assertEquals(6, r.rows(Family.ATTENTION_PREFILL).size());
        assertEquals(8, r.rows(Family.ATTENTION_MIXED).size());
        // the KV-cache write: 4 decode tokens, 2 · 2 KV heads · 128 wide at TP 2
        one(r, Family.ELEMENTWISE, x -> x.shape("tokens") == 4 && x.shape("hidden") == 512);
        assertEquals(16, r.rows(Family.ELEMENTWISE).size());
        String view = ": layout view with no kernel of its own (zero under kernel-only timing), not mapped";
        assertEquals(16, rejected(r, "attn_input_reshape" + view));
        assertEquals(16, rejected(r, "attn_output_reshape" + view));
        assertEquals(32, r.rejectedRows());
    }

    @Test
    void moeLoadIsTheMeasuredRanksShareOfPairs() {
        IngestReport r = Fixtures.read(reader, QWEN3 + "moe.csv");
        // EP 8, TP 8, 64 tokens: all 512 pairs landed on this rank, 8x an even split across 8 ranks
        Measurement ep8 = r.rows(Family.MOE).stream().filter(x -> x.shape("ep") == 8 && x.shape("tokens") == 64
                && x.shape("load_cv") == 0.125).findFirst().orElseThrow();
        assertArrayEquals(new double[] {64, 2048, 768, 8, 128, 8, 8, 0, 8, 0.125}, ep8.shape());
        Measurement ep1 = one(r, Family.MOE, x -> x.shape("ep") == 1 && x.shape("tokens") == 64);
        assertEquals(1, ep1.shape("load_max_ratio"), 1e-12);
        assertEquals(778.6239981651306, ep1.latencyUs(), 1e-9);
        // the router GEMM and its top-k over the 128 expert logits
        Measurement router = one(r, Family.GEMM, x -> x.shape("m") == 64);
        assertArrayEquals(new double[] {64, 128, 2048}, router.shape());
        Measurement topk = one(r, Family.ELEMENTWISE, kernel("vidur:moe_gating_routing_topk").and(x -> x.shape("tokens") == 64));
        assertEquals(128, topk.shape("hidden"));
        assertEquals(6, r.rows(Family.MOE).size());
        assertEquals(0, r.rejectedRows());
    }

    @Test
    void olderMoeTablesGetTheExpectedLoadOfUniformRouting() {
        IngestReport r = Fixtures.read(reader, "frontier/compute/a100/mixtral_8x7b_moe/moe.csv");
        Measurement m = one(r, Family.MOE, x -> x.shape("tokens") == 16 && x.shape("tp") == 2);
        var load = ExpertLoad.expected(ExpertLoad.Routing.parse("uniform"), 16, 2, 8, 1);
        assertArrayEquals(new double[] {16, 4096, 14336, 2, 8, 2, 1, 0, 1, load.expertCv()}, m.shape(), 1e-12);
        assertEquals(1121, m.latencyUs(), 1e-9);
        String slice = ": one expert's slice of moe_grouped_gemm; its token count is not recorded";
        assertEquals(6, rejected(r, "moe_expert_up_proj" + slice));
        assertEquals(6, rejected(r, "moe_expert_down_proj" + slice));
    }

    @Test
    void collectivesKeepBytesRanksAndPlacement() {
        IngestReport all = Fixtures.read(reader, "vidur/network/a100_dgx/all_reduce.csv");
        assertEquals(14, all.rows(Family.ALLREDUCE).size());
        Measurement wide = one(all, Family.ALLREDUCE, x -> x.shape("ranks") == 16 && x.shape("bytes") == 10240);
        assertArrayEquals(new double[] {10240, 16, 8}, wide.shape());
        assertEquals(71, wide.latencyUs(), 1e-9);
        assertNull(wide.category(0));
        assertEquals("vidur:all_reduce", wide.provenance().kernel());
        IngestReport p2p = Fixtures.read(reader, "vidur/network/a100_dgx/send_recv.csv");
        Measurement crossNode = one(p2p, Family.P2P, x -> x.shape("ranks_per_node") == 1 && x.shape("bytes") == 2048);
        assertEquals(24, crossNode.latencyUs(), 1e-9);
        assertEquals(4, p2p.rows(Family.P2P).size());
    }

    /** The H200 table datasets/measured ships: token ops of several model layouts, QK-norm included. */
    @Test
    void measuredTorchTokenOpsIncludeQkNorm() throws Exception {
        var file = ProjectPaths.root().resolve("datasets/measured/h200_sxm/torch/elementwise/linear_op.parquet");
        var table = ParquetFiles.read(file);
        assertTrue(reader.recognizes(table));
        var r = new IngestReport();
        reader.read(table, r);
        assertEquals(0, r.rejectedRows());
        assertEquals(0, r.rows(Family.GEMM).size());
        // Qwen3-235B-A22B at TP 2: 32 query and 2 KV heads of 128 per GPU
        Measurement qk = one(r, Family.ELEMENTWISE, kernel("vidur:qk_norm").and(x -> x.shape("tokens") == 512 && x.shape("hidden") == 34 * 128));
        assertEquals("h200", qk.provenance().device());
        assertEquals("torch", qk.provenance().framework());
        assertEquals("qk_norm", qk.category(0));
        assertTrue(qk.latencyUs() > 1 && qk.latencyUs() < 1000, "a 512-token QK norm takes microseconds: " + qk.latencyUs());
        // the norm's width is the hidden size at every TP degree
        assertEquals(4 * 24, r.rows(Family.ELEMENTWISE).stream()
                .filter(kernel("vidur:input_layernorm").and(x -> x.shape("hidden") == 5120)).count());
    }

    @Test
    void deviceAndFrameworkFollowTheFolders() {
        assertEquals("a100", VidurTable.deviceFromPath(Path.of("/d/vidur/network/a100_dgx/all_reduce.csv")));
        assertEquals("h800", VidurTable.deviceFromPath(Path.of("/d/frontier/compute/h800/Phi/moe.csv")));
        assertNull(VidurTable.deviceFromPath(Path.of("/d/profiles/mlp.csv")));
        assertEquals("frontier", VidurTable.frameworkFromPath(Path.of("/home/vidur/frontier/compute/a800/x.csv")));
        assertEquals("vidur", VidurTable.frameworkFromPath(Path.of("/d/profiles/mlp.csv")));
        assertEquals("torch", VidurTable.frameworkFromPath(Path.of("/d/measured/h200_sxm/torch/elementwise/linear_op.parquet")));
        assertTrue(reader.recognizes(Fixtures.csv(LLAMA2)));
    }
}
