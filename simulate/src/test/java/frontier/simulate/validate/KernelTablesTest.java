package frontier.simulate.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.io.Column;
import frontier.calibrate.io.ParquetSink;
import frontier.simulate.cost.Binding;

class KernelTablesTest {
    @TempDir Path root;

    @Test
    void aKindMissingFromTheChosenReleaseComesFromTheNearestReleaseThatHasIt() throws Exception {
        for (String d : List.of("h200_sxm/gemm/vllm/0.18.0", "h200_sxm/attention/vllm/0.18.0", "h200_sxm/moe/vllm/0.18.0",
                "h200_sxm/mla/vllm/0.14.0", "h200_sxm/mla/vllm/0.19.0", "h200_sxm/gemm/vllm/0.19.0", "h200_sxm/comm/nccl/2.29.2")) {
            Files.createDirectories(root.resolve(d));
        }
        var choice = new KernelTables(root).nearest("h200_sxm", "vllm", "0.18.0").orElseThrow();
        assertEquals("0.18.0", choice.version());
        assertEquals(List.of("mla 0.19.0"), choice.borrowed());
        assertEquals("vllm 0.18.0 (mla 0.19.0)", choice.label());
        assertEquals(List.of(root.resolve("h200_sxm/gemm/vllm/0.18.0"), root.resolve("h200_sxm/attention/vllm/0.18.0"),
                root.resolve("h200_sxm/moe/vllm/0.18.0"), root.resolve("h200_sxm/mla/vllm/0.19.0"),
                root.resolve("h200_sxm/comm/nccl/2.29.2")), choice.profiles());
        // here 0.19.0 holds only gemm and mla: attention and moe come from 0.18.0
        var full = new KernelTables(root).nearest("h200_sxm", "vllm", "0.19.0").orElseThrow();
        assertEquals("0.19.0", full.version());
        assertEquals(List.of("attention 0.18.0", "moe 0.18.0"), full.borrowed());
    }

    @Test
    void elementwiseTablesMeasuredApartJoinTheirSystemOnly() throws Exception {
        for (String d : List.of("tables/h200_sxm/gemm/vllm/0.19.0", "tables/h100_sxm/gemm/vllm/0.19.0",
                "measured/h200_sxm/torch/elementwise", "measured/h200_sxm/torch/gemm")) {
            Files.createDirectories(root.resolve(d));
        }
        var tables = new KernelTables(root.resolve("tables"), root.resolve("measured"));
        var h200 = tables.nearest("h200_sxm", "vllm", "0.19.0").orElseThrow();
        // only the family the kernel tables lack is added: a measured GEMM table would compete with the engine's own
        assertEquals(List.of(root.resolve("tables/h200_sxm/gemm/vllm/0.19.0"), root.resolve("measured/h200_sxm/torch/elementwise")),
                h200.profiles());
        assertEquals("vllm 0.19.0 (elementwise torch)", h200.label());
        var h100 = tables.nearest("h100_sxm", "vllm", "0.19.0").orElseThrow();
        assertEquals(List.of(root.resolve("tables/h100_sxm/gemm/vllm/0.19.0")), h100.profiles());
        assertEquals(List.of(), h100.measured());
        assertEquals(h100.profiles(), new KernelTables(root.resolve("tables")).nearest("h100_sxm", "vllm", "0.19.0").orElseThrow().profiles());
    }

    /** A MoE table holding rows of one format at the given (MoE-TP, EP) layouts. */
    private void moeTable(String version, String format, int[][] layouts) throws Exception {
        Path dir = root.resolve("tables/h200_sxm/moe/vllm/" + version);
        Files.createDirectories(dir);
        try (var sink = new ParquetSink(dir.resolve("moe_perf.parquet"),
                List.of(Column.str("moe_dtype"), Column.lng("moe_tp_size"), Column.lng("moe_ep_size"), Column.dbl("latency")))) {
            for (int[] l : layouts) {
                sink.set("moe_dtype", format);
                sink.set("moe_tp_size", (long) l[0]);
                sink.set("moe_ep_size", (long) l[1]);
                sink.set("latency", 0.1);
                sink.endRow();
            }
        }
    }

    @Test
    void aMoeLayoutTheReleaseNeverMeasuredComesFromTheNearestReleaseThatDid() throws Exception {
        moeTable("0.18.0", "w4a16_mxfp4", new int[][] {{1, 1}, {1, 8}});
        moeTable("0.19.0", "w4a16_mxfp4", new int[][] {{1, 1}, {2, 1}});
        moeTable("0.24.0", "w4a16_mxfp4", new int[][] {{1, 1}, {2, 1}, {8, 1}});
        Files.createDirectories(root.resolve("tables/h200_sxm/gemm/vllm/0.18.0"));
        var tables = new KernelTables(root.resolve("tables"));
        Object fp4 = Binding.wanted(Dtype.FP4, null);

        var tp8 = tables.nearest("h200_sxm", "vllm", "0.18.0", List.of(new KernelTables.MoeNeed(fp4, 8, 1))).orElseThrow();
        assertEquals("0.18.0", tp8.version());
        assertEquals(List.of(root.resolve("tables/h200_sxm/gemm/vllm/0.18.0"), root.resolve("tables/h200_sxm/moe/vllm/0.24.0")), tp8.profiles());
        assertEquals(List.of("moe 0.24.0 for w4a16_mxfp4 MoE-TP8 EP1"), tp8.borrowed());
        // the nearest release that measured the layout, not the newest
        var tp2 = tables.nearest("h200_sxm", "vllm", "0.18.0", List.of(new KernelTables.MoeNeed(fp4, 2, 1))).orElseThrow();
        assertEquals(root.resolve("tables/h200_sxm/moe/vllm/0.19.0"), tp2.profiles().get(1));
        // a measured layout, or one no release measured, keeps the release's own table
        for (var need : List.of(new KernelTables.MoeNeed(fp4, 1, 8), new KernelTables.MoeNeed(fp4, 4, 1))) {
            var own = tables.nearest("h200_sxm", "vllm", "0.18.0", List.of(need)).orElseThrow();
            assertEquals(root.resolve("tables/h200_sxm/moe/vllm/0.18.0"), own.profiles().get(1), need.toString());
            assertEquals(List.of(), own.borrowed());
        }
        // a disaggregated row needs both of its clusters' layouts from one table
        var both = tables.nearest("h200_sxm", "vllm", "0.18.0",
                List.of(new KernelTables.MoeNeed(fp4, 2, 1), new KernelTables.MoeNeed(fp4, 8, 1))).orElseThrow();
        assertEquals(root.resolve("tables/h200_sxm/moe/vllm/0.24.0"), both.profiles().get(1));
    }
}
