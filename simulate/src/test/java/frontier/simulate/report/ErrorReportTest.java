package frontier.simulate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorReportTest {
    @TempDir Path tmp;

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) n++;
        return n;
    }

    /** Steady-state cases as a silicon comparison would give them: two backends, two modes, three metrics. */
    static List<CaseRow> cases() {
        var r = new SplittableRandom(7);
        List<CaseRow> rows = new ArrayList<>();
        int id = 0;
        for (String backend : List.of("vllm", "<sglang>")) {
            for (String mode : List.of("agg", "disagg")) {
                for (int isl : List.of(1024, 4096, 8192)) {
                    String caseId = "case-" + id++;
                    for (String metric : List.of("ttft_ms", "tpot_ms", "tokens_per_s_per_gpu")) {
                        double measured = Math.exp(3 + 2 * r.nextDouble());
                        double simulated = measured * (1 + 0.15 * r.nextGaussian());
                        rows.add(new CaseRow(caseId, metric, measured, simulated, CaseRow.keys("backend", backend, "mode", mode,
                                "model", "Qwen3-32B", "isl", Integer.toString(isl), "osl", "1024", "concurrency", "64")));
                    }
                }
            }
        }
        rows.add(new CaseRow("case-missing", "ttft_ms", 100, Double.NaN, CaseRow.keys("backend", "vllm", "mode", "agg")));
        return rows;
    }

    static Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("cases", 13);
        s.put("simulated", 12);
        s.put("coverage_pct", 92.3077);
        s.put("metrics", Map.of("ttft_ms", Map.of("median_ape_pct", 7.5)));
        s.put("groups", List.of(Map.of("backend", "vllm"), Map.of("backend", "sglang")));
        s.put("filters", List.of("system=h200_sxm", "backend=sglang"));
        return s;
    }

    @Test
    void writesBothFilesWithOneChartPerMetricPlusTheCdf() throws Exception {
        ErrorReport.write(tmp, "Silicon validation", cases(), summary(), List.of("backend", "mode"));
        String html = Files.readString(tmp.resolve("report.html")), md = Files.readString(tmp.resolve("report.md"));
        assertEquals(1 + 3, count(html, "<svg"), "a CDF and one parity chart per metric");
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("src="), "self-contained");
        assertFalse(html.contains("<sglang>"), "identifying values are escaped");
        assertTrue(html.contains("&lt;sglang&gt;"));
        assertTrue(md.contains("| coverage_pct | 92.31 |") && md.contains("| metrics.ttft_ms.median_ape_pct | 7.50 |")
                && md.contains("| groups | 2 entries |"), md);
        assertTrue(md.contains("| filters | system=h200_sxm, backend=sglang |"), "a short list of plain values is spelled out:\n" + md);
        // 12 cases and one uncompared row for ttft_ms
        assertTrue(md.contains("| ttft_ms | 13 | 12 |"), md);
        // 2 backends x 2 modes x 3 metrics
        String groups = md.substring(md.indexOf("## Error by backend, mode"), md.indexOf("## Worst 15 cases"));
        assertEquals(12, count(groups, "\n| ") - 1, groups);
        String worst = md.substring(md.indexOf("## Worst 15 cases"));
        assertEquals(15, count(worst, "\n| case-") , worst);
        assertTrue(worst.contains("| case | metric | backend | mode | model | isl | osl | concurrency | measured | simulated | error % |"), worst);
    }

    @Test
    void theSameCasesGiveTheSameBytes() throws Exception {
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        ErrorReport.write(a, "t", cases(), summary(), List.of("backend"), 15);
        ErrorReport.write(b, "t", cases(), summary(), List.of("backend"), 15);
        for (String f : List.of("report.html", "report.md")) assertEquals(-1L, Files.mismatch(a.resolve(f), b.resolve(f)), f);
    }

    @Test
    void aParityChartHasOnePointPerComparedCase() {
        var charts = ErrorReport.parityCharts(cases(), "");
        assertEquals(3, charts.size());
        for (var c : charts) assertEquals(12, count(c.svg(), "<circle"), c.title());
    }

    @Test
    void signedAndAbsoluteErrorsFollowTheMeasurement() {
        var row = new CaseRow("x", "ttft_ms", 200, 150, Map.of());
        assertEquals(-25, row.errorPct(), 1e-12);
        assertEquals(25, row.apePct(), 1e-12);
        assertFalse(new CaseRow("y", "ttft_ms", 0, 1, Map.of()).compared());
    }
}
