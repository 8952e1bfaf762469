package frontier.calibrate.features;

import java.util.Locale;

/**
 * Expected expert-load statistics for a routing distribution. The same function describes the
 * measured tables (as features) and the simulator's routing models, so the two agree on what
 * "skew" means.
 */
public final class ExpertLoad {
    private ExpertLoad() {}

    /**
     * A routing distribution: {@code skew} is the power-law exponent over experts ranked by
     * popularity (0 = every expert equally likely); {@code sampled} adds multinomial noise (tokens
     * drawn at random rather than dealt out evenly); {@code eplb} places experts on ranks to
     * balance load (longest-processing-time first) instead of contiguously.
     */
    public record Routing(double skew, boolean sampled, boolean eplb) {
        public static final Routing BALANCED = new Routing(0, false, false);

        /** aiconfigurator spellings: balanced, uniform, power_law_1.2, power_law_1.2_eplb. */
        public static Routing parse(String name) {
            if (name == null) return null;
            String n = name.strip().toLowerCase(Locale.ROOT);
            boolean eplb = n.endsWith("_eplb");
            if (eplb) n = n.substring(0, n.length() - "_eplb".length());
            if (n.equals("balanced")) return new Routing(0, false, eplb);
            if (n.equals("uniform") || n.equals("random")) return new Routing(0, true, eplb);
            if (n.startsWith("power_law_")) {
                try {
                    double a = Double.parseDouble(n.substring("power_law_".length()));
                    return a >= 0 ? new Routing(a, true, eplb) : null;
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return null;
        }
    }

    /** rankMaxRatio: busiest EP rank's token-expert pairs over the mean; expertCv: CV over experts. */
    public record Load(double rankMaxRatio, double expertCv) {}

    public static Load expected(Routing r, double tokens, double topK, double experts, double ep) {
        int e = (int) Math.max(1, Math.round(experts));
        return fromShares(shares(r.skew(), e), r, tokens, topK, ep);
    }

    /** Load statistics for given per-expert shares (descending, summing to 1). */
    public static Load fromShares(double[] p, Routing r, double tokens, double topK, double ep) {
        int e = p.length;
        int ranks = (int) Math.max(1, Math.min(e, Math.round(ep)));
        double pairs = Math.max(1, tokens * topK);
        double mean = pairs / e;
        double var = 0;
        for (double pi : p) {
            double d = pairs * pi - mean;
            var += d * d;
        }
        var /= e;
        if (r.sampled()) var += mean; // multinomial noise per expert ~ its expected count
        double cv = Math.sqrt(var) / mean;
        double[] rank = new double[ranks];
        if (r.eplb()) {
            // EPLB: the hottest experts get redundant replicas (one slot per 8 experts, as DeepSeek
            // serves 256 experts from 288 slots), each replica taking an equal part of its expert's
            // load; then the heaviest slot goes to the least-loaded rank, slots per rank kept equal
            int redundant = Math.max(ranks, e / 8);
            int[] replicas = new int[e];
            java.util.Arrays.fill(replicas, 1);
            for (int k = 0; k < redundant; k++) {
                int hottest = 0;
                for (int i = 1; i < e; i++) if (p[i] / replicas[i] > p[hottest] / replicas[hottest]) hottest = i;
                replicas[hottest]++;
            }
            int slots = e + redundant;
            double[] slot = new double[slots];
            int at = 0;
            for (int i = 0; i < e; i++) for (int k = 0; k < replicas[i]; k++) slot[at++] = p[i] / replicas[i];
            java.util.Arrays.sort(slot);
            int[] count = new int[ranks];
            int perRank = (slots + ranks - 1) / ranks;
            for (int i = slots - 1; i >= 0; i--) {
                int best = -1;
                for (int k = 0; k < ranks; k++) {
                    if (count[k] < perRank && (best < 0 || rank[k] < rank[best])) best = k;
                }
                rank[best] += slot[i];
                count[best]++;
            }
        } else {
            // experts live contiguously; popularity rank is unrelated to expert id, so interleave
            for (int i = 0; i < e; i++) rank[i % ranks] += p[i];
        }
        double max = 0;
        for (double x : rank) max = Math.max(max, x);
        double ratio = max * ranks;
        if (r.sampled() && ranks > 1) {
            double perRankMean = pairs / ranks;
            // expected maximum of `ranks` near-normal counts
            ratio += Math.sqrt(2 * Math.log(ranks)) * Math.sqrt(perRankMean) / perRankMean;
        }
        return new Load(ratio, cv);
    }

    /** Popularity shares p_i ∝ (i+1)^-skew, descending, summing to 1. */
    public static double[] shares(double skew, int experts) {
        double[] p = new double[experts];
        double sum = 0;
        for (int i = 0; i < experts; i++) {
            p[i] = skew == 0 ? 1 : Math.pow(i + 1, -skew);
            sum += p[i];
        }
        for (int i = 0; i < experts; i++) p[i] /= sum;
        return p;
    }
}
