package frontier.simulate.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import frontier.calibrate.bundle.Bundle;
import frontier.calibrate.bundle.OperatorModel;
import frontier.calibrate.bundle.PredictionCache;
import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.profile.Family;

/**
 * The operator models one deployment prices its steps with, chosen from a bundle for the
 * engine and version (nearest collected version), bound to the deployment's formats and kernels.
 * Every cache counts its lookups outside the calibrated range.
 */
public final class OperatorSet {
    private final Bundle bundle;
    private final String engine;
    private final String version;
    private final List<PredictionCache> caches = new ArrayList<>();
    private final List<String> choices = new ArrayList<>();
    private final List<Unbound> unbound = new ArrayList<>();

    /** An operator the bundle has no model for, so that the step cost prices it with the bare roofline. */
    public record Unbound(Family family, String purpose, String wanted) {}

    public OperatorSet(Bundle bundle, String engine, String version) {
        this.bundle = bundle;
        this.engine = engine;
        this.version = version;
    }

    public Bundle bundle() { return bundle; }
    public String engine() { return engine; }

    /** Models of a family, the deployment's framework first, then by version distance. */
    List<OperatorModel> candidates(Family f) {
        return candidates(f, engine);
    }

    /** Models of a family, those of {@code framework} first, then by version distance. */
    private List<OperatorModel> candidates(Family f, String framework) {
        List<OperatorModel> all = new ArrayList<>(bundle.models().stream().filter(m -> m.key().family() == f).toList());
        all.sort((a, b) -> {
            int fa = a.key().framework().equalsIgnoreCase(framework) ? 0 : 1, fb = b.key().framework().equalsIgnoreCase(framework) ? 0 : 1;
            if (fa != fb) return Integer.compare(fa, fb);
            return Double.compare(frontier.calibrate.bundle.VersionDistance.between(a.key().version(), version),
                    frontier.calibrate.bundle.VersionDistance.between(b.key().version(), version));
        });
        return all;
    }

    /** A cache for the first candidate model that has the wanted categories; null if none has. */
    public PredictionCache bind(Family f, List<Object> wanted, String kernel, String purpose) {
        return bind(f, wanted, kernel, purpose, engine);
    }

    /** Like {@link #bind}, with the models of {@code framework} ahead of the deployment engine's own ("nccl"). */
    public PredictionCache bind(Family f, List<Object> wanted, String kernel, String purpose, String framework) {
        for (OperatorModel m : candidates(f, framework)) {
            Binding b = Binding.choose(m, wanted, kernel);
            if (b == null) continue;
            PredictionCache c = b.cache();
            caches.add(c);
            choices.add(String.format(Locale.ROOT, "%-22s %s [%s] kernel=%s%s", purpose, m.key().label(true),
                    String.join(",", b.categories()), b.kernel(), b.exact() ? "" : " (nearest format)"));
            return c;
        }
        choices.add(String.format(Locale.ROOT, "%-22s no %s model for %s: roofline", purpose, f.label(), wanted));
        unbound.add(new Unbound(f, purpose, labels(wanted)));
        return null;
    }

    /**
     * Like {@link #bind}, with the kernel whose name ends in {@code variant} where the model
     * {@link #bind} would choose has one (custom all-reduce tables time "..._graph" and "..._eager"
     * launches apart), else that model's usual kernel.
     */
    public PredictionCache bindVariant(Family f, List<Object> wanted, String variant, String purpose) {
        String suffix = variant.toLowerCase(Locale.ROOT);
        for (OperatorModel m : candidates(f)) {
            if (Binding.choose(m, wanted, "auto") == null) continue;
            for (String k : m.kernelRows().keySet()) {
                if (k.toLowerCase(Locale.ROOT).endsWith(suffix) && Binding.choose(m, wanted, k) != null) {
                    return bind(f, wanted, k, purpose);
                }
            }
            break;
        }
        return bind(f, wanted, "auto", purpose);
    }

    /** Binds the first model whose categories include one of several operator names. */
    public PredictionCache bindOp(Family f, List<String> names, String purpose) {
        for (String n : names) {
            for (OperatorModel m : candidates(f)) {
                Binding b = Binding.choose(m, List.of(n), "auto");
                if (b == null) continue;
                PredictionCache c = b.cache();
                caches.add(c);
                choices.add(String.format(Locale.ROOT, "%-22s %s op=%s kernel=%s", purpose, m.key().label(true), n, b.kernel()));
                return c;
            }
        }
        choices.add(String.format(Locale.ROOT, "%-22s no %s model for %s: roofline", purpose, f.label(), names));
        unbound.add(new Unbound(f, purpose, String.join("|", names)));
        return null;
    }

    /** One line per operator binding, each listed once even when several clusters share it. */
    public List<String> choices() { return choices.stream().distinct().toList(); }

    private static String labels(List<Object> wanted) {
        return String.join(",", wanted.stream().map(w -> switch (w) {
            case Dtype d -> d.label();
            case Binding.Spelled sp -> sp.name();
            default -> String.valueOf(w);
        }).toList());
    }

    /** The operators priced by the roofline alone, in the order they were bound. */
    public List<Unbound> unbound() { return List.copyOf(unbound); }

    public long fallbackLookups() {
        return caches.stream().mapToLong(PredictionCache::fallbacks).sum();
    }

    public long lookups() {
        return caches.stream().mapToLong(c -> c.hits() + c.misses()).sum();
    }

    public static Dtype kvFormat(Dtype kv) {
        return kv == Dtype.FP8 ? Dtype.FP8 : Dtype.BF16;
    }
}
