package frontier.simulate.metrics;

import tools.jackson.databind.JsonNode;

/**
 * One load level of a sweep: the setting swept (an arrival-rate scale or a number of closed-loop
 * clients) and what the run predicted at it, read from its summary.
 *
 * @param load          the rate scale or the concurrency of this point
 * @param goodputShare  share of requests meeting the SLOs, NaN without SLOs
 */
public record SweepPoint(double load, long requests, long refused, long preemptions, double simulatedS, double requestsPerS,
                         double outputTokensPerS, double outputTokensPerSPerGpu, double ttftMean, double ttftP50,
                         double ttftP90, double ttftP99, double tpotMean, double tpotP50, double tpotP90, double tpotP99,
                         double e2eMean, double e2eP50, double e2eP99, double goodputShare, double goodputTokensPerSPerGpu) {

    /** The point of a run whose {@code summary.json} tree is {@code s}. */
    public static SweepPoint of(double load, JsonNode s) {
        JsonNode tp = s.path("throughput"), gp = s.path("goodput");
        boolean slo = !gp.path("slo_ttft_ms").isNull() || !gp.path("slo_tpot_ms").isNull();
        return new SweepPoint(load, s.path("requests").path("count").asLong(), s.path("requests").path("refused").asLong(),
                s.path("engine_stats").path("preemptions").asLong(), num(tp, "simulated_s"), num(tp, "requests_per_s"),
                num(tp, "output_tokens_per_s"), num(tp, "output_tokens_per_s_per_gpu"),
                num(s.path("ttft_ms"), "mean"), num(s.path("ttft_ms"), "p50"), num(s.path("ttft_ms"), "p90"), num(s.path("ttft_ms"), "p99"),
                num(s.path("tpot_ms"), "mean"), num(s.path("tpot_ms"), "p50"), num(s.path("tpot_ms"), "p90"), num(s.path("tpot_ms"), "p99"),
                num(s.path("e2e_ms"), "mean"), num(s.path("e2e_ms"), "p50"), num(s.path("e2e_ms"), "p99"),
                slo ? num(gp, "share_meeting_slo") : Double.NaN, slo ? num(gp, "output_tokens_per_s_per_gpu") : Double.NaN);
    }

    /** A statistic the summary left empty (no request completed) reads as NaN, not zero. */
    private static double num(JsonNode parent, String field) {
        JsonNode v = parent.path(field);
        return v.isNumber() ? v.asDouble() : Double.NaN;
    }
}
