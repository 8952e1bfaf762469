package frontier.simulate.workload;

import java.nio.file.Path;

import frontier.calibrate.UserInputException;

/** Opens a request trace of any {@link TraceFormat} as a stream of requests. */
public final class Traces {
    private Traces() {}

    /**
     * Detects the file's layout and streams its rows as requests, numbered from 0 in file order
     * (after any skipped rows).
     *
     * @param skipBadRows count and drop rows that cannot be read instead of failing on the first;
     *                    a missing column fails either way
     */
    public static RequestSource open(Path file, boolean skipBadRows) {
        return open(file, TraceFormat.detect(file), skipBadRows);
    }

    public static RequestSource open(Path file, TraceFormat format, boolean skipBadRows) {
        return switch (format) {
            case AZURE_LLM_CSV -> new AzureTraceReader(file, skipBadRows);
            case MOONCAKE_JSONL -> new MooncakeTraceReader(file, skipBadRows);
            case VLLM_BENCH_JSONL -> new VllmBenchReader(file, skipBadRows);
            case GENERIC_CSV -> new GenericCsvReader(file, skipBadRows);
            case GENERIC_PARQUET -> new GenericParquetReader(file, skipBadRows);
            case LENGTHS_TABLE -> throw new UserInputException(file + ": holds request lengths only, no arrival times; "
                    + "use it as a length distribution ({distribution: trace, path: " + file.getFileName()
                    + ", column: input}) in a synthetic or closed_loop workload");
        };
    }
}
