package frontier.simulate.cost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import frontier.calibrate.UserInputException;
import frontier.calibrate.features.ExpertLoad;

/**
 * Which experts tokens pick, as a deployment states it: balanced, uniform at random, a power
 * law with exponent α (optionally rebalanced by EPLB), or a recorded per-expert histogram. Each
 * gives the busiest expert-parallel rank's load over the mean, which gates the MoE layer.
 */
public record MoeRouting(String name, ExpertLoad.Routing routing, double[] shares) {

    public static MoeRouting parse(String spec, int experts, Path base) {
        if (spec == null || spec.isBlank()) spec = "uniform";
        if (spec.startsWith("histogram:")) {
            Path file = base.resolve(spec.substring("histogram:".length())).normalize();
            double[] shares = histogram(file, experts);
            return new MoeRouting(spec, new ExpertLoad.Routing(0, true, false), shares);
        }
        var r = ExpertLoad.Routing.parse(spec);
        if (r == null) {
            throw new UserInputException("moe_routing '" + spec + "' is not one of balanced, uniform, power_law_<alpha>, "
                    + "power_law_<alpha>_eplb, histogram:<file>");
        }
        return new MoeRouting(spec, r, null);
    }

    /** A file of per-expert token counts: one number per line (or comma-separated), as many as experts. */
    static double[] histogram(Path file, int experts) {
        List<Double> v = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                for (String f : line.split("[,\\s]+")) {
                    if (f.isBlank()) continue;
                    try {
                        double x = Double.parseDouble(f);
                        if (!(x >= 0)) throw new NumberFormatException();
                        v.add(x);
                    } catch (NumberFormatException e) {
                        throw new UserInputException(file + ": '" + f + "' is not a non-negative expert count");
                    }
                }
            }
        } catch (IOException e) {
            throw new UserInputException(file + ": cannot read routing histogram (" + e.getMessage() + ")");
        }
        if (v.size() != experts) {
            throw new UserInputException(file + ": routing histogram has " + v.size() + " entries but the model has "
                    + experts + " experts (one count per expert)");
        }
        double sum = v.stream().mapToDouble(Double::doubleValue).sum();
        if (sum <= 0) throw new UserInputException(file + ": routing histogram is all zeros");
        double[] s = v.stream().mapToDouble(x -> x / sum).sorted().toArray();
        for (int i = 0; i < s.length / 2; i++) {
            double t = s[i];
            s[i] = s[s.length - 1 - i];
            s[s.length - 1 - i] = t;
        }
        return s;
    }

    /** Per-expert shares of the token-expert pairs, descending. */
    public double[] shares(int experts) {
        return shares != null ? shares.clone() : ExpertLoad.shares(routing.skew(), experts);
    }

    public ExpertLoad.Load load(double tokens, int topK, int experts, int ep) {
        if (shares == null) return ExpertLoad.expected(routing, tokens, topK, experts, ep);
        return ExpertLoad.fromShares(shares, routing, tokens, topK, ep);
    }
}
