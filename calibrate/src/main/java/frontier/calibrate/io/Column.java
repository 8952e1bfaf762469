package frontier.calibrate.io;

/** One named column of a table, typed so that readers and writers agree on the Parquet type. */
public record Column(String name, Type type) {

    public enum Type { DOUBLE, LONG, STRING, BOOLEAN }

    public static Column dbl(String name) { return new Column(name, Type.DOUBLE); }
    public static Column lng(String name) { return new Column(name, Type.LONG); }
    public static Column str(String name) { return new Column(name, Type.STRING); }
    public static Column bool(String name) { return new Column(name, Type.BOOLEAN); }
}
