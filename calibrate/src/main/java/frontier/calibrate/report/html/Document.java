package frontier.calibrate.report.html;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A report as a list of blocks, rendered twice: as one self-contained HTML file (inline SVG
 * charts, embedded CSS, no external resources, so it opens offline and can be mailed around)
 * and as Markdown, where charts become a pointer to the HTML. Text in backticks renders as code.
 */
public final class Document {

    public sealed interface Block permits Heading, Paragraph, Bullets, Table, Figure, Contents {}

    public record Heading(int level, String text) implements Block {}

    public record Paragraph(String text) implements Block {}

    public record Bullets(List<String> items) implements Block {}

    /** Columns whose cells all look numeric are right-aligned. */
    public record Table(List<String> header, List<List<String>> rows) implements Block {}

    public record Figure(Chart chart, String caption) implements Block {}

    /** Links to every level-2 heading; HTML only. */
    public record Contents() implements Block {}

    private static final Pattern NUMERIC = Pattern.compile("[-+]?[0-9][0-9.,]*(e[-+]?[0-9]+)?[%kMGT]?|-|");

    private final String title;
    private final List<Block> blocks = new ArrayList<>();

    public Document(String title) {
        this.title = title;
    }

    public String title() { return title; }

    public List<Block> blocks() { return List.copyOf(blocks); }

    public Document add(Block b) {
        blocks.add(b);
        return this;
    }

    public Document heading(int level, String text) { return add(new Heading(level, text)); }

    public Document paragraph(String text) { return add(new Paragraph(text)); }

    public Document bullets(List<String> items) { return add(new Bullets(items)); }

    public Document table(List<String> header, List<List<String>> rows) { return add(new Table(header, rows)); }

    public Document figure(Chart chart, String caption) { return add(new Figure(chart, caption)); }

    public Document contents() { return add(new Contents()); }

    public String html() {
        Map<Heading, String> ids = anchors();
        var sb = new StringBuilder(1 << 16);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(Html.escape(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n<h1>")
                .append(Html.escape(title)).append("</h1>\n");
        for (Block b : blocks) {
            switch (b) {
                case Heading h -> {
                    int level = Math.clamp(h.level(), 2, 6);
                    String id = ids.get(h);
                    sb.append("<h").append(level).append(id == null ? "" : " id=\"" + id + "\"").append('>')
                            .append(inline(h.text())).append("</h").append(level).append(">\n");
                }
                case Paragraph p -> sb.append("<p>").append(inline(p.text())).append("</p>\n");
                case Bullets l -> {
                    sb.append("<ul>\n");
                    for (String item : l.items()) sb.append("<li>").append(inline(item)).append("</li>\n");
                    sb.append("</ul>\n");
                }
                case Table t -> htmlTable(sb, t);
                case Figure fig -> sb.append("<figure>\n").append(fig.chart().svg()).append('\n')
                        .append(fig.caption() == null || fig.caption().isEmpty() ? "" : "<figcaption>" + inline(fig.caption()) + "</figcaption>\n")
                        .append("</figure>\n");
                case Contents c -> {
                    sb.append("<nav><ul class=\"toc\">\n");
                    for (Block o : blocks) {
                        if (o instanceof Heading h && ids.containsKey(h)) {
                            sb.append("<li><a href=\"#").append(ids.get(h)).append("\">").append(inline(h.text())).append("</a></li>\n");
                        }
                    }
                    sb.append("</ul></nav>\n");
                }
            }
        }
        sb.append("</main>\n</body>\n</html>\n");
        return sb.toString();
    }

    public String markdown() {
        var sb = new StringBuilder("# ").append(title).append("\n\n");
        for (Block b : blocks) {
            switch (b) {
                case Heading h -> sb.append("#".repeat(Math.clamp(h.level(), 2, 6))).append(' ').append(h.text()).append("\n\n");
                case Paragraph p -> sb.append(p.text()).append("\n\n");
                case Bullets l -> {
                    for (String item : l.items()) sb.append("- ").append(item).append('\n');
                    sb.append('\n');
                }
                case Table t -> markdownTable(sb, t);
                case Figure fig -> sb.append("_Chart: ").append(fig.chart().title()).append(" (in report.html)._\n\n");
                case Contents c -> {}
            }
        }
        return sb.toString();
    }

    /** Ids for level-2 headings, unique within the page. */
    private Map<Heading, String> anchors() {
        Map<Heading, String> ids = new java.util.IdentityHashMap<>();
        Map<String, Integer> used = new HashMap<>();
        for (Block b : blocks) {
            if (!(b instanceof Heading h) || h.level() != 2) continue;
            String slug = h.text().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
            if (slug.isEmpty()) slug = "section";
            int n = used.merge(slug, 1, Integer::sum);
            ids.put(h, n == 1 ? slug : slug + "-" + n);
        }
        return ids;
    }

    private static boolean[] numericColumns(Table t) {
        boolean[] numeric = new boolean[t.header().size()];
        for (int c = 0; c < numeric.length; c++) {
            boolean all = !t.rows().isEmpty();
            for (List<String> row : t.rows()) {
                if (c < row.size() && !NUMERIC.matcher(row.get(c) == null ? "" : row.get(c)).matches()) {
                    all = false;
                    break;
                }
            }
            numeric[c] = all;
        }
        return numeric;
    }

    private static void htmlTable(StringBuilder sb, Table t) {
        boolean[] numeric = numericColumns(t);
        sb.append("<div class=\"wide\"><table>\n<thead><tr>");
        for (int c = 0; c < t.header().size(); c++) {
            sb.append(numeric[c] ? "<th class=\"n\">" : "<th>").append(inline(t.header().get(c))).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : t.rows()) {
            sb.append("<tr>");
            for (int c = 0; c < t.header().size(); c++) {
                String cell = c < row.size() && row.get(c) != null ? row.get(c) : "";
                sb.append(numeric[c] ? "<td class=\"n\">" : "<td>").append(inline(cell)).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody></table></div>\n");
    }

    private static void markdownTable(StringBuilder sb, Table t) {
        boolean[] numeric = numericColumns(t);
        sb.append('|');
        for (String h : t.header()) sb.append(' ').append(cell(h)).append(" |");
        sb.append("\n|");
        for (boolean n : numeric) sb.append(n ? "---:|" : "---|");
        sb.append('\n');
        for (List<String> row : t.rows()) {
            sb.append('|');
            for (int c = 0; c < t.header().size(); c++) sb.append(' ').append(cell(c < row.size() ? row.get(c) : "")).append(" |");
            sb.append('\n');
        }
        sb.append('\n');
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }

    /** Escaped text with `code` spans. */
    static String inline(String s) {
        if (s == null) return "";
        String[] parts = s.split("`", -1);
        if (parts.length % 2 == 0) return Html.escape(s); // unbalanced backticks: plain text
        var sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i % 2 == 1) sb.append("<code>").append(Html.escape(parts[i])).append("</code>");
            else sb.append(Html.escape(parts[i]));
        }
        return sb.toString();
    }

    static final String CSS = """
            body{margin:0;background:#fff;color:#1d1d1f;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
            main{max-width:760px;margin:0 auto;padding:12px 20px 48px}
            h1{font-size:22px;margin:16px 0 8px}
            h2{font-size:18px;margin:32px 0 8px;padding-bottom:4px;border-bottom:1px solid #ddd}
            h3{font-size:15px;margin:20px 0 6px}
            code{font:12.5px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f3f3f3;padding:0 3px;border-radius:3px}
            .wide{overflow-x:auto}
            table{border-collapse:collapse;margin:6px 0 14px;font-size:13px;font-variant-numeric:tabular-nums}
            th,td{padding:3px 9px;border-bottom:1px solid #e5e5e5;text-align:left;vertical-align:top}
            th{border-bottom:1px solid #bbb;font-weight:600}
            td{white-space:nowrap}
            .n{text-align:right}
            figure{margin:10px 0 22px}
            figcaption{font-size:12.5px;color:#555;margin-top:2px}
            ul.toc{columns:2;font-size:13px}
            svg.chart{display:block;max-width:100%;height:auto}
            svg.chart text{font:12px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;fill:#333}
            svg.chart text.title{font-weight:600;font-size:13px}
            svg.chart text.note,svg.chart text.value{font-size:10.5px;fill:#666}
            svg.chart .grid{stroke:#ececec}
            svg.chart .axis{stroke:#999}
            svg.chart .identity{stroke:#555;stroke-dasharray:4 3}
            svg.chart .band{fill:#999;fill-opacity:.15}
            svg.chart .curve{fill:none;stroke-width:1.5}
            svg.chart .points{fill-opacity:.55}
            svg.chart .cdf{fill:none;stroke-width:1.8}
            svg.chart .area{fill-opacity:.22;stroke-width:1.4}
            """;
}
