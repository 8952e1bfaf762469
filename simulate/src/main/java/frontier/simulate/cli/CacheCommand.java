package frontier.simulate.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import frontier.simulate.engine.BundleCache;
import frontier.simulate.engine.Calibrations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "cache", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List the bundles calibrated on the fly (~/.cache/frontier/bundles, or $FRONTIER_CACHE/bundles), "
                + "or remove those this build can no longer load: each bundle is keyed by the calibration code that "
                + "fitted it, so bundles made by an earlier build are never read again."},
        footer = {"", "Examples:", "  frontier cache", "  frontier cache --prune --dry-run", "  frontier cache --prune"})
public final class CacheCommand implements Callable<Integer> {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    @Option(names = "--prune", description = "Remove the bundles this build cannot load: made by other calibration code, or not loaded since bundles were marked.")
    boolean prune;

    @Option(names = "--all", description = "With --prune: remove every cached bundle; the next run calibrates again.")
    boolean all;

    @Option(names = "--dry-run", description = "With --prune: say what would be removed, remove nothing.")
    boolean dryRun;

    @Option(names = "--cache", paramLabel = "DIR", description = "The cache folder. Default: $FRONTIER_CACHE or ~/.cache/frontier.")
    Path cache;

    private final PrintStream out;

    public CacheCommand() {
        this(System.out);
    }

    public CacheCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if ((all || dryRun) && !prune) {
            throw new frontier.calibrate.UserInputException("--all and --dry-run go with --prune");
        }
        var bundles = new BundleCache(cache != null ? cache : Calibrations.cacheRoot());
        if (!prune) {
            List<BundleCache.Entry> entries = bundles.entries();
            out.printf(Locale.ROOT, "%s: %d bundle(s), %s%n", bundles.folder(), entries.size(),
                    mib(entries));
            if (!entries.isEmpty()) out.printf(Locale.ROOT, "%-48s %-22s %10s  %-16s  %s%n", "bundle", "hardware", "size", "last used (UTC)", "this build");
            for (var e : entries) {
                out.printf(Locale.ROOT, "%-48s %-22s %10s  %-16s  %s%n", e.dir().getFileName(), e.hardware(), mib(e.bytes()),
                        WHEN.format(e.lastUsed()), e.current() ? "loads it" : "cannot load it");
            }
            return 0;
        }
        List<BundleCache.Entry> gone;
        try {
            gone = bundles.prune(all, dryRun);
        } catch (java.io.IOException e) {
            throw new frontier.calibrate.UserInputException("cannot remove cached bundles under " + bundles.folder() + ": " + e
                    + "; check that the folder is yours and writable");
        }
        for (var e : gone) out.println((dryRun ? "would remove " : "removed ") + e.dir());
        out.printf(Locale.ROOT, "%s %d bundle(s), %s%n", dryRun ? "would free" : "freed", gone.size(),
                mib(gone));
        return 0;
    }

    private static String mib(List<BundleCache.Entry> entries) {
        return mib(entries.stream().mapToLong(BundleCache.Entry::bytes).sum());
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
