package frontier.calibrate.ingest;

import static frontier.calibrate.ingest.Fixtures.kernel;
import static frontier.calibrate.ingest.Fixtures.one;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import frontier.calibrate.io.TableData;
import frontier.calibrate.model.ModelConfigs;
import frontier.calibrate.profile.Family;
import frontier.calibrate.profile.IngestReport;
import frontier.calibrate.profile.Measurement;
import frontier.calibrate.profile.Rejection;

class LlmServingSimReaderTest {
    private static final String LLAMA = "llmservingsim/RTXPRO6000/meta-llama/Llama-3.1-8B/bf16/";
    private static final String QWEN = "llmservingsim/RTXPRO6000/Qwen/Qwen3-30B-A3B-Instruct-2507/bf16/";

    private final LlmServingSimReader reader = new LlmServingSimReader(Fixtures.models());

    @Test
    void denseLayersTakeTheirShapesFromTheConfigAndTp() {
        // Llama-3.1-8B: hidden 4096, 32 heads and 8 KV heads of 128, intermediate 14336
        IngestReport tp1 = Fixtures.read(reader, LLAMA + "tp1/dense.csv");
        assertArrayEquals(new double[] {128, 6144, 4096}, one(tp1, Family.GEMM, kernel("llmservingsim:qkv_proj").and(m -> m.shape("m") == 128)).shape());
        assertArrayEquals(new double[] {128, 4096, 4096}, one(tp1, Family.GEMM, kernel("llmservingsim:o_proj").and(m -> m.shape("m") == 128)).shape());
        assertArrayEquals(new double[] {128, 28672, 4096}, one(tp1, Family.GEMM, kernel("llmservingsim:gate_up_proj").and(m -> m.shape("m") == 128)).shape());
        assertArrayEquals(new double[] {128, 4096, 14336}, one(tp1, Family.GEMM, kernel("llmservingsim:down_proj").and(m -> m.shape("m") == 128)).shape());
        Measurement rope = one(tp1, Family.ELEMENTWISE, kernel("llmservingsim:rotary_emb").and(m -> m.shape("tokens") == 128));
        assertArrayEquals(new double[] {128, (32 + 8) * 128}, rope.shape());
        assertEquals(2.85867, rope.latencyUs(), 1e-12);
        assertEquals("rotary_emb", rope.category(0));

        IngestReport tp2 = Fixtures.read(reader, LLAMA + "tp2/dense.csv");
        Measurement qkv = one(tp2, Family.GEMM, kernel("llmservingsim:qkv_proj").and(m -> m.shape("m") == 1));
        assertArrayEquals(new double[] {1, 3072, 4096}, qkv.shape());
        assertEquals(21.824, qkv.latencyUs(), 1e-12);
        assertTrue(Double.isNaN(qkv.spreadUs()));
        assertEquals("bfloat16", qkv.category(0));
        assertEquals("NVIDIA RTX PRO 6000 Blackwell Server Edition", qkv.provenance().device());
        assertEquals("vllm", qkv.provenance().framework());
        assertEquals("0.19.0", qkv.provenance().version());
        assertArrayEquals(new double[] {1, 4096, 7168}, one(tp2, Family.GEMM, kernel("llmservingsim:down_proj").and(m -> m.shape("m") == 1)).shape());
        assertArrayEquals(new double[] {1, 7168}, one(tp2, Family.ELEMENTWISE, kernel("llmservingsim:act_fn").and(m -> m.shape("tokens") == 1)).shape());
        assertEquals(8, tp2.rows(Family.GEMM).size());
        assertEquals(10, tp2.rows(Family.ELEMENTWISE).size());
        assertEquals(0, tp2.rejectedRows());
    }

    @Test
    void attentionRowsAreMixedBatches() {
        IngestReport r = Fixtures.read(reader, LLAMA + "tp1/attention.csv");
        assertEquals(6, r.rows(Family.ATTENTION_MIXED).size());
        Measurement m = one(r, Family.ATTENTION_MIXED, x -> x.shape("prefill_kv") == 2048);
        assertArrayEquals(new double[] {128, 2048, 4, 2048, 32, 8, 128}, m.shape());
        assertEquals(98.507, m.latencyUs(), 1e-12);
        assertEquals("bfloat16", m.category(0));
        assertEquals("llmservingsim:attention", m.provenance().kernel());
    }

    @Test
    void attentionRowWithNeitherPrefillNorDecodeIsRejected() {
        // the published sweep has no such row, so the table is built here in the bundle's folder
        var t = new TableData(Fixtures.path(LLAMA + "tp1/attention.csv"), 2);
        t.putText("prefill_chunk", new String[] {"0", "16"});
        t.putText("kv_prefill", new String[] {"0", "0"});
        t.putText("n_decode", new String[] {"0", "0"});
        t.putText("kv_decode", new String[] {"0", "0"});
        t.putText("time_us", new String[] {"7.5", "8.0"});
        var r = new IngestReport();
        reader.read(t, r);
        assertEquals(1, r.rows(Family.ATTENTION_MIXED).size());
        assertEquals(1, Fixtures.rejected(r, "attention: row with no prefill tokens and no decodes"));
    }

    @Test
    void moeRowsStoreTheActivatedExpertsThroughTheAlias() {
        // Qwen3-30B-A3B-Instruct-2507 reads the Qwen3-30B-A3B config through ALIASES.tsv
        IngestReport r = Fixtures.read(reader, QWEN + "tp1/moe.csv");
        assertEquals(8, r.rows(Family.MOE).size());
        Measurement m = one(r, Family.MOE, x -> x.shape("tokens") == 64 && x.shape("experts") == 32);
        assertArrayEquals(new double[] {64, 2048, 768, 8, 32, 1, 1, 0, 1, 0}, m.shape());
        assertEquals(235.594, m.latencyUs(), 1e-12);
        assertEquals("llmservingsim:moe", m.provenance().kernel());
    }

    @Test
    void cyclicDealSpreadIsExact() {
        // 10 pairs over 4 experts: 3, 3, 2, 2 → mean 2.5, std 0.5
        assertEquals(0.2, LlmServingSimReader.cyclicCv(10, 4), 1e-12);
        assertEquals(0, LlmServingSimReader.cyclicCv(512, 32), 1e-12);
    }

    @Test
    void perSequenceLmHeadIsTheRanksVocabularySlice() {
        IngestReport r = Fixtures.read(reader, LLAMA + "tp2/per_sequence.csv");
        Measurement lmHead = one(r, Family.PER_SEQUENCE, kernel("llmservingsim:lm_head").and(x -> x.shape("sequences") == 64));
        assertArrayEquals(new double[] {64, 4096, 128256 / 2.0}, lmHead.shape());
        assertEquals("lm_head", lmHead.category(0));
        Measurement sampler = one(r, Family.PER_SEQUENCE, kernel("llmservingsim:sampler").and(x -> x.shape("sequences") == 1));
        assertArrayEquals(new double[] {1, 4096, 128256}, sampler.shape());
        assertEquals(24.746, sampler.latencyUs(), 1e-12);
    }

    @Test
    void skewRowsAreUnevenMixedBatchesMeasuredAgainstTheEvenOne() {
        IngestReport r = Fixtures.read(reader, LLAMA + "tp1/skew.csv");
        assertEquals(5, r.rows(Family.ATTENTION_SKEW).size());
        assertEquals(0, r.rejectedRows());
        // pure,2,1,0.5,4.0,0,0,512,2048,1280,64.256,80.162,68.064: two decodes over 512 and 2048 tokens
        Measurement m = one(r, Family.ATTENTION_SKEW, x -> x.shape("decode_kv") == 1280);
        assertArrayEquals(new double[] {0, 0, 2, 1280, 2048, 64.256, 32, 8, 128}, m.shape());
        assertEquals(68.064, m.latencyUs(), 1e-12, "the measured uneven batch, not the even reference or the all-longest one");
        assertEquals("llmservingsim:attention", m.provenance().kernel());
    }

    @Test
    void theProfilersOwnSkewFitIsSkippedWithAReason() {
        IngestReport r = Fixtures.read(reader, LLAMA + "tp1/skew_fit.csv");
        assertEquals(0, r.total());
        assertEquals(0, r.rejectedRows());
        assertEquals(1, r.skipped().size());
        assertTrue(r.skipped().getFirst().startsWith(Fixtures.path(LLAMA + "tp1/skew_fit.csv").toString()));
        assertTrue(r.skipped().getFirst().contains("a fit, not measurements"));
    }

    @Test
    void aSkewTableInAnotherLayoutIsSkippedNamingWhatItLacks(@TempDir Path dir) throws Exception {
        // a later profiler release: one row per batch, its requests as JSON, no even-batch reference
        Path other = Files.createDirectories(dir.resolve("tp1")).resolve("skew.csv");
        Files.writeString(other, "layer,case_id,requests_json,n_prefill,decode_q_len,t_skew_us\n"
                + "attention,a,\"[]\",0,1,50.5\n");
        TableData t = frontier.calibrate.io.CsvFiles.read(other);
        assertTrue(reader.recognizes(t));
        var r = new IngestReport();
        reader.read(t, r);
        assertEquals(0, r.total());
        assertEquals(0, r.rejectedRows());
        assertTrue(r.skipped().getFirst().contains("needs n, pc, kp, kv_mean, kv_big, t_mean_us and t_skew_us"),
                r.skipped().getFirst());
    }

    @Test
    void missingModelConfigRejectsEveryRowNamingTheModel(@TempDir Path empty) {
        IngestReport r = Fixtures.read(new LlmServingSimReader(new ModelConfigs(empty)), LLAMA + "tp1/dense.csv");
        assertEquals(0, r.total());
        assertEquals(18, r.rejectedRows());
        Rejection why = r.rejections().getFirst();
        assertTrue(why.reason().contains("'meta-llama/Llama-3.1-8B'"), why.reason());
        assertTrue(why.reason().contains("meta-llama--Llama-3.1-8B/config.json"), why.reason());
        assertTrue(why.reason().contains("ALIASES.tsv"), why.reason());
    }

    @Test
    void configsCanLiveInATemporaryFolder(@TempDir Path models) throws Exception {
        Path dir = Files.createDirectories(models.resolve("meta-llama--Llama-3.1-8B"));
        Files.copy(Fixtures.path("models/meta-llama--Meta-Llama-3.1-8B/config.json"), dir.resolve("config.json"));
        IngestReport r = Fixtures.read(new LlmServingSimReader(new ModelConfigs(models)), LLAMA + "tp1/dense.csv");
        assertEquals(18, r.total());
    }

    @Test
    void eachReaderRecognizesOnlyItsOwnFormat() {
        var vidur = new VidurCsvReader(Fixtures.models());
        var aiconfigurator = new AiconfiguratorReader();
        var normalized = new NormalizedReader();
        for (String f : new String[] {"tp1/dense.csv", "tp1/attention.csv", "tp1/per_sequence.csv", "tp1/skew.csv", "tp1/skew_fit.csv"}) {
            TableData t = Fixtures.csv(LLAMA + f);
            assertTrue(reader.recognizes(t), f);
            assertFalse(vidur.recognizes(t), f);
            assertFalse(aiconfigurator.recognizes(t), f);
            assertFalse(normalized.recognizes(t), f);
        }
        assertTrue(reader.recognizes(Fixtures.csv(QWEN + "tp1/moe.csv")));
        for (String f : new String[] {"vidur/compute/a100/meta-llama/Llama-2-7b-hf/mlp.csv", "vidur/network/a100_dgx/all_reduce.csv",
                "frontier/compute/a800/qwen3-a3b-30b-moe/attention.csv", "frontier/compute/a800/qwen3-a3b-30b-moe/moe.csv"}) {
            TableData t = Fixtures.csv(f);
            assertTrue(vidur.recognizes(t), f);
            assertFalse(reader.recognizes(t), f);
            assertFalse(aiconfigurator.recognizes(t), f);
            assertFalse(normalized.recognizes(t), f);
        }
        // an aiconfigurator table is neither
        var gemm = new TableData(Path.of("h100_sxm/gemm/vllm/0.11.0/gemm_perf.parquet"), 1);
        for (String c : new String[] {"m", "n", "k", "latency", "kernel_source", "op_name", "gemm_dtype"}) gemm.putText(c, new String[] {"1"});
        assertTrue(aiconfigurator.recognizes(gemm));
        assertFalse(vidur.recognizes(gemm));
        assertFalse(reader.recognizes(gemm));
    }
}
