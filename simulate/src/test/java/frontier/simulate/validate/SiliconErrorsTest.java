package frontier.simulate.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The summary math on hand-made cases: errors, their statistics, coverage and the summary's counts. */
class SiliconErrorsTest {
    @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp;

    static SiliconRow row(String id, String backend, String mode, double ttft, double tpot) {
        var w = new SiliconRow.Workers(1, 8, 1, 1, 1, 1, 1);
        boolean disagg = mode.equals("disagg");
        return new SiliconRow(1, id, "h200_sxm", backend, "0.18.0", "m", "fp8", null, null, mode, 1024, 1024, 8, disagg ? null : w,
                disagg ? w : null, disagg ? w : null, ttft, tpot, null);
    }

    static SiliconCase.Simulated sim(String id, double measuredTtft, double ttft, double measuredTpot, double tpot) {
        return new SiliconCase.Simulated(row(id, "vllm", "agg", measuredTtft, measuredTpot), "0.18.0", ttft, tpot, 80, 0, 0, 0,
                new double[frontier.simulate.cost.StepPart.COUNT]);
    }

    @Test
    void errorsAreSignedAgainstTheMeasurement() {
        var r = new SiliconErrors.Row(sim("a", 100, 110, 10, 9), "ttft_ms", 100, 110);
        assertEquals(10, r.errorPct(), 1e-12);
        assertEquals(10, r.apePct(), 1e-12);
        var slow = new SiliconErrors.Row(sim("a", 100, 110, 10, 9), "tpot_ms", 10, 9);
        assertEquals(-10, slow.errorPct(), 1e-12);
        assertEquals(10, slow.apePct(), 1e-12);
    }

    @Test
    void statisticsOfHandMadeErrors() {
        // TTFT errors +10 %, -25 %, +20 %; TPOT errors 0 %, +50 %, -10 %
        List<SiliconCase> cases = List.of(sim("a", 100, 110, 10, 10), sim("b", 200, 150, 20, 30), sim("c", 50, 60, 40, 36));
        var rows = SiliconErrors.rows(cases);
        assertEquals(6, rows.size());
        var ttft = SiliconErrors.stats(rows, "ttft_ms");
        assertEquals(3, ttft.n());
        assertEquals(20, ttft.medianApePct(), 1e-9);
        assertEquals(20 + 0.8 * 5, ttft.p90ApePct(), 1e-9, "p90 of {10, 20, 25} by linear interpolation");
        assertEquals(5.0 / 3, ttft.meanSignedPct(), 1e-9);
        var tpot = SiliconErrors.stats(rows, "tpot_ms");
        assertEquals(10, tpot.medianApePct(), 1e-9);
        assertEquals(10 + 0.8 * 40, tpot.p90ApePct(), 1e-9);
        assertEquals(40.0 / 3, tpot.meanSignedPct(), 1e-9);
    }

    @Test
    void aMetricWithoutASimulatedValueHasNoErrorRow() {
        // one output token: no TPOT to compare
        var rows = SiliconErrors.rows(List.of(sim("a", 100, 120, 10, Double.NaN)));
        assertEquals(List.of("ttft_ms"), rows.stream().map(SiliconErrors.Row::metric).toList());
        assertEquals(0, SiliconErrors.stats(rows, "tpot_ms").n());
        assertTrue(Double.isNaN(SiliconErrors.stats(rows, "tpot_ms").medianApePct()));
    }

    static List<SiliconCase> mixed() {
        List<SiliconCase> cases = new ArrayList<>();
        cases.add(sim("s1", 100, 110, 10, 11));
        cases.add(sim("s2", 100, 90, 10, 10));
        cases.add(sim("s3", 100, 100, 10, 12));
        cases.add(new SiliconCase.NotSimulated(row("n1", "sglang", "agg", 100, 10), "0.5.9", "engine cannot do X"));
        cases.add(new SiliconCase.NotSimulated(row("n2", "sglang", "disagg", 100, 10), "0.5.9", "engine cannot do X"));
        for (int i = 0; i < 4; i++) cases.add(new SiliconCase.LayoutNotGiven(row("l" + i, "trtllm", "disagg", 100, 10)));
        return cases;
    }

    @Test
    void coverageCountsNotSimulatedRowsAndLeavesLayoutNotGivenOut() {
        var cases = mixed();
        assertEquals(60, SiliconErrors.coveragePct(cases), 1e-9, "3 simulated of 5 counted; the 4 without a layout are not counted");
        assertTrue(Double.isNaN(SiliconErrors.coveragePct(cases.subList(5, 9))), "nothing to count");
        assertEquals(0, SiliconErrors.coveragePct(cases.subList(3, 9)), 1e-9);
    }

    @Test
    void summaryCountsEveryRowAndGroupsThem() {
        var data = SiliconReport.data(mixed(), new SiliconReport.Run("x.csv", List.of(), "p"));
        var s = data.summary();
        assertEquals(9, s.path("cases").asInt());
        assertEquals(3, s.path("simulated").asInt());
        assertEquals(2, s.path("not_simulated").asInt());
        assertEquals(4, s.path("layout_not_given").asInt());
        assertEquals(60, s.path("coverage_pct").asDouble(), 1e-9);
        assertEquals(10, s.path("metrics").path("ttft_ms").path("median_ape_pct").asDouble(), 1e-9);
        assertTrue(s.path("metrics").path("e2e_ms").isNull(), "E2E is not measured in these rows");
        assertEquals(1, s.path("not_simulated_reasons").size());
        assertEquals("engine cannot do X", s.path("not_simulated_reasons").get(0).path("reason").asString());
        assertEquals(2, s.path("not_simulated_reasons").get(0).path("count").asInt());
        // groups: (h200_sxm, sglang, agg), (sglang, disagg), (trtllm, disagg), (vllm, agg), sorted by key
        var groups = s.path("groups");
        assertEquals(4, groups.size());
        assertEquals("sglang", groups.get(0).path("key").path("backend").asString());
        assertEquals("trtllm", groups.get(2).path("key").path("backend").asString());
        assertTrue(groups.get(2).path("coverage_pct").isNull(), "a group of layout-not-given rows has no coverage");
        assertEquals(100, groups.get(3).path("coverage_pct").asDouble(), 1e-9);
        assertEquals(6, data.errors().size());
    }

    static SiliconCase.Simulated simAt(String id, String model, int isl, double measuredTtft, double ttft) {
        var w = new SiliconRow.Workers(1, 8, 1, 1, 1, 1, 1);
        var r = new SiliconRow(1, id, "h200_sxm", "vllm", "0.18.0", model, "fp8", null, null, "agg", isl, 1024, 8, w, null, null,
                measuredTtft, 10, null);
        return new SiliconCase.Simulated(r, "0.18.0", ttft, 10, 80, 0, 0, 0, new double[frontier.simulate.cost.StepPart.COUNT]);
    }

    @Test
    void reportSplitsTheErrorByModelAndByPromptLengthInNumericOrder() {
        // TTFT errors: org/a at 16384 -> -50 %, org/a at 8192 -> +10 %, org/b at 8192 -> -20 %
        List<SiliconCase> cases = List.of(simAt("x", "org/a", 16384, 100, 50), simAt("y", "org/a", 8192, 100, 110),
                simAt("z", "org/b", 8192, 100, 80));
        String md = SiliconReport.markdown(SiliconReport.data(cases, new SiliconReport.Run("x.csv", List.of(), "p")));
        var models = md.substring(md.indexOf("## By backend and model"), md.indexOf("## By backend and prompt length"));
        assertTrue(models.contains("| vllm / org/a | 2 | 2 | 0 | 100.0 | 30.0 |"), models);
        assertTrue(models.contains("| vllm / org/b | 1 | 1 | 0 | 100.0 | 20.0 |"), models);
        var lengths = md.substring(md.indexOf("## By backend and prompt length"), md.indexOf("## Kernel tables used"));
        int at8k = lengths.indexOf("| vllm / 8192 | 2 |"), at16k = lengths.indexOf("| vllm / 16384 | 1 |");
        assertTrue(at8k > 0 && at16k > at8k, "8192 before 16384, not in text order:\n" + lengths);
        assertTrue(lengths.contains("| vllm / 8192 | 2 | 2 | 0 | 100.0 | 15.0 |"), "median APE of +10 and -20 %:\n" + lengths);
    }

    @Test
    void engineSettingsGivenOnTheCommandLineAreNamedInTheSummaryAndTheReport() {
        List<SiliconCase> cases = List.of(simAt("x", "org/a", 1024, 100, 50));
        var plain = SiliconReport.data(cases, new SiliconReport.Run("x.csv", List.of(), "p"));
        assertTrue(plain.summary().path("engine_settings").isMissingNode());
        assertTrue(!SiliconReport.markdown(plain).contains("Engine settings added"));
        var set = SiliconReport.data(cases, new SiliconReport.Run("x.csv", List.of(), "p", List.of("sglang:eager_host_us_per_op=2000")));
        assertEquals("sglang:eager_host_us_per_op=2000", set.summary().path("engine_settings").get(0).asString());
        assertTrue(SiliconReport.markdown(set).contains("Engine settings added to the rows' deployments: `sglang:eager_host_us_per_op=2000`."));
    }

    @Test
    void printedTableHasOneLinePerBackendAndMode() {
        String table = SiliconReport.table(SiliconReport.data(mixed(), new SiliconReport.Run("x.csv", List.of(), "p")));
        var lines = table.lines().toList();
        assertEquals(1 + 4 + 1, lines.size(), table);
        assertEquals(List.of("vllm", "agg", "3", "3", "100.0", "10.0", "10.0"), List.of(lines.get(4).trim().split("\\s+")), table);
        assertEquals(List.of("trtllm", "disagg", "4", "0", "-", "-", "-"), List.of(lines.get(3).trim().split("\\s+")), table);
        assertEquals(List.of("all", "9", "3", "60.0", "10.0", "10.0"), List.of(lines.get(5).trim().split("\\s+")), table);
    }

    @Test
    void casesSayWhatShareOfTheirLookupsTheRooflineAnsweredAndWhereTheirStepTimeWent() throws Exception {
        double[] shares = new double[frontier.simulate.cost.StepPart.COUNT];
        shares[frontier.simulate.cost.StepPart.MOE.ordinal()] = 0.6;
        shares[frontier.simulate.cost.StepPart.ATTENTION.ordinal()] = 0.4;
        var priced = new SiliconCase.Simulated(row("a", "vllm", "agg", 100, 10), "0.18.0", 90, 9, 80, 200, 10, 30, shares);
        var refused = new SiliconCase.NotSimulated(row("b", "vllm", "agg", 100, 10), "0.18.0", "does not fit");
        var file = tmp.resolve("cases.parquet");
        SiliconReport.writeCases(file, List.of(priced, refused), java.util.Map.of(), java.util.Map.of(), java.util.Map.of());
        var t = frontier.calibrate.io.ParquetFiles.read(file);
        double[] fallback = t.numeric("roofline_fallback_pct").orElseThrow(), unmodelled = t.numeric("unmodelled_pct").orElseThrow();
        assertEquals(5.0, fallback[0], 1e-12, "10 of 200 lookups outside a model's range");
        assertEquals(15.0, unmodelled[0], 1e-12, "30 of 200 with no kernel table");
        assertTrue(Double.isNaN(fallback[1]) && Double.isNaN(unmodelled[1]), "a case not simulated looked nothing up");
        double[] moe = t.numeric("step_share_moe").orElseThrow(), attention = t.numeric("step_share_attention").orElseThrow();
        assertEquals(0.6, moe[0], 1e-12);
        assertEquals(0.4, attention[0], 1e-12);
        assertTrue(Double.isNaN(moe[1]), "a case not simulated has no step time");
        assertEquals("moe 60%, attention 40%", SiliconReport.largestParts(shares, 3), "the worst-case table's step-time column");
    }
}
