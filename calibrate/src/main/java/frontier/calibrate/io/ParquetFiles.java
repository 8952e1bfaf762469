package frontier.calibrate.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;

/** Reads flat Parquet files (the only kind Frontier's inputs and outputs use) into {@link TableData}. */
public final class ParquetFiles {
    private ParquetFiles() {}

    public static ParquetReadOptions readOptions() {
        return ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
    }

    public static TableData read(Path file) throws IOException {
        try (var reader = ParquetFileReader.open(new LocalInputFile(file), readOptions())) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            long total = reader.getRecordCount();
            if (total > Integer.MAX_VALUE) throw new IOException(file + ": too many rows (" + total + ")");
            int rows = (int) total;
            List<ColumnDescriptor> columns = schema.getColumns();
            List<Object> buffers = new ArrayList<>();
            for (ColumnDescriptor c : columns) {
                buffers.add(isText(c.getPrimitiveType()) ? new String[rows] : new double[rows]);
            }
            String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
            int offset = 0;
            PageReadStore group;
            while ((group = reader.readNextRowGroup()) != null) {
                int n = (int) group.getRowCount();
                var store = new ColumnReadStoreImpl(group, new NoopGroupConverter(), schema, createdBy);
                for (int ci = 0; ci < columns.size(); ci++) {
                    ColumnDescriptor c = columns.get(ci);
                    if (c.getMaxRepetitionLevel() > 0) continue; // nested/list columns are not used
                    ColumnReader cr = store.getColumnReader(c);
                    int maxDef = c.getMaxDefinitionLevel();
                    Object buffer = buffers.get(ci);
                    for (int r = 0; r < n; r++) {
                        boolean present = cr.getCurrentDefinitionLevel() == maxDef;
                        int at = offset + r;
                        if (buffer instanceof double[] d) {
                            d[at] = present ? readNumber(cr, c.getPrimitiveType()) : Double.NaN;
                        } else {
                            ((String[]) buffer)[at] = present ? cr.getBinary().toStringUsingUTF8() : null;
                        }
                        cr.consume();
                    }
                }
                offset += n;
            }
            var table = new TableData(file, rows);
            for (int ci = 0; ci < columns.size(); ci++) {
                String name = columns.get(ci).getPath()[columns.get(ci).getPath().length - 1];
                if (columns.get(ci).getMaxRepetitionLevel() > 0) continue;
                if (buffers.get(ci) instanceof double[] d) table.putNumeric(name, d);
                else table.putText(name, (String[]) buffers.get(ci));
            }
            return table;
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a readable Parquet file (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isText(PrimitiveType type) {
        return switch (type.getPrimitiveTypeName()) {
            case BINARY, FIXED_LEN_BYTE_ARRAY -> !(type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation);
            default -> false;
        };
    }

    private static double readNumber(ColumnReader cr, PrimitiveType type) {
        return switch (type.getPrimitiveTypeName()) {
            case DOUBLE -> cr.getDouble();
            case FLOAT -> cr.getFloat();
            case INT32 -> cr.getInteger();
            case INT64 -> cr.getLong();
            case BOOLEAN -> cr.getBoolean() ? 1 : 0;
            case INT96 -> Double.NaN;
            case BINARY, FIXED_LEN_BYTE_ARRAY -> decimal(cr.getBinary(), type);
        };
    }

    private static double decimal(Binary b, PrimitiveType type) {
        var ann = (LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) type.getLogicalTypeAnnotation();
        return new java.math.BigDecimal(new java.math.BigInteger(b.getBytes()), ann.getScale()).doubleValue();
    }

    /** The column store needs a converter tree, but values are pulled straight from column readers. */
    private static final class NoopGroupConverter extends GroupConverter {
        @Override public Converter getConverter(int fieldIndex) { return new PrimitiveConverter() {}; }
        @Override public void start() {}
        @Override public void end() {}
    }
}
