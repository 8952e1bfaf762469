package frontier.simulate.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;

import frontier.calibrate.UserInputException;
import frontier.calibrate.io.Column;
import frontier.calibrate.io.ParquetSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceReadersTest {
    @TempDir Path tmp;

    @Test
    void azureArrivalsCountFromTheFirstTimestampToTheNanosecond() {
        Path file = Fixtures.path(Fixtures.AZURE_CONV);
        assertEquals(TraceFormat.AZURE_LLM_CSV, TraceFormat.detect(file));
        List<Request> rs = Fixtures.all(Traces.open(file, false));
        assertEquals(20, rs.size());
        // 18:15:46.6805900, 18:15:50.9951690, 18:15:51.2224670
        assertEquals(new Request(0, 0, 374, 44, null, 0, "2"), rs.get(0));
        assertEquals(4_314_579_000L, rs.get(1).arrivalNs());
        assertEquals(4_541_877_000L, rs.get(2).arrivalNs());
        assertEquals(879, rs.get(2).inputTokens());
        assertEquals(55, rs.get(2).outputTokens());
        assertEquals(19, rs.get(19).id());
        assertEquals("21", rs.get(19).sourceId());
        assertEquals(13_025_088_000L, rs.get(19).arrivalNs()); // 18:15:59.7056780
    }

    @Test
    void timestampShapesAgreeToTheNanosecond() throws Exception {
        long base = AzureTraceReader.epochNs("2023-11-16 18:15:46.6805900");
        assertEquals(1_700_158_546_680_590_000L, base);
        assertEquals(base, AzureTraceReader.epochNs("2023-11-16T18:15:46.68059"));
        assertEquals(base + 123, AzureTraceReader.epochNs("2023-11-16 18:15:46.680590123"));
        assertEquals(base - 680_590_000L, AzureTraceReader.epochNs("2023-11-16 18:15:46"));
        assertEquals(base - 3_600_000_000_000L, AzureTraceReader.epochNs("2023-11-16 18:15:46.68059+01:00"));
        assertEquals(base, AzureTraceReader.epochNs("2023-11-16 18:15:46.68059Z"));
        assertThrows(BadRow.class, () -> AzureTraceReader.epochNs("2023-02-30 18:15:46.68"));
        assertThrows(BadRow.class, () -> AzureTraceReader.epochNs("2023-11-16 24:15:46.68"));
        assertThrows(BadRow.class, () -> AzureTraceReader.epochNs("16/11/2023 18:15:46"));
    }

    @Test
    void truncatedGzipIsAUserError() throws Exception {
        byte[] whole = Files.readAllBytes(Fixtures.path(Fixtures.MOONCAKE_GZ));
        Path cut = Files.write(tmp.resolve("cut.jsonl.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
        var e = assertThrows(UserInputException.class, () -> Fixtures.all(Traces.open(cut, false)));
        assertTrue(e.getMessage().contains("the compressed file ends early"), e.getMessage());
    }

    @Test
    void gzipIsRecognisedByContentNotByName() throws Exception {
        Path renamed = Files.copy(Fixtures.path(Fixtures.AZURE_CODE_GZ), tmp.resolve("code-trace.data"));
        assertEquals(TraceFormat.AZURE_LLM_CSV, TraceFormat.detect(renamed));
        List<Request> rs = Fixtures.all(Traces.open(renamed, false));
        assertEquals(20, rs.size());
        assertEquals(new Request(0, 0, 4808, 10, null, 0, "2"), rs.get(0));
        assertEquals(new Request(1, 52_000_000L, 3180, 8, null, 0, "3"), rs.get(1));
        assertEquals(new Request(2, 98_189_000L, 110, 27, null, 0, "4"), rs.get(2));
    }

    @Test
    void mooncakeTimestampsAreMillisecondsAndHashesCoverPromptBlocks() {
        Path file = Fixtures.path(Fixtures.MOONCAKE_GZ);
        assertEquals(TraceFormat.MOONCAKE_JSONL, TraceFormat.detect(file));
        List<Request> rs = Fixtures.all(Traces.open(file, false));
        assertEquals(20, rs.size());
        Request first = rs.get(0);
        assertEquals(0, first.arrivalNs());
        assertEquals(6758, first.inputTokens());
        assertEquals(500, first.outputTokens());
        assertEquals(512, first.hashBlockTokens());
        assertArrayEquals(LongStream.range(0, 14).toArray(), first.prefixHashes());
        assertEquals(0, rs.get(9).arrivalNs());
        Request eleventh = rs.get(10);
        assertEquals(3_000_000_000L, eleventh.arrivalNs());
        assertEquals(13544, eleventh.inputTokens());
        assertEquals(71, eleventh.outputTokens());
        assertEquals(27, eleventh.prefixHashes().length);
        assertEquals(219, eleventh.prefixHashes()[1]);
        assertEquals(0, eleventh.prefixHashes()[0], "requests of a conversation share their first block");
    }

    @Test
    void vllmBenchIsReplayedInEngineQueueOrderFromTheFirstQueuedTime() {
        Path file = Fixtures.path(Fixtures.VLLM_QWEN);
        assertEquals(TraceFormat.VLLM_BENCH_JSONL, TraceFormat.detect(file));
        List<Request> rs = Fixtures.all(Traces.open(file, false));
        assertEquals(30, rs.size());
        assertEquals(new Request(0, 0, 2361, 532, null, 0, "bench-0"), rs.get(0));
        assertEquals(new Request(1, 281_389_115L, 1128, 772, null, 0, "bench-1"), rs.get(1));
        // the two data-parallel engines queued bench-10 12 us before bench-9
        assertEquals(new Request(9, 971_938_760L, 576, 738, null, 0, "bench-10"), rs.get(9));
        assertEquals(new Request(10, 971_951_131L, 1097, 696, null, 0, "bench-9"), rs.get(10));
        for (int i = 1; i < rs.size(); i++) assertTrue(rs.get(i).arrivalNs() >= rs.get(i - 1).arrivalNs());
    }

    @Test
    void vllmBenchLinesWithoutTimestampOrTokensAreSkippedAndCounted() {
        List<String> lines = Fixtures.lines(Fixtures.VLLM_QWEN);
        lines.set(1, lines.get(1).replaceFirst("\"queued_ts\": [0-9.]+", "\"queued_ts\": null"));
        lines.set(2, lines.get(2).replaceFirst("\"output_toks\": [0-9]+, ", ""));
        Path file = Fixtures.write(tmp, "requests.jsonl", lines);
        RequestSource source = Traces.open(file, false);
        List<Request> rs = Fixtures.all(source);
        assertEquals(28, rs.size());
        assertEquals(2, source.skippedRows());
        assertEquals("bench-3", rs.get(1).sourceId());
        assertEquals(508_152_597L, rs.get(1).arrivalNs());
    }

    @Test
    void genericCsvTakesArrivalSecondsAsWrittenWithItsIds() {
        Path file = Fixtures.write(tmp, "t.csv", List.of("id,arrival_s,input_tokens,output_tokens",
                "a,0.5,100,10", "b,0.500000001,200,20", "\"c,d\",7.25,300,30.0"));
        assertEquals(TraceFormat.GENERIC_CSV, TraceFormat.detect(file));
        List<Request> rs = Fixtures.all(Traces.open(file, false));
        assertEquals(List.of(new Request(0, 500_000_000L, 100, 10, null, 0, "a"),
                new Request(1, 500_000_001L, 200, 20, null, 0, "b"),
                new Request(2, 7_250_000_000L, 300, 30, null, 0, "c,d")), rs);
    }

    @Test
    void genericCsvAcceptsTimestampSecondsWithoutIds() {
        Path file = Fixtures.write(tmp, "t.csv", List.of("input_tokens,output_tokens,timestamp_s", "5,6,1", "7,8,2"));
        List<Request> rs = Fixtures.all(Traces.open(file, false));
        assertEquals(new Request(1, 2_000_000_000L, 7, 8, null, 0, "3"), rs.get(1));
    }

    @Test
    void genericParquetRowsBecomeRequests() throws Exception {
        Path file = tmp.resolve("t.parquet");
        try (var sink = new ParquetSink(file, List.of(Column.dbl("arrival_time_s"), Column.lng("input_tokens"),
                Column.lng("output_tokens")))) {
            sink.set(0, 0.25).set(1, 64L).set(2, 8L).endRow();
            sink.set(0, 1.5).set(1, 128L).set(2, 16L).endRow();
        }
        assertEquals(TraceFormat.GENERIC_PARQUET, TraceFormat.detect(file));
        assertEquals(List.of(new Request(0, 250_000_000L, 64, 8, null, 0, "1"),
                new Request(1, 1_500_000_000L, 128, 16, null, 0, "2")), Fixtures.all(Traces.open(file, false)));
    }

    @Test
    void parquetBadRowIsNamedByRowNumber() throws Exception {
        Path file = tmp.resolve("t.parquet");
        try (var sink = new ParquetSink(file, List.of(Column.dbl("arrival_s"), Column.lng("input_tokens"),
                Column.lng("output_tokens")))) {
            sink.set(0, 0.0).set(1, 64L).set(2, 8L).endRow();
            sink.set(0, 1.0).set(1, 64L).set(2, 0L).endRow();
        }
        var e = assertThrows(UserInputException.class, () -> Fixtures.all(Traces.open(file, false)));
        assertTrue(e.getMessage().startsWith(file + ": row 2: output tokens must be positive, got 0"), e.getMessage());
    }

    @Test
    void unparseableRowFailsWithItsLineNumber() {
        List<String> lines = Fixtures.lines(Fixtures.AZURE_CONV);
        lines.set(4, "2023-11-16 18:15:51.3910170,ninety-one,16");
        Path file = Fixtures.write(tmp, "conv.csv", lines);
        RequestSource source = Traces.open(file, false);
        for (int i = 0; i < 3; i++) source.next();
        var e = assertThrows(UserInputException.class, source::next);
        assertEquals(file + ":5: ContextTokens 'ninety-one' is not a number; fix the row (or pass --skip-bad-rows to skip such rows)",
                e.getMessage());
    }

    @Test
    void badRowsAreSkippedAndCountedWhenAllowed() {
        List<String> lines = Fixtures.lines(Fixtures.AZURE_CONV);
        lines.set(4, "2023-11-16 18:15:51.3910170,ninety-one,16");
        lines.set(6, "2023-11-16 18:15:52.9921190,381,0");
        lines.set(8, "2023-11-16 18:15:54.9320210,388");
        lines.set(9, "yesterday,242,14");
        Path file = Fixtures.write(tmp, "conv.csv", lines);
        RequestSource source = Traces.open(file, true);
        List<Request> rs = Fixtures.all(source);
        assertEquals(16, rs.size());
        assertEquals(4, source.skippedRows());
        assertEquals(3, rs.get(3).id(), "ids stay consecutive over skipped rows");
        assertEquals("6", rs.get(3).sourceId());
    }

    @Test
    void zeroTokensAndShortRowsFailWithLineNumbers() {
        List<String> lines = Fixtures.lines(Fixtures.AZURE_CONV);
        lines.set(6, "2023-11-16 18:15:52.9921190,381,0");
        var zero = assertThrows(UserInputException.class,
                () -> Fixtures.all(Traces.open(Fixtures.write(tmp, "a.csv", lines), false)));
        assertTrue(zero.getMessage().contains("a.csv:7: output tokens must be positive, got 0"), zero.getMessage());
        lines.set(6, "2023-11-16 18:15:52.9921190,381");
        var shortRow = assertThrows(UserInputException.class,
                () -> Fixtures.all(Traces.open(Fixtures.write(tmp, "b.csv", lines), false)));
        assertTrue(shortRow.getMessage().contains("b.csv:7: 2 fields, the header has 3"), shortRow.getMessage());
    }

    @Test
    void decreasingTimestampsFailUnlessSkipped() {
        List<String> lines = Fixtures.lines(Fixtures.AZURE_CONV);
        String third = lines.get(3);
        lines.set(3, lines.get(4));
        lines.set(4, third);
        Path file = Fixtures.write(tmp, "swapped.csv", lines);
        var e = assertThrows(UserInputException.class, () -> Fixtures.all(Traces.open(file, false)));
        assertEquals(file + ":5: arrival 4.541877 s is earlier than the previous row's 4.710427 s; sort the file by "
                + "arrival time (or pass --skip-bad-rows to skip such rows)", e.getMessage());
        RequestSource skipping = Traces.open(file, true);
        assertEquals(19, Fixtures.all(skipping).size());
        assertEquals(1, skipping.skippedRows());
    }

    @Test
    void negativeArrivalFails() {
        Path file = Fixtures.write(tmp, "t.csv", List.of("arrival_s,input_tokens,output_tokens", "-0.5,10,10"));
        var e = assertThrows(UserInputException.class, () -> Fixtures.all(Traces.open(file, false)));
        assertTrue(e.getMessage().startsWith(file + ":2: arrival -0.5 s is negative"), e.getMessage());
    }

    @Test
    void missingColumnFailsEvenWhenSkippingBadRows() {
        Path azure = Fixtures.write(tmp, "azure.csv", List.of("TIMESTAMP,ContextTokens", "2023-11-16 18:15:46.68,374"));
        var e = assertThrows(UserInputException.class, () -> Traces.open(azure, true));
        assertEquals(azure + ": missing column 'GeneratedTokens', needed by the Azure LLM trace layout; add or rename the column"
                + " (the header has: TIMESTAMP, ContextTokens)", e.getMessage());
        Path generic = Fixtures.write(tmp, "g.csv", List.of("input_tokens,output_tokens", "1,2"));
        var g = assertThrows(UserInputException.class, () -> Traces.open(generic, true));
        assertTrue(g.getMessage().contains("missing column 'arrival_s' (or arrival_time_s, timestamp_s)"), g.getMessage());
    }

    @Test
    void brokenMooncakeLinesAreReportedByLine() {
        List<String> lines = Fixtures.lines(Fixtures.MOONCAKE_GZ);
        lines.set(2, lines.get(2).substring(0, 40));
        lines.set(5, lines.get(5).replace("\"input_length\": 4834", "\"input_length\": 9000"));
        Path file = Fixtures.write(tmp, "mc.jsonl", lines);
        var e = assertThrows(UserInputException.class, () -> Fixtures.all(Traces.open(file, false)));
        assertTrue(e.getMessage().startsWith(file + ":3: not valid JSON"), e.getMessage());
        RequestSource skipping = Traces.open(file, true);
        assertEquals(18, Fixtures.all(skipping).size());
        assertEquals(2, skipping.skippedRows(), "a prompt longer than its hash blocks cover is a bad row too");
    }

    @Test
    void lengthsOnlyTableIsNotATrace() {
        Path file = Fixtures.path(Fixtures.ARXIV_GZ);
        assertEquals(TraceFormat.LENGTHS_TABLE, TraceFormat.detect(file));
        var e = assertThrows(UserInputException.class, () -> Traces.open(file, false));
        assertTrue(e.getMessage().contains("no arrival times; use it as a length distribution"), e.getMessage());
    }

    @Test
    void unknownLayoutsAreRefusedWithTheExpectedOnes() {
        Path csv = Fixtures.write(tmp, "x.csv", List.of("a,b,c", "1,2,3"));
        var e = assertThrows(UserInputException.class, () -> TraceFormat.detect(csv));
        assertTrue(e.getMessage().contains("columns [a, b, c] match no known layout; expected an Azure LLM trace"), e.getMessage());
        Path json = Fixtures.write(tmp, "x.jsonl", List.of("{\"t\": 1}"));
        var j = assertThrows(UserInputException.class, () -> TraceFormat.detect(json));
        assertTrue(j.getMessage().startsWith(json + ":1: JSON keys [t] match no known layout"), j.getMessage());
    }

    @Test
    void exhaustedSourceKeepsReturningNull() {
        RequestSource source = Traces.open(Fixtures.path(Fixtures.AZURE_CODE_GZ), false);
        for (int i = 0; i < 20; i++) source.next();
        assertNull(source.next());
        assertNull(source.next());
        source.close();
        assertNull(Traces.open(Fixtures.write(tmp, "h.csv", List.of("arrival_s,input_tokens,output_tokens")), false).next());
    }
}
