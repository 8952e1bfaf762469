package frontier.simulate.workload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real trace slices under {@code src/test/resources/fixtures/traces} and helpers to edit copies. */
final class Fixtures {
    private Fixtures() {}

    static final String AZURE_CONV = "azure-llm-2023/AzureLLMInferenceTrace_conv-head.csv";
    static final String AZURE_CODE_GZ = "azure-llm-2023/AzureLLMInferenceTrace_code-head.csv.gz";
    static final String MOONCAKE_GZ = "mooncake/conversation_trace-head.jsonl.gz";
    static final String VLLM_QWEN = "llmservingsim-bench/Qwen3-30B-A3B-Instruct-2507-requests-head.jsonl";
    static final String ARXIV_GZ = "arxiv-summarization/lengths_llama2_tokenizer-head.csv.gz";

    static Path path(String relative) {
        URL url = Fixtures.class.getResource("/fixtures/traces/" + relative);
        if (url == null) throw new IllegalArgumentException("no fixture " + relative);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fixture's lines, gunzipped when needed. */
    static List<String> lines(String relative) {
        try (InputStream in = TextLines.open(path(relative))) {
            return new ArrayList<>(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path dir, String name, List<String> lines) {
        try {
            return Files.write(dir.resolve(name), lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Request> all(RequestSource source) {
        List<Request> out = new ArrayList<>();
        try (source) {
            for (Request r = source.next(); r != null; r = source.next()) out.add(r);
        }
        return out;
    }
}
