package frontier.simulate.validate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

import frontier.calibrate.bundle.VersionDistance;
import frontier.simulate.cost.Binding;

/**
 * The aiconfigurator kernel tables under a root laid out as
 * {@code <system>/<kind>/<framework>/<version>/}: which systems and framework versions were
 * collected, and the folders a deployment of one of them calibrates from. Families those tables
 * never hold (the norms, rotary embedding and activations between the GEMMs) come from a second
 * root of tables measured apart, {@code <system>/<source>/elementwise/}, where the system has one.
 */
public final class KernelTables {
    /**
     * The kinds a deployment's step prices from. mla_bmm is left out: no operator family of the
     * step cost reads it, and every table calibrated costs time.
     */
    public static final List<String> KINDS = List.of("gemm", "attention", "moe", "mla", "comm");

    private final Path root;
    private final Path measured;
    private final MoeCoverage moeCoverage = new MoeCoverage();

    /**
     * The expert layout a deployment's MoE layers run at, and the format they want (a
     * {@link Binding#wanted} value): the MoE table of the chosen release should hold rows of the
     * format it binds to at this MoE-TP and EP size.
     */
    public record MoeNeed(Object format, int tp, int ep) {}

    public KernelTables(Path root) {
        this(root, null);
    }

    /** @param measured root of separately measured tables, or null for none */
    public KernelTables(Path root, Path measured) {
        this.root = root;
        this.measured = measured;
    }

    public Path root() { return root; }

    /**
     * The tables a deployment on {@code system} with {@code framework} at {@code version}
     * calibrates from.
     *
     * @param version  the collected version nearest to the asked one
     * @param profiles that version's folders of {@link #KINDS}, then the newest NCCL tables
     * @param borrowed kinds that version lacks, each taken from the nearest version that has it ("mla 0.19.0")
     * @param measured separately measured families added to the profiles ("elementwise torch")
     */
    public record Choice(String system, String framework, String version, List<Path> profiles, List<String> borrowed,
                         List<String> measured) {
        public String label() {
            return framework + " " + versionLabel();
        }

        /** The version, and any kind from elsewhere: what a case reports as the tables it used. */
        public String versionLabel() {
            var extra = new ArrayList<>(borrowed);
            extra.addAll(measured);
            return version + (extra.isEmpty() ? "" : " (" + String.join(", ", extra) + ")");
        }
    }

    public boolean hasSystem(String system) {
        return !system.isBlank() && !system.contains("/") && !system.contains("..") && Files.isDirectory(root.resolve(system));
    }

    /** Versions of a framework collected for a system, in any kind. */
    public List<String> versions(String system, String framework) {
        var found = new TreeSet<String>();
        for (String kind : KINDS) found.addAll(folders(root.resolve(system).resolve(kind).resolve(framework)));
        return List.copyOf(found);
    }

    /**
     * The collected version nearest to {@code version} by {@link VersionDistance}. A tie (0.16
     * between 0.14 and 0.18) goes to the newer release: kernels a release gained are usually kept
     * by the next, and a nightly build is more often ahead of its number than behind. With no
     * version (""), every collected one is equally far, so the newest is taken.
     */
    public Optional<Choice> nearest(String system, String framework, String version) {
        return nearest(system, framework, version, List.of());
    }

    /**
     * As {@link #nearest(String, String, String)}; where the chosen release's MoE table never
     * measured the format a deployment binds to at one of its expert layouts, the MoE table comes
     * from the nearest release that measured that format at all of them (a model fitted to other
     * layouts would answer for the missing one with confidence it does not have).
     */
    public Optional<Choice> nearest(String system, String framework, String version, List<MoeNeed> moe) {
        if (!hasSystem(system) || framework.isBlank() || framework.contains("/") || framework.contains("..")) {
            return Optional.empty();
        }
        return nearestOf(versions(system, framework), version).map(v -> choice(system, framework, v, moe));
    }

    /** Of {@code versions}, the nearest to {@code version}, ties to the newer (see {@link #nearest}). */
    private static Optional<String> nearestOf(List<String> versions, String version) {
        return versions.stream().min(nearness(version));
    }

    /** {@code versions} from the nearest to {@code version} to the farthest, ties to the newer. */
    private static List<String> byDistance(List<String> versions, String version) {
        return versions.stream().sorted(nearness(version)).toList();
    }

    private static Comparator<String> nearness(String version) {
        Comparator<String> byDistance = Comparator.comparingDouble(v -> VersionDistance.between(v, version));
        Comparator<String> newerFirst = Comparator.comparingDouble((String v) -> VersionDistance.between(v, "0")).reversed();
        return byDistance.thenComparing(newerFirst);
    }

    private static String layouts(List<MoeNeed> needs) {
        return String.join(", ", needs.stream().map(n -> "MoE-TP" + n.tp() + " EP" + n.ep()).distinct().toList());
    }

    private Choice choice(String system, String framework, String version, List<MoeNeed> moe) {
        Path sys = root.resolve(system);
        List<Path> profiles = new ArrayList<>();
        List<String> borrowed = new ArrayList<>();
        for (String kind : KINDS) {
            Path dir = sys.resolve(kind).resolve(framework);
            if (kind.equals("moe") && !moe.isEmpty() && Files.isDirectory(dir.resolve(version))) {
                String label = moeCoverage.missingLayout(dir.resolve(version), moe);
                if (label != null) {
                    var other = byDistance(folders(dir), version).stream()
                            .filter(v -> !v.equals(version) && moeCoverage.missingLayout(dir.resolve(v), moe) == null
                                    && label.equals(moeCoverage.boundLabel(dir.resolve(v), moe.getFirst().format())))
                            .findFirst();
                    if (other.isPresent()) {
                        profiles.add(dir.resolve(other.get()));
                        borrowed.add("moe " + other.get() + " for " + label + " " + layouts(moe));
                        continue;
                    }
                }
            }
            if (Files.isDirectory(dir.resolve(version))) {
                profiles.add(dir.resolve(version));
                continue;
            }
            // a kind this release was not measured for (vLLM 0.18 has no MLA tables): the nearest release's
            nearestOf(folders(dir), version).ifPresent(v -> {
                profiles.add(dir.resolve(v));
                borrowed.add(kind + " " + v);
            });
        }
        // NCCL is collected apart from the engines, with no record of which engine release ships
        // which NCCL: take the newest collection, measured on the current software stack
        folders(sys.resolve("comm").resolve("nccl")).stream()
                .max(Comparator.comparingDouble(v -> VersionDistance.between(v, "0")))
                .ifPresent(v -> profiles.add(sys.resolve("comm").resolve("nccl").resolve(v)));
        List<String> extra = new ArrayList<>();
        if (measured != null) {
            Path own = measured.resolve(system);
            for (String source : folders(own)) {
                Path dir = own.resolve(source).resolve("elementwise");
                if (!Files.isDirectory(dir)) continue;
                profiles.add(dir);
                extra.add("elementwise " + source);
            }
        }
        return new Choice(system, framework, version, List.copyOf(profiles), List.copyOf(borrowed), List.copyOf(extra));
    }

    private static List<String> folders(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
