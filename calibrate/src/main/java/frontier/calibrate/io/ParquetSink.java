package frontier.calibrate.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.impl.ColumnWriteStoreV2;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * Streams rows into a flat, ZSTD-compressed Parquet file that pandas, pyarrow and Spark read.
 * One reusable row buffer: callers set values with {@link #set} and call {@link #endRow()}; no
 * object is allocated per row beyond what Parquet's own encoders do.
 */
public final class ParquetSink implements AutoCloseable {
    /** Rows between two looks at the buffered size of the row group being written. */
    private static final int SIZE_CHECK_ROWS = 4096;

    private final Column.Type[] types;
    private final Row row;
    private final Map<String, Integer> index = new HashMap<>();
    private final MessageType schema;
    private final ParquetProperties props;
    private final CodecFactory codecs;
    private final ParquetFileWriter file;
    private ColumnChunkPageWriteStore pages;
    private ColumnWriteStoreV2 store;
    private final ColumnWriter[] writers;
    /** The text of the latest row's string cells, encoded once for as long as it repeats. */
    private final String[] lastText;
    private final Binary[] lastBinary;
    private final long rowGroupBytes;
    private long rows;
    private long groupRows;

    /**
     * Rows go straight to Parquet's column writers (no record assembly in between): the simulator
     * writes tens of millions of step rows, and the record layer cost more than the encoding.
     */
    public ParquetSink(Path file, List<Column> columns) throws IOException {
        this(file, columns, ParquetWriter.DEFAULT_BLOCK_SIZE);
    }

    /** @param rowGroupBytes buffered bytes at which a row group is closed and the next begun */
    ParquetSink(Path file, List<Column> columns, long rowGroupBytes) throws IOException {
        this.rowGroupBytes = rowGroupBytes;
        this.types = new Column.Type[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i).name(), i);
            types[i] = columns.get(i).type();
        }
        this.row = new Row(columns.size());
        this.schema = schema(columns);
        // The footer lists each column chunk's encodings in hash-set order, which changes from one
        // JVM to the next; v2 pages without dictionaries give every chunk a single encoding, so the
        // same rows give the same bytes.
        this.props = ParquetProperties.builder()
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
                .withDictionaryEncoding(false)
                .build();
        this.codecs = new CodecFactory(new PlainParquetConfiguration(), props.getPageSizeThreshold());
        this.file = new ParquetFileWriter(new LocalOutputFile(file), schema, ParquetFileWriter.Mode.OVERWRITE, rowGroupBytes,
                ParquetWriter.MAX_PADDING_SIZE_DEFAULT, null, props);
        this.file.start();
        this.writers = new ColumnWriter[columns.size()];
        this.lastText = new String[columns.size()];
        this.lastBinary = new Binary[columns.size()];
        startGroup();
    }

    private void startGroup() {
        pages = new ColumnChunkPageWriteStore(codecs.getCompressor(CompressionCodecName.ZSTD), schema, props.getAllocator(),
                props.getColumnIndexTruncateLength(), props.getPageWriteChecksumEnabled());
        store = new ColumnWriteStoreV2(schema, pages, props);
        for (int i = 0; i < writers.length; i++) writers[i] = store.getColumnWriter(schema.getColumns().get(i));
        groupRows = 0;
    }

    private void endGroup() throws IOException {
        if (groupRows > 0) {
            file.startBlock(groupRows);
            store.flush();
            pages.flushToFileWriter(file);
            file.endBlock();
        }
        store.close();
        pages.close();
    }

    private static MessageType schema(List<Column> columns) {
        var b = Types.buildMessage();
        for (Column c : columns) {
            switch (c.type()) {
                case DOUBLE -> b.addField(Types.primitive(PrimitiveTypeName.DOUBLE, Repetition.OPTIONAL).named(c.name()));
                case LONG -> b.addField(Types.primitive(PrimitiveTypeName.INT64, Repetition.OPTIONAL).named(c.name()));
                case BOOLEAN -> b.addField(Types.primitive(PrimitiveTypeName.BOOLEAN, Repetition.OPTIONAL).named(c.name()));
                case STRING -> b.addField(Types.primitive(PrimitiveTypeName.BINARY, Repetition.OPTIONAL)
                        .as(LogicalTypeAnnotation.stringType()).named(c.name()));
            }
        }
        return b.named("frontier");
    }

    public int column(String name) {
        Integer i = index.get(name);
        if (i == null) throw new IllegalArgumentException("no column " + name);
        return i;
    }

    /** Sets a number; NaN leaves the cell empty. A whole-number column takes the value rounded. */
    public ParquetSink set(int column, double value) {
        if (!Double.isNaN(value)) {
            row.num[column] = value;
            row.lng[column] = Math.round(value);
            row.present[column] = true;
        }
        return this;
    }

    public ParquetSink set(int column, long value) {
        row.lng[column] = value;
        row.num[column] = value;
        row.present[column] = true;
        return this;
    }

    public ParquetSink set(int column, String value) {
        if (value != null) {
            row.text[column] = value;
            row.present[column] = true;
        }
        return this;
    }

    public ParquetSink set(int column, boolean value) {
        row.lng[column] = value ? 1 : 0;
        row.present[column] = true;
        return this;
    }

    public ParquetSink set(String column, Object value) {
        int i = column(column);
        switch (value) {
            case null -> {}
            case Double d -> set(i, d.doubleValue());
            case Float f -> set(i, f.doubleValue());
            case Long l -> set(i, l.longValue());
            case Integer n -> set(i, n.longValue());
            case Boolean b -> set(i, b.booleanValue());
            default -> set(i, value.toString());
        }
        return this;
    }

    public void endRow() throws IOException {
        for (int i = 0; i < writers.length; i++) {
            ColumnWriter w = writers[i];
            if (!row.present[i]) {
                w.writeNull(0, 0);
                continue;
            }
            switch (types[i]) {
                case DOUBLE -> w.write(row.num[i], 0, 1);
                case LONG -> w.write(row.lng[i], 0, 1);
                case BOOLEAN -> w.write(row.lng[i] != 0, 0, 1);
                case STRING -> w.write(binary(i, row.text[i]), 0, 1);
            }
        }
        store.endRecord();
        java.util.Arrays.fill(row.present, false);
        java.util.Arrays.fill(row.text, null);
        rows++;
        if (++groupRows % SIZE_CHECK_ROWS == 0 && store.getBufferedSize() >= rowGroupBytes) {
            endGroup();
            startGroup();
        }
    }

    private Binary binary(int column, String text) {
        if (!text.equals(lastText[column])) {
            lastText[column] = text;
            lastBinary[column] = Binary.fromString(text);
        }
        return lastBinary[column];
    }

    /** One row's values in typed slots; a column without a value this row is left out (null). */
    private static final class Row {
        final boolean[] present;
        final double[] num;
        final long[] lng;
        final String[] text;

        Row(int n) {
            present = new boolean[n];
            num = new double[n];
            lng = new long[n];
            text = new String[n];
        }
    }

    public long rows() { return rows; }

    @Override
    public void close() throws IOException {
        try {
            endGroup();
            file.end(Map.of("writer", "frontier"));
        } finally {
            codecs.release();
        }
    }
}
