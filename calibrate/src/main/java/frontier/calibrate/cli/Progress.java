package frontier.calibrate.cli;

import java.io.PrintStream;
import java.time.temporal.ChronoUnit;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on a terminal; on a pipe or in CI, a plain line at each stage instead of
 * redrawn bars, so logs stay readable.
 */
public final class Progress implements AutoCloseable {
    private final ProgressBar bar;
    private final PrintStream log;
    private final String task;
    private long done;
    private final long total;
    private long lastLogNs;

    private Progress(String task, long total, ProgressBar bar, PrintStream log) {
        this.task = task;
        this.total = total;
        this.bar = bar;
        this.log = log;
    }

    public static boolean interactive() {
        return System.console() != null && System.getenv("CI") == null;
    }

    public static Progress start(String task, long total, String unit) {
        if (interactive()) {
            var bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(Math.max(1, total))
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" " + unit, 1).setUpdateIntervalMillis(200)
                    .setMaxRenderedLength(100).setSpeedUnit(ChronoUnit.SECONDS).showSpeed()
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
            return new Progress(task, total, bar, null);
        }
        return new Progress(task, total, null, System.err);
    }

    public void stage(String message) {
        if (bar != null) {
            bar.setExtraMessage(" " + message);
            return;
        }
        // a pipe gets a line every few seconds at most, not one per update
        long now = System.nanoTime();
        if (lastLogNs != 0 && now - lastLogNs < 5_000_000_000L) return;
        lastLogNs = now;
        log.println("[" + task + "] " + message + (total > 1 ? String.format(java.util.Locale.ROOT, " (%d/%d)", done, total) : ""));
    }

    public void step(long n) {
        done += n;
        if (bar != null) bar.stepBy(n);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.stepTo(Math.max(done, total));
            bar.close();
        }
    }
}
