package frontier.simulate.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
