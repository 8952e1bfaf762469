package frontier.calibrate.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
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
    private final List<Column> columns;
    private final Row row;
    private final Map<String, Integer> index = new HashMap<>();
    private final ParquetWriter<Row> writer;
    private long rows;

    public ParquetSink(Path file, List<Column> columns) throws IOException {
        this.columns = List.copyOf(columns);
        this.row = new Row(columns.size());
        for (int i = 0; i < columns.size(); i++) index.put(columns.get(i).name(), i);
        MessageType schema = schema(columns);
        var builder = new Builder(new LocalOutputFile(file), schema, this.columns)
                .withConf(new PlainParquetConfiguration())
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                // The footer lists each column chunk's encodings in hash-set order, which changes from one
                // JVM to the next; v2 pages without dictionaries give every chunk a single encoding, so the
                // same rows give the same bytes.
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
                .withDictionaryEncoding(false);
        this.writer = builder.build();
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
        writer.write(row);
        java.util.Arrays.fill(row.present, false);
        java.util.Arrays.fill(row.text, null);
        rows++;
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
        writer.close();
    }

    private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
        private final MessageType schema;
        private final List<Column> columns;

        Builder(OutputFile file, MessageType schema, List<Column> columns) {
            super(file);
            this.schema = schema;
            this.columns = columns;
        }

        @Override protected Builder self() { return this; }

        @Override
        protected WriteSupport<Row> getWriteSupport(org.apache.parquet.conf.ParquetConfiguration conf) {
            return new RowWriteSupport(schema, columns);
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return new RowWriteSupport(schema, columns);
        }
    }

    private static final class RowWriteSupport extends WriteSupport<Row> {
        private final MessageType schema;
        private final List<Column> columns;
        private RecordConsumer consumer;

        RowWriteSupport(MessageType schema, List<Column> columns) {
            this.schema = schema;
            this.columns = columns;
        }

        @Override
        public WriteContext init(org.apache.parquet.conf.ParquetConfiguration configuration) {
            return new WriteContext(schema, Map.of("writer", "frontier"));
        }

        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return new WriteContext(schema, Map.of("writer", "frontier"));
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(Row record) {
            consumer.startMessage();
            for (int i = 0; i < columns.size(); i++) {
                if (!record.present[i]) continue;
                Column c = columns.get(i);
                consumer.startField(c.name(), i);
                switch (c.type()) {
                    case DOUBLE -> consumer.addDouble(record.num[i]);
                    case LONG -> consumer.addLong(record.lng[i]);
                    case BOOLEAN -> consumer.addBoolean(record.lng[i] != 0);
                    case STRING -> consumer.addBinary(Binary.fromString(record.text[i]));
                }
                consumer.endField(c.name(), i);
            }
            consumer.endMessage();
        }
    }
}
