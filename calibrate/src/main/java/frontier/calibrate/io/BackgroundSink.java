package frontier.calibrate.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A {@link ParquetSink} fed from another thread: rows are collected into typed chunks and a
 * writer thread encodes them, so a simulation producing tens of millions of rows does not wait
 * for Parquet's encoders. Rows keep their order; a bounded queue bounds memory.
 */
public final class BackgroundSink implements AutoCloseable {
    private static final int CHUNK = 8192;

    private final List<Column> columns;
    private final Column.Type[] types;
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(4);
    /** Chunks the writer has emptied, handed back so that rows are not a stream of new arrays. */
    private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(8);
    private final Thread writer;
    private volatile Throwable failure;
    private Chunk current;
    private long rows;

    /** One array per column, of the column's type: numbers, whole numbers (and booleans) or text. */
    private static final class Chunk {
        final double[][] num;
        final long[][] lng;
        final String[][] text;
        final boolean[][] present;
        int size;

        Chunk(Column.Type[] types) {
            int n = types.length;
            num = new double[n][];
            lng = new long[n][];
            text = new String[n][];
            present = new boolean[n][CHUNK];
            for (int i = 0; i < n; i++) {
                switch (types[i]) {
                    case DOUBLE -> num[i] = new double[CHUNK];
                    case LONG, BOOLEAN -> lng[i] = new long[CHUNK];
                    case STRING -> text[i] = new String[CHUNK];
                }
            }
        }

        void clear() {
            for (int i = 0; i < present.length; i++) {
                Arrays.fill(present[i], 0, size, false);
                if (text[i] != null) Arrays.fill(text[i], 0, size, null);
            }
            size = 0;
        }
    }

    private static final Chunk END = new Chunk(new Column.Type[0]);

    public BackgroundSink(Path file, List<Column> columns) throws IOException {
        this.columns = List.copyOf(columns);
        this.types = this.columns.stream().map(Column::type).toArray(Column.Type[]::new);
        var sink = new ParquetSink(file, columns);
        this.current = new Chunk(types);
        this.writer = Thread.ofPlatform().name("parquet-" + file.getFileName()).daemon().start(() -> drain(sink));
    }

    private void drain(ParquetSink sink) {
        try (sink) {
            while (true) {
                Chunk c = full.take();
                if (c == END) break;
                for (int r = 0; r < c.size; r++) {
                    for (int i = 0; i < types.length; i++) {
                        if (!c.present[i][r]) continue;
                        switch (types[i]) {
                            case DOUBLE -> sink.set(i, c.num[i][r]);
                            case LONG -> sink.set(i, c.lng[i][r]);
                            case BOOLEAN -> sink.set(i, c.lng[i][r] != 0);
                            case STRING -> sink.set(i, c.text[i][r]);
                        }
                    }
                    sink.endRow();
                }
                c.clear();
                free.offer(c);
            }
        } catch (Throwable t) {
            failure = t;
            full.clear();
        }
    }

    /** Sets a number; NaN leaves the cell empty. A whole-number column takes the value rounded. */
    public BackgroundSink set(int column, double value) {
        if (!Double.isNaN(value)) {
            switch (types[column]) {
                case DOUBLE -> current.num[column][current.size] = value;
                case LONG, BOOLEAN -> current.lng[column][current.size] = Math.round(value);
                case STRING -> throw textColumn(column);
            }
            current.present[column][current.size] = true;
        }
        return this;
    }

    public BackgroundSink set(int column, long value) {
        switch (types[column]) {
            case DOUBLE -> current.num[column][current.size] = value;
            case LONG, BOOLEAN -> current.lng[column][current.size] = value;
            case STRING -> throw textColumn(column);
        }
        current.present[column][current.size] = true;
        return this;
    }

    public BackgroundSink set(int column, String value) {
        if (types[column] != Column.Type.STRING) {
            throw new IllegalArgumentException("column " + columns.get(column).name() + " holds " + types[column] + ", not text");
        }
        if (value != null) {
            current.text[column][current.size] = value;
            current.present[column][current.size] = true;
        }
        return this;
    }

    private IllegalArgumentException textColumn(int column) {
        return new IllegalArgumentException("column " + columns.get(column).name() + " holds text, not a number");
    }

    public void endRow() throws IOException {
        rows++;
        if (++current.size == CHUNK) {
            hand(current);
            Chunk reused = free.poll();
            current = reused != null ? reused : new Chunk(types);
        }
    }

    private void hand(Chunk c) throws IOException {
        try {
            while (!full.offer(c, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) check();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing", e);
        }
        check();
    }

    private void check() throws IOException {
        if (failure != null) throw new IOException("writing Parquet failed: " + failure.getMessage(), failure);
    }

    public long rows() { return rows; }

    @Override
    public void close() throws IOException {
        if (current.size > 0) hand(current);
        hand(END);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        check();
    }
}
