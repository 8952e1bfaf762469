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
    private final Object[] row;
    private final Map<String, Integer> index = new HashMap<>();
    private final ParquetWriter<Object[]> writer;
    private long rows;

    public ParquetSink(Path file, List<Column> columns) throws IOException {
        this.columns = List.copyOf(columns);
        this.row = new Object[columns.size()];
        for (int i = 0; i < columns.size(); i++) index.put(columns.get(i).name(), i);
        MessageType schema = schema(columns);
        this.writer = new Builder(new LocalOutputFile(file), schema, this.columns)
                .withConf(new PlainParquetConfiguration())
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
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

    public ParquetSink set(int column, double value) {
        if (!Double.isNaN(value)) {
            row[column] = value;
        }
        return this;
    }

    public ParquetSink set(int column, long value) {
        row[column] = value;
        return this;
    }

    public ParquetSink set(int column, String value) {
        if (value != null) {
            row[column] = value;
        }
        return this;
    }

    public ParquetSink set(int column, boolean value) {
        row[column] = value;
        return this;
    }

    public ParquetSink set(String column, Object value) {
        int i = column(column);
        switch (value) {
            case null -> {}
            case Double d -> set(i, d.doubleValue());
            case Float f -> set(i, f.doubleValue());
            case Long l -> set(i, columns.get(i).type() == Column.Type.DOUBLE ? (double) l : l);
            case Integer n -> set(i, columns.get(i).type() == Column.Type.DOUBLE ? (double) n : (long) n);
            case Boolean b -> set(i, b.booleanValue());
            default -> set(i, value.toString());
        }
        return this;
    }

    public void endRow() throws IOException {
        writer.write(row);
        java.util.Arrays.fill(row, null);
        rows++;
    }

    public long rows() { return rows; }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
        private final MessageType schema;
        private final List<Column> columns;

        Builder(OutputFile file, MessageType schema, List<Column> columns) {
            super(file);
            this.schema = schema;
            this.columns = columns;
        }

        @Override protected Builder self() { return this; }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(org.apache.parquet.conf.ParquetConfiguration conf) {
            return new RowWriteSupport(schema, columns);
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return new RowWriteSupport(schema, columns);
        }
    }

    private static final class RowWriteSupport extends WriteSupport<Object[]> {
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
        public void write(Object[] record) {
            consumer.startMessage();
            for (int i = 0; i < columns.size(); i++) {
                Object v = record[i];
                if (v == null) continue;
                Column c = columns.get(i);
                consumer.startField(c.name(), i);
                switch (c.type()) {
                    case DOUBLE -> consumer.addDouble(((Number) v).doubleValue());
                    case LONG -> consumer.addLong(((Number) v).longValue());
                    case BOOLEAN -> consumer.addBoolean((Boolean) v);
                    case STRING -> consumer.addBinary(Binary.fromString((String) v));
                }
                consumer.endField(c.name(), i);
            }
            consumer.endMessage();
        }
    }
}
