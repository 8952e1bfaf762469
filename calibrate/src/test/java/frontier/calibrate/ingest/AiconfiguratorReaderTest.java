package frontier.calibrate.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import frontier.calibrate.UserInputException;
import frontier.calibrate.io.Column;
import frontier.calibrate.io.ParquetFiles;
import frontier.calibrate.io.ParquetSink;
import frontier.calibrate.profile.Family;
import frontier.calibrate.profile.Measurement;

class AiconfiguratorReaderTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures/aiconfigurator/rtx_pro_6000_server");
    @TempDir Path tmp;

    @Test
    void gemmLatencyIsConvertedFromMillisecondsAndStackComesFromTheFolders() throws Exception {
        Path file = FIXTURES.resolve("gemm/vllm/0.19.0/gemm_perf.parquet");
        var raw = ParquetFiles.read(file);
        var report = Ingest.read(List.of(file), p -> {});
        List<Measurement> rows = report.rows(Family.GEMM);
        assertEquals(raw.rows(), rows.size());
        Measurement first = rows.getFirst();
        assertEquals(raw.numeric("latency").orElseThrow()[0] * 1000, first.latencyUs(), 1e-9);
        assertEquals(raw.numeric("m").orElseThrow()[0], first.shape("m"));
        assertEquals("vllm", first.provenance().framework());
        assertEquals("0.19.0", first.provenance().version());
        assertEquals("vllm_default", first.provenance().kernel());
        assertEquals("bfloat16", first.category(0));
    }

    @Test
    void decodeAttentionKvLengthIsTheCachedStepPlusTheNewToken() throws Exception {
        Path file = FIXTURES.resolve("attention/vllm/0.19.0/generation_attention_perf.parquet");
        var raw = ParquetFiles.read(file);
        var rows = Ingest.read(List.of(file), p -> {}).rows(Family.ATTENTION_DECODE);
        double[] step = raw.numeric("step").orElseThrow();
        for (int i = 0; i < rows.size(); i++) assertEquals(step[i] + 1, rows.get(i).shape("kv_len"));
    }

    @Test
    void fp8AttentionArithmeticIsAKernelOfItsOwn() throws Exception {
        Path dir = tmp.resolve("h200_sxm/attention/trtllm/1.2.0rc5");
        java.nio.file.Files.createDirectories(dir);
        try (var sink = new ParquetSink(dir.resolve("context_attention_perf.parquet"), List.of(Column.str("framework"),
                Column.str("version"), Column.str("device"), Column.str("op_name"), Column.str("kernel_source"),
                Column.lng("batch_size"), Column.lng("isl"), Column.lng("num_heads"), Column.lng("num_key_value_heads"),
                Column.lng("head_dim"), Column.str("attn_dtype"), Column.str("kv_cache_dtype"), Column.dbl("latency")))) {
            for (String[] d : new String[][] {{"bfloat16", "bfloat16"}, {"bfloat16", "fp8"}, {"fp8", "fp8"}}) {
                sink.set("framework", "TRTLLM").set("version", "1.2.0rc5").set("device", "NVIDIA H200").set("op_name", "context_attention")
                        .set("kernel_source", "torch_flow").set("batch_size", 8L).set("isl", 4096L).set("num_heads", 64L)
                        .set("num_key_value_heads", 8L).set("head_dim", 128L).set("attn_dtype", d[0]).set("kv_cache_dtype", d[1])
                        .set("latency", d[0].equals("fp8") ? 1.1 : 0.8);
                sink.endRow();
            }
        }
        var rows = Ingest.read(List.of(dir), p -> {}).rows(Family.ATTENTION_PREFILL);
        assertEquals(List.of("torch_flow", "torch_flow", "torch_flow:fp8_attention"), rows.stream().map(m -> m.provenance().kernel()).toList(),
                "the same fp8 cache under bf16 and under fp8 arithmetic stays apart");
        assertEquals(List.of("bfloat16", "fp8", "fp8"), rows.stream().map(m -> m.category(0)).toList());
    }

    @Test
    void kernelsAFrameworkDispatchesPerShapeAreOneOperator() throws Exception {
        Path dir = tmp.resolve("h200_sxm/gemm/vllm/0.24.0");
        java.nio.file.Files.createDirectories(dir);
        try (var sink = new ParquetSink(dir.resolve("gemm_perf.parquet"), List.of(Column.str("framework"), Column.str("version"),
                Column.str("device"), Column.str("op_name"), Column.str("kernel_source"), Column.str("gemm_dtype"),
                Column.lng("m"), Column.lng("n"), Column.lng("k"), Column.dbl("latency")))) {
            // block-scaled fp8: one kernel up to 17 tokens, another from 32, each shape timed once
            for (long m : new long[] {1, 8, 16, 32, 64, 128}) {
                sink.set("framework", "VLLM").set("version", "0.24.0").set("device", "NVIDIA H200").set("op_name", "gemm")
                        .set("kernel_source", m <= 17 ? "FlashInferFp8" : "DeepGemmFp8").set("gemm_dtype", "fp8_block")
                        .set("m", m).set("n", 4096L).set("k", 4096L).set("latency", 0.01 * m);
                sink.endRow();
            }
            // bf16: two kernels timing the same shapes are two kernels
            for (String kernel : new String[] {"cublas", "triton"}) {
                sink.set("framework", "VLLM").set("version", "0.24.0").set("device", "NVIDIA H200").set("op_name", "gemm")
                        .set("kernel_source", kernel).set("gemm_dtype", "bfloat16").set("m", 8L).set("n", 4096L).set("k", 4096L).set("latency", 0.02);
                sink.endRow();
            }
        }
        var rows = Ingest.read(List.of(dir), p -> {}).rows(Family.GEMM);
        assertEquals(java.util.Set.of("dispatch:DeepGemmFp8+FlashInferFp8"),
                rows.stream().filter(r -> r.category(0).equals("fp8_block")).map(r -> r.provenance().kernel()).collect(java.util.stream.Collectors.toSet()));
        assertEquals(java.util.Set.of("cublas", "triton"),
                rows.stream().filter(r -> r.category(0).equals("bfloat16")).map(r -> r.provenance().kernel()).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void aDispatchedModuleKeepsItsModuleSuffix() throws Exception {
        Path dir = tmp.resolve("h200_sxm/mla/vllm/0.24.0");
        java.nio.file.Files.createDirectories(dir);
        try (var sink = new ParquetSink(dir.resolve("mla_generation_module_perf.parquet"), List.of(Column.str("framework"),
                Column.str("version"), Column.str("device"), Column.str("op_name"), Column.str("kernel_source"), Column.lng("batch_size"),
                Column.lng("isl"), Column.lng("step"), Column.lng("num_heads"), Column.str("mla_dtype"), Column.str("kv_cache_dtype"),
                Column.dbl("latency")))) {
            for (long batch : new long[] {1, 64}) {
                sink.set("framework", "VLLM").set("version", "0.24.0").set("device", "NVIDIA H200").set("op_name", "mla_generation_module")
                        .set("kernel_source", batch == 1 ? "FLASHMLA" : "FLASH_ATTN_MLA").set("batch_size", batch).set("isl", 1L)
                        .set("step", 1023L).set("num_heads", 16L).set("mla_dtype", "bfloat16").set("kv_cache_dtype", "bfloat16")
                        .set("latency", 0.05);
                sink.endRow();
            }
        }
        var rows = Ingest.read(List.of(dir), p -> {}).rows(Family.MLA_DECODE);
        assertEquals(List.of("dispatch:FLASHMLA+FLASH_ATTN_MLA:module", "dispatch:FLASHMLA+FLASH_ATTN_MLA:module"),
                rows.stream().map(m -> m.provenance().kernel()).toList(), "still a module: the projections are in its timing");
    }

    @Test
    void ncclMessageSizeCountsElementsSoHalfMovesTwiceTheBytesOfInt8() throws Exception {
        Path file = FIXTURES.resolve("comm/nccl/2.29.2/nccl_perf.parquet");
        var rows = Ingest.read(List.of(file), p -> {}).rows(Family.ALLREDUCE);
        Measurement half = rows.stream().filter(m -> "half".equals(m.category(0)) && m.shape("ranks") == 2).findFirst().orElseThrow();
        var raw = ParquetFiles.read(file);
        double firstHalfSize = 0;
        String[] op = raw.text("op_name").orElseThrow(), dt = raw.text("nccl_dtype").orElseThrow();
        double[] size = raw.numeric("message_size").orElseThrow(), gpus = raw.numeric("num_gpus").orElseThrow();
        for (int i = 0; i < raw.rows(); i++) {
            if (op[i].equals("all_reduce") && dt[i].equals("half") && gpus[i] == 2) {
                firstHalfSize = size[i];
                break;
            }
        }
        assertEquals(firstHalfSize * 2, half.shape("bytes"));
    }

    @Test
    void badRowsAreCountedWithTheirReasonNotKept() throws Exception {
        Path dir = tmp.resolve("gemm/vllm/0.19.0");
        java.nio.file.Files.createDirectories(dir);
        Path file = dir.resolve("gemm_perf.parquet");
        var cols = List.of(Column.str("framework"), Column.str("version"), Column.str("device"), Column.str("op_name"),
                Column.str("kernel_source"), Column.str("gemm_dtype"), Column.lng("m"), Column.lng("n"), Column.lng("k"),
                Column.dbl("latency"));
        try (var s = new ParquetSink(file, cols)) {
            double[] lat = {0.01, Double.NaN, -0.5, 0.0, 0.02};
            for (double l : lat) {
                s.set("framework", "VLLM").set("version", "0.19.0").set("op_name", "gemm").set("kernel_source", "k")
                        .set("gemm_dtype", "bfloat16").set("m", 16).set("n", 128).set("k", 128).set("latency", l);
                s.endRow();
            }
        }
        var report = Ingest.read(List.of(file), p -> {});
        assertEquals(2, report.rows(Family.GEMM).size());
        assertEquals(3, report.rejectedRows());
        var reasons = report.rejections().stream().map(r -> r.reason()).toList();
        assertTrue(reasons.contains("gemm: latency is missing or NaN"), reasons.toString());
        assertTrue(reasons.contains("gemm: latency is zero or negative"), reasons.toString());
        assertEquals(2, report.rejections().stream().filter(r -> r.reason().contains("zero or negative")).mapToLong(r -> r.rows()).sum());
    }

    @Test
    void aNamedFileWithoutALatencyColumnIsAnErrorNamingTheFile() throws Exception {
        Path file = tmp.resolve("x_perf.parquet");
        try (var s = new ParquetSink(file, List.of(Column.lng("m"), Column.lng("n")))) {
            s.set(0, 1L).set(1, 2L).endRow();
        }
        var e = assertThrows(UserInputException.class, () -> Ingest.read(List.of(file), p -> {}));
        assertTrue(e.getMessage().contains("x_perf.parquet") && e.getMessage().contains("no latency column"), e.getMessage());
    }

    @Test
    void aMissingPathIsAnErrorNamingIt() {
        var e = assertThrows(UserInputException.class, () -> Ingest.read(List.of(tmp.resolve("nope")), p -> {}));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void tablesOfUnknownLayoutInsideAFolderAreSkippedNotFatal() throws Exception {
        Path file = tmp.resolve("notes.parquet");
        try (var s = new ParquetSink(file, List.of(Column.str("hello")))) {
            s.set(0, "world").endRow();
        }
        var report = Ingest.read(List.of(tmp), p -> {});
        assertEquals(0, report.total());
        assertEquals(1, report.skipped().size());
        assertTrue(report.skipped().getFirst().contains("notes.parquet"));
    }
}
