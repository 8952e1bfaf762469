package frontier.calibrate.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableIoTest {
    @TempDir Path tmp;

    @Test
    void parquetRoundTripKeepsValuesAndNulls() throws Exception {
        Path f = tmp.resolve("t.parquet");
        try (var sink = new ParquetSink(f, List.of(Column.dbl("x"), Column.lng("n"), Column.str("s"), Column.bool("b")))) {
            sink.set(0, 1.5).set(1, 7L).set(2, "a").set(3, true).endRow();
            sink.set(0, Double.NaN).set(2, (String) null).set(3, false).endRow();
            sink.set("x", 3).set("n", 9).set("s", "c").endRow();
        }
        TableData t = ParquetFiles.read(f);
        assertEquals(3, t.rows());
        double[] x = t.numeric("x").orElseThrow();
        assertEquals(1.5, x[0]);
        assertTrue(Double.isNaN(x[1]), "a missing double reads back as NaN");
        assertEquals(3.0, x[2]);
        assertArrayEquals(new double[] {7, Double.NaN, 9}, t.numeric("n").orElseThrow());
        String[] s = t.text("s").orElseThrow();
        assertEquals("a", s[0]);
        assertNull(s[1]);
        assertArrayEquals(new double[] {1, 0, Double.NaN}, t.numeric("b").orElseThrow());
    }

    @Test
    void everyColumnChunkRecordsOneEncodingSoTheFooterDoesNotDependOnHashOrder() throws Exception {
        Path f = tmp.resolve("e.parquet");
        try (var sink = new ParquetSink(f, List.of(Column.dbl("x"), Column.lng("n"), Column.str("s"), Column.bool("b")))) {
            for (int i = 0; i < 1000; i++) sink.set(0, i % 7 == 0 ? Double.NaN : i * 0.5).set(1, i % 3).set(2, "v" + i % 4).set(3, i % 2 == 0).endRow();
        }
        try (var reader = ParquetFileReader.open(new LocalInputFile(f))) {
            for (var block : reader.getFooter().getBlocks()) {
                for (var chunk : block.getColumns()) assertEquals(1, chunk.getEncodings().size(), chunk.getPath() + ": " + chunk.getEncodings());
            }
        }
    }

    @Test
    void rowsSpanningSeveralRowGroupsReadBackInOrder() throws Exception {
        Path f = tmp.resolve("groups.parquet");
        int n = 50_000;
        try (var sink = new ParquetSink(f, List.of(Column.dbl("x"), Column.lng("n"), Column.str("s")), 64 * 1024)) {
            for (int i = 0; i < n; i++) sink.set(0, i % 7 == 0 ? Double.NaN : i * 0.5).set(1, i).set(2, i % 5 == 0 ? null : "v" + i % 3).endRow();
        }
        try (var reader = ParquetFileReader.open(new LocalInputFile(f))) {
            assertTrue(reader.getFooter().getBlocks().size() > 1, "64 KB row groups: several of them");
        }
        assertRows(ParquetFiles.read(f), n);
    }

    @Test
    void backgroundSinkKeepsOrderAndNullsAcrossReusedChunks() throws Exception {
        Path f = tmp.resolve("background.parquet");
        int n = 3 * 8192 + 5;   // four chunks, the last ones taking arrays the writer has emptied
        try (var sink = new BackgroundSink(f, List.of(Column.dbl("x"), Column.lng("n"), Column.str("s")))) {
            for (int i = 0; i < n; i++) sink.set(0, i % 7 == 0 ? Double.NaN : i * 0.5).set(1, i).set(2, i % 5 == 0 ? null : "v" + i % 3).endRow();
        }
        assertRows(ParquetFiles.read(f), n);
    }

    private static void assertRows(TableData t, int n) {
        assertEquals(n, t.rows());
        double[] x = t.numeric("x").orElseThrow();
        double[] m = t.numeric("n").orElseThrow();
        String[] s = t.text("s").orElseThrow();
        for (int i = 0; i < n; i++) {
            if (i % 7 == 0) assertTrue(Double.isNaN(x[i]), "row " + i + " x is empty");
            else assertEquals(i * 0.5, x[i], "row " + i + " x");
            assertEquals(i, m[i], "row " + i + " n");
            assertEquals(i % 5 == 0 ? null : "v" + i % 3, s[i], "row " + i + " s");
        }
    }

    @Test
    void backgroundSinkRefusesAValueOfTheWrongKind() throws Exception {
        try (var sink = new BackgroundSink(tmp.resolve("kinds.parquet"), List.of(Column.dbl("x"), Column.str("s")))) {
            var e = assertThrows(IllegalArgumentException.class, () -> sink.set(0, "text"));
            assertTrue(e.getMessage().contains("x"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> sink.set(1, 2.0));
        }
    }

    @Test
    void csvHandlesQuotedCommasQuotesAndNewlines() throws Exception {
        Path f = tmp.resolve("t.csv");
        Files.writeString(f, "a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",\n");
        TableData t = CsvFiles.read(f);
        assertEquals(2, t.rows());
        assertArrayEquals(new String[] {"x, y", "two\nlines"}, t.text("b").orElseThrow());
        assertEquals("say \"hi\"", t.text("c").orElseThrow()[0]);
        assertNull(t.text("c").orElseThrow()[1], "an empty field is missing");
        assertArrayEquals(new double[] {1, 2}, t.numeric("a").orElseThrow());
    }

    @Test
    void csvWithWrongFieldCountNamesTheLine() throws Exception {
        Path f = tmp.resolve("bad.csv");
        Files.writeString(f, "a,b\n1,2\n3,4,5\n");
        var e = assertThrows(CsvFiles.MalformedCsvException.class, () -> CsvFiles.read(f));
        assertTrue(e.getMessage().contains("bad.csv:3"), e.getMessage());
    }

    @Test
    void textColumnsOfNumbersParseAndNonNumbersBecomeNaN() {
        var t = new TableData(Path.of("x"), 3);
        t.putText("v", new String[] {"2.5", "abc", null});
        double[] v = t.numeric("v").orElseThrow();
        assertEquals(2.5, v[0]);
        assertTrue(Double.isNaN(v[1]) && Double.isNaN(v[2]));
    }
}
