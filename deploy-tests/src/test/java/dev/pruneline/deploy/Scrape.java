package dev.pruneline.deploy;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A Prometheus text exposition (format 0.0.4, what {@code /q/metrics} answers): every sample name with the label
 * names and values seen on it.
 */
final class Scrape {

    /** sample name -> label name -> values seen. */
    private final Map<String, Map<String, Set<String>>> samples = new TreeMap<>();

    static Scrape parse(String text) {
        Scrape scrape = new Scrape();
        for (String line : text.split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
            Map<String, Set<String>> labels = scrape.samples.computeIfAbsent(name, n -> new TreeMap<>());
            if (brace >= 0 && brace < space) {
                parseLabels(line.substring(brace + 1, line.lastIndexOf('}')), labels);
            }
        }
        return scrape;
    }

    private static void parseLabels(String body, Map<String, Set<String>> labels) {
        int i = 0;
        while (i < body.length()) {
            int eq = body.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String name = body.substring(i, eq).strip();
            StringBuilder value = new StringBuilder();
            int j = eq + 2; // skip ="
            while (j < body.length() && body.charAt(j) != '"') {
                if (body.charAt(j) == '\\' && j + 1 < body.length()) {
                    j++;
                }
                value.append(body.charAt(j++));
            }
            labels.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(value.toString());
            i = j + 1;
            while (i < body.length() && (body.charAt(i) == ',' || body.charAt(i) == ' ')) {
                i++;
            }
        }
    }

    Set<String> names() {
        return samples.keySet();
    }

    boolean has(String name) {
        return samples.containsKey(name);
    }

    /** Label name -> values seen, for one sample name. */
    Map<String, Set<String>> labels(String name) {
        return samples.getOrDefault(name, Map.of());
    }

    /** Both scrapes' samples together. */
    Scrape plus(Scrape other) {
        Scrape sum = new Scrape();
        for (Scrape s : new Scrape[] {this, other}) {
            s.samples.forEach((name, labels) -> labels.forEach((label, values) -> sum.samples
                    .computeIfAbsent(name, n -> new TreeMap<>())
                    .computeIfAbsent(label, l -> new LinkedHashSet<>())
                    .addAll(values)));
            s.samples.keySet().forEach(name -> sum.samples.computeIfAbsent(name, n -> new TreeMap<>()));
        }
        return sum;
    }

    @Override
    public String toString() {
        return new LinkedHashMap<>(samples).toString();
    }
}
