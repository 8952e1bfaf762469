package frontier.calibrate.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A digest of the calibration code itself: the compiled classes of the module that holds
 * {@link Version}, by name and content. Bundles cached by one build are keyed by it, so a build
 * whose ingest, physics or fitting differs refits instead of loading models it would not have
 * fitted, even where {@link Version#CALIBRATION} was left as it was. A jar and a folder with the
 * same classes digest alike; file times do not count.
 */
public final class CodeFingerprint {
    private static volatile String calibrate;

    private CodeFingerprint() {}

    /** The calibration code's digest; empty where the classes cannot be read (then only the version keys caches). */
    public static String calibrateCode() {
        String f = calibrate;
        if (f == null) {
            try {
                var source = Version.class.getProtectionDomain().getCodeSource();
                f = source == null ? "" : of(Path.of(source.getLocation().toURI()));
            } catch (IOException | URISyntaxException | RuntimeException e) {
                f = "";
            }
            calibrate = f;
        }
        return f;
    }

    /** SHA-256 over the {@code .class} entries of a jar or a classes folder, in name order. */
    public static String of(Path codeSource) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (Files.isDirectory(codeSource)) {
            List<Path> classes = new ArrayList<>();
            try (var walk = Files.walk(codeSource)) {
                walk.filter(p -> p.toString().endsWith(".class") && Files.isRegularFile(p)).forEach(classes::add);
            }
            List<String> names = new ArrayList<>();
            for (Path p : classes) names.add(codeSource.relativize(p).toString().replace('\\', '/'));
            names.sort(null);
            for (String name : names) add(md, name, Files.readAllBytes(codeSource.resolve(name)));
        } else {
            try (var zip = new ZipFile(codeSource.toFile())) {
                List<ZipEntry> entries = new ArrayList<>();
                zip.stream().filter(e -> !e.isDirectory() && e.getName().endsWith(".class")).forEach(entries::add);
                entries.sort((a, b) -> a.getName().compareTo(b.getName()));
                for (ZipEntry e : entries) {
                    try (InputStream in = zip.getInputStream(e)) {
                        add(md, e.getName(), in.readAllBytes());
                    }
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void add(MessageDigest md, String name, byte[] content) {
        md.update(name.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(Long.toString(content.length).getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(content);
    }
}
