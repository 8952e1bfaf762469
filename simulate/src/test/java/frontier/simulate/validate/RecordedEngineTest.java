package frontier.simulate.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import frontier.calibrate.UserInputException;
import frontier.calibrate.model.ModelConfig;
import frontier.calibrate.model.ModelConfigs;
import frontier.simulate.cluster.DeploymentSpec;

class RecordedEngineTest {
    static final ModelConfig LLAMA = ModelConfigs.shipped().load("meta-llama/Llama-3.1-8B");
    static final ModelConfig QWEN_MOE = ModelConfigs.shipped().load("Qwen/Qwen3-30B-A3B");
    @TempDir Path tmp;

    private DeploymentSpec deployment(String meta, ModelConfig model) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("run/vllm"));
        Files.writeString(dir.resolve("meta.json"), meta);
        Files.writeString(dir.resolve("requests.jsonl"), """
                {"request_id": "a", "input_toks": 10, "output_toks": 5, "queued_ts": 1.0, "first_token_ts": 1.1, "last_token_ts": 1.5}
                """);
        return BenchValidation.deployment(BenchRun.load(tmp.resolve("run")), model.name(), model, "rtx_pro_6000_server", List.of(), null);
    }

    @Test
    void whatVllmResolvedAtBootWinsOverTheArgumentsItWasGiven() throws Exception {
        var spec = deployment("""
                {"model": "meta-llama/Llama-3.1-8B", "vllm_version": "0.19.0",
                 "engine_kwargs": {"tensor_parallel_size": 2, "pipeline_parallel_size": 2, "max_num_seqs": 128,
                                   "max_num_batched_tokens": 2048, "dtype": "bfloat16", "kv_cache_dtype": "auto", "seed": 42,
                                   "disable_custom_all_reduce": true},
                 "kv_cache": {"num_gpu_blocks": 5000, "block_size": 32, "gpu_memory_utilization": 0.85},
                 "resolved_config": {"scheduler_config": {"max_num_seqs": 96, "async_scheduling": false},
                                     "compilation_config": {"cudagraph_capture_sizes": [64, 1, 8, 2, 4, 16, 32]}}}
                """, LLAMA);
        var c = spec.clusters().getFirst();
        assertEquals(2, c.layout().tp());
        assertEquals(2, c.layout().pp(), "pipeline_parallel_size is part of the layout");
        assertEquals(96, c.engine().maxNumSeqs(), "the resolved scheduler value, not the argument");
        assertEquals(2048, c.engine().maxNumBatchedTokens(), "an argument the resolved config does not record");
        assertEquals(5000, c.engine().numGpuBlocks(), "the KV blocks vLLM profiled");
        assertEquals(32, c.engine().blockSize());
        assertEquals(0.85, c.engine().gpuMemoryUtilization(), 1e-12);
        assertTrue(!c.engine().asyncScheduling());
        assertArrayEquals(new int[] {1, 2, 4, 8, 16, 32, 64}, c.engine().cudaGraphSizes());
        assertTrue(!c.engine().customAllReduce(), "disable_custom_all_reduce: NCCL all-reduces");
    }

    @Test
    void dataParallelEnginesShareTheBlockCountTheFrontEndSummed() throws Exception {
        var spec = deployment("""
                {"model": "Qwen/Qwen3-30B-A3B", "vllm_version": "0.19.0",
                 "engine_kwargs": {"data_parallel_size": 2, "enable_expert_parallel": true},
                 "kv_cache": {"num_gpu_blocks": 60000},
                 "resolved_config": {"compilation_config": {"cudagraph_capture_sizes": "<list len=67>"}}}
                """, QWEN_MOE);
        var c = spec.clusters().getFirst();
        assertEquals(30000, c.engine().numGpuBlocks());
        assertEquals(2, c.layout().ep());
        assertEquals(512, c.engine().cudaGraphSizes()[c.engine().cudaGraphSizes().length - 1],
                "a list vLLM recorded only as a tag leaves vLLM's default capture sizes");
        // an override is given per engine: not divided
        var override = deployment("""
                {"model": "Qwen/Qwen3-30B-A3B", "engine_kwargs": {"data_parallel_size": 2, "enable_expert_parallel": true,
                 "num_gpu_blocks_override": 4000}}
                """, QWEN_MOE);
        assertEquals(4000, override.clusters().getFirst().engine().numGpuBlocks());
    }

    @Test
    void anEagerRunCapturesNoGraphs() throws Exception {
        var spec = deployment("""
                {"model": "meta-llama/Llama-3.1-8B", "engine_kwargs": {"enforce_eager": true}}
                """, LLAMA);
        assertEquals(0, spec.clusters().getFirst().engine().cudaGraphSizes().length);
    }

    @Test
    void theProjectionsRunInTheQuantizationTheEngineOrTheCheckpointChose() throws Exception {
        assertEquals("fp8", deployment("""
                {"model": "meta-llama/Llama-3.1-8B", "engine_kwargs": {"dtype": "bfloat16", "quantization": "fp8"}}
                """, LLAMA).dtype().label());
        var fp8Checkpoint = ModelConfigs.shipped().load("Qwen/Qwen3-32B-FP8");
        var spec = deployment("""
                {"model": "Qwen/Qwen3-32B-FP8", "engine_kwargs": {"dtype": "bfloat16", "kv_cache_dtype": "auto"}}
                """, fp8Checkpoint);
        assertEquals("fp8", spec.dtype().label());
        assertEquals("bfloat16", spec.kvCacheDtype().label(), "auto keeps a 16-bit cache beside FP8 weights");
        assertEquals("bfloat16", deployment("""
                {"model": "meta-llama/Llama-3.1-8B", "engine_kwargs": {"dtype": "bfloat16"}}
                """, LLAMA).dtype().label());
    }

    @Test
    void argumentsThatChangeTimingButAreNotModelledAreListed() {
        var meta = frontier.calibrate.bundle.Json.MAPPER.readTree("""
                {"engine_kwargs": {"model": "x", "seed": 42, "load_format": "dummy", "tokenizer_mode": "auto", "disable_custom_all_reduce": true,
                 "enforce_eager": false, "max_num_seqs": 8, "kv_cache_memory_bytes": null}}
                """);
        var e = RecordedEngine.read(meta, Path.of("meta.json"), LLAMA);
        assertEquals(List.of("load_format=dummy"), e.notModelled());
        assertEquals(false, e.cluster().get("custom_all_reduce").asBoolean(), "disable_custom_all_reduce: NCCL's all-reduce");
        assertEquals("engine_kwargs.max_num_seqs", e.sources().get("max_num_seqs"));
    }

    @Test
    void aMalformedArgumentNamesMetaJsonAndTheField() {
        var meta = frontier.calibrate.bundle.Json.MAPPER.readTree("""
                {"engine_kwargs": {"max_num_seqs": "many"}}
                """);
        var e = assertThrows(UserInputException.class, () -> RecordedEngine.read(meta, Path.of("run/meta.json"), LLAMA));
        assertEquals("run/meta.json: engine_kwargs.max_num_seqs must be a positive integer, got \"many\"", e.getMessage());
        var q = frontier.calibrate.bundle.Json.MAPPER.readTree("""
                {"engine_kwargs": {"quantization": "bitsandbytes"}}
                """);
        var qe = assertThrows(UserInputException.class, () -> RecordedEngine.read(q, Path.of("run/meta.json"), LLAMA));
        assertTrue(qe.getMessage().startsWith("run/meta.json: engine_kwargs.quantization 'bitsandbytes'"), qe.getMessage());
    }
}
