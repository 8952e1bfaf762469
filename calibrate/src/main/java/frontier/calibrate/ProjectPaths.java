package frontier.calibrate;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the shipped folders (datasets, hardware-profiles, examples) live: the directory named by
 * FRONTIER_HOME (the launcher sets it), else the working directory or its nearest parent holding
 * {@code hardware-profiles/}.
 */
public final class ProjectPaths {
    private ProjectPaths() {}

    public static Path root() {
        String home = System.getenv("FRONTIER_HOME");
        if (home != null && !home.isBlank()) return Path.of(home).toAbsolutePath();
        Path p = Path.of("").toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.isDirectory(q.resolve("hardware-profiles")) && Files.isDirectory(q.resolve("datasets"))) return q;
        }
        return p;
    }

    public static Path datasets() { return root().resolve("datasets"); }
}
