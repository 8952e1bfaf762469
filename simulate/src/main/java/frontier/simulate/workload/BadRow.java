package frontier.simulate.workload;

/**
 * One row a reader cannot turn into a request. Checked, so that every reader has to decide
 * between failing on it and skipping it ({@link RowRules#reject}).
 *
 * @param problem what is wrong, e.g. "output tokens must be positive, got 0"
 * @param fix     how the user can fix the row, e.g. "fix the row"
 */
final class BadRow extends Exception {
    private final String fix;

    BadRow(String problem, String fix) {
        super(problem, null, false, false);
        this.fix = fix;
    }

    String problem() { return getMessage(); }

    String fix() { return fix; }
}
