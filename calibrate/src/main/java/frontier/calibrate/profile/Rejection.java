package frontier.calibrate.profile;

/** Rows of one file left out for one reason, counted rather than silently dropped. */
public record Rejection(String file, String reason, long rows) {}
