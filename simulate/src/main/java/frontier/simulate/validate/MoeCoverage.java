package frontier.simulate.validate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import frontier.calibrate.io.ParquetFiles;
import frontier.simulate.cost.Binding;

/** Which expert layouts (MoE-TP x EP) each format of a release's MoE tables was measured at; read once per folder. */
final class MoeCoverage {
    /** The layouts one format's rows were measured at, over every kernel, and how many rows. */
    private record Coverage(Set<Long> layouts, int rows) {}

    private final Map<Path, Map<String, Coverage>> folders = new ConcurrentHashMap<>();

    /**
     * The MoE table label a deployment binds to in {@code folder} when that label has no rows at
     * one of the needed layouts; null when every layout is measured (or the folder holds no
     * label the format binds to, which the binding reports on its own).
     */
    String missingLayout(Path folder, List<KernelTables.MoeNeed> needs) {
        String label = boundLabel(folder, needs.getFirst().format());
        if (label == null) return null;
        Set<Long> have = coverage(folder).get(label).layouts();
        for (KernelTables.MoeNeed n : needs) if (!have.contains(layoutKey(n.tp(), n.ep()))) return label;
        return null;
    }

    /** The label of the folder's MoE rows the format binds to: best format score, then most rows (as {@link Binding#choose}). */
    String boundLabel(Path folder, Object format) {
        var best = Binding.best(new TreeMap<>(coverage(folder)).entrySet(), e -> new String[] {e.getKey()}, e -> e.getValue().rows(),
                List.of(format));
        return best == null ? null : best.getKey();
    }

    /** Per format label of a folder's MoE tables, what was measured. */
    private Map<String, Coverage> coverage(Path folder) {
        return folders.computeIfAbsent(folder, f -> {
            Map<String, Set<Long>> layouts = new HashMap<>();
            Map<String, Integer> rows = new HashMap<>();
            try (Stream<Path> files = Files.list(f)) {
                for (Path p : files.filter(p -> p.getFileName().toString().startsWith("moe") && p.toString().endsWith(".parquet")).sorted().toList()) {
                    var t = ParquetFiles.read(p);
                    var dtype = t.text("moe_dtype");
                    var tp = t.numeric("moe_tp_size");
                    var ep = t.numeric("moe_ep_size");
                    if (dtype.isEmpty() || tp.isEmpty() || ep.isEmpty()) continue;
                    for (int r = 0; r < t.rows(); r++) {
                        String d = dtype.get()[r];
                        if (d == null) continue;
                        layouts.computeIfAbsent(d, k -> new HashSet<>()).add(layoutKey((int) tp.get()[r], (int) ep.get()[r]));
                        rows.merge(d, 1, Integer::sum);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, Coverage> out = new HashMap<>();
            layouts.forEach((d, l) -> out.put(d, new Coverage(Set.copyOf(l), rows.get(d))));
            return out;
        });
    }

    private static long layoutKey(int tp, int ep) {
        return ((long) tp << 32) | (ep & 0xffffffffL);
    }
}
