package frontier.calibrate.ingest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import frontier.calibrate.model.ModelConfigs;
import frontier.calibrate.profile.IngestReport;

/**
 * Every Vidur, Frontier and LLMServingSim table in the shared data set ingests: each file yields
 * rows or is skipped with a reason, and none throws. Skipped where the shared folder is absent
 * ({@code ../shared} beside the project, or FRONTIER_SHARED).
 */
class SharedKernelTablesTest {

    static Path sharedDatasets() {
        String env = System.getenv("FRONTIER_SHARED");
        if (env != null && !env.isBlank()) return Path.of(env).resolve("datasets");
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("datasets");
            if (Files.isDirectory(candidate.resolve("kernels"))) return candidate;
        }
        return null;
    }

    @ParameterizedTest
    @ValueSource(strings = {"frontier", "vidur", "llmservingsim"})
    void everyTableYieldsRowsOrIsSkipped(String source) {
        Path datasets = sharedDatasets();
        assumeTrue(datasets != null && Files.isDirectory(datasets.resolve("kernels").resolve(source)),
                "shared kernel tables not found");
        var models = new ModelConfigs(datasets.resolve("models"));
        List<ProfileReader> readers = List.of(new AiconfiguratorReader(), new VidurCsvReader(models),
                new LlmServingSimReader(models), new NormalizedReader());
        Path folder = datasets.resolve("kernels").resolve(source);
        IngestReport report = assertDoesNotThrow(() -> Ingest.read(List.of(folder), readers, p -> { }));

        Map<String, Long> rowsPerFile = report.rows().values().stream().flatMap(List::stream)
                .collect(Collectors.groupingBy(m -> m.provenance().sourceFile(), Collectors.counting()));
        List<String> empty = new ArrayList<>();
        List<Path> files = Ingest.tableFiles(List.of(folder));
        assertFalse(files.isEmpty());
        for (Path f : files) {
            String file = f.toString();
            boolean skipped = report.skipped().stream().anyMatch(s -> s.startsWith(file + ": "));
            if (rowsPerFile.getOrDefault(file, 0L) == 0 && !skipped) empty.add(file);
            // a skip must be one the readers chose, not a layout nobody recognized
            assertFalse(skipped && report.skipped().stream().anyMatch(s -> s.startsWith(file + ": unknown table layout")), file);
        }
        assertTrue(empty.isEmpty(), "neither rows nor a skip reason: " + empty);
    }
}
