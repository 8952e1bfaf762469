package frontier.calibrate.features;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stable integer codes for text categories (kernel names, operator names) seen in training.
 * Codes follow first appearance in sorted training order, so the same rows give the same codes.
 */
public final class Vocabulary {
    private final List<String> words = new ArrayList<>();
    private final Map<String, Integer> codes = new HashMap<>();

    public Vocabulary() {}

    public Vocabulary(List<String> words) {
        words.forEach(this::add);
    }

    public int add(String word) {
        String w = word == null ? "" : word;
        return codes.computeIfAbsent(w, k -> {
            words.add(k);
            return words.size() - 1;
        });
    }

    /** The code, or -1 for a word never seen in training. */
    public int code(String word) {
        return codes.getOrDefault(word == null ? "" : word, -1);
    }

    public List<String> words() { return List.copyOf(words); }

    public int size() { return words.size(); }
}
