package frontier.calibrate.ingest;

import frontier.calibrate.io.TableData;
import frontier.calibrate.profile.IngestReport;

public record LlmServingSimReader() implements ProfileReader {
    @Override public String format() { return "LlmServingSimReader"; }
    @Override public boolean recognizes(TableData table) { return false; }
    @Override public void read(TableData table, IngestReport out) {}
}
