package frontier.simulate.cluster;

/** One cluster of a deployment: a role, a layout and its engine settings. */
public record ClusterSpec(String name, Role role, Layout layout, EngineSettings engine) {}
