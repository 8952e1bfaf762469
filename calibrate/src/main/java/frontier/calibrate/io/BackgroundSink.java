package frontier.calibrate.io;

import java.io.IOException;
import java.nio.file.Path;
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
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(4);
    private final Thread writer;
    private volatile Throwable failure;
    private Chunk current;
    private long rows;

    private static final class Chunk {
        final double[][] num;
        final long[][] lng;
        final String[][] text;
        final boolean[][] present;
        int size;

        Chunk(int columns) {
            num = new double[columns][CHUNK];
            lng = new long[columns][CHUNK];
            text = new String[columns][];
            present = new boolean[columns][CHUNK];
        }
    }

    private static final Chunk END = new Chunk(0);

    public BackgroundSink(Path file, List<Column> columns) throws IOException {
        this.columns = List.copyOf(columns);
        var sink = new ParquetSink(file, columns);
        this.current = newChunk();
        this.writer = Thread.ofPlatform().name("parquet-" + file.getFileName()).daemon().start(() -> drain(sink));
    }

    private Chunk newChunk() {
        var c = new Chunk(columns.size());
        for (int i = 0; i < columns.size(); i++) if (columns.get(i).type() == Column.Type.STRING) c.text[i] = new String[CHUNK];
        return c;
    }

    private void drain(ParquetSink sink) {
        try (sink) {
            while (true) {
                Chunk c = full.take();
                if (c == END) break;
                for (int r = 0; r < c.size; r++) {
                    for (int i = 0; i < columns.size(); i++) {
                        if (!c.present[i][r]) continue;
                        switch (columns.get(i).type()) {
                            case DOUBLE -> sink.set(i, c.num[i][r]);
                            case LONG, BOOLEAN -> sink.set(i, c.lng[i][r]);
                            case STRING -> sink.set(i, c.text[i][r]);
                        }
                    }
                    sink.endRow();
                }
            }
        } catch (Throwable t) {
            failure = t;
            full.clear();
        }
    }

    public BackgroundSink set(int column, double value) {
        if (!Double.isNaN(value)) {
            current.num[column][current.size] = value;
            current.present[column][current.size] = true;
        }
        return this;
    }

    public BackgroundSink set(int column, long value) {
        current.lng[column][current.size] = value;
        current.num[column][current.size] = value;
        current.present[column][current.size] = true;
        return this;
    }

    public BackgroundSink set(int column, String value) {
        if (value != null) {
            current.text[column][current.size] = value;
            current.present[column][current.size] = true;
        }
        return this;
    }

    public void endRow() throws IOException {
        rows++;
        if (++current.size == CHUNK) {
            hand(current);
            current = newChunk();
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
