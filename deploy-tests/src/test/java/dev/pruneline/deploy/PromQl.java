package dev.pruneline.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names and label matchers a PromQL expression uses. A small lexer, enough for the dashboard's queries:
 * string literals, range and subquery brackets and grouping label lists are removed, and every remaining identifier
 * that is neither a function/aggregation call nor a keyword is a metric name.
 */
final class PromQl {

    private static final Set<String> KEYWORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "and",
            "or",
            "unless",
            "offset",
            "atan2",
            "inf",
            "nan");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER =
            Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*,?");

    private PromQl() {}

    /** The metric names an expression selects. */
    static Set<String> metricNames(String expression) {
        String s = STRING.matcher(expression).replaceAll("\"\"");
        s = s.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ");
        s = GROUPING.matcher(s).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String word = m.group();
            int next = m.end();
            while (next < s.length() && Character.isWhitespace(s.charAt(next))) {
                next++;
            }
            boolean call = next < s.length() && s.charAt(next) == '(';
            if (!call && !KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
                names.add(word);
            }
        }
        return names;
    }

    /** The label matchers of each selector {@code name{label op "value", ...}} in an expression. */
    static List<Selector> selectors(String expression) {
        List<Selector> selectors = new ArrayList<>();
        Matcher m = SELECTOR.matcher(expression);
        while (m.find()) {
            Map<String, String> equal = new LinkedHashMap<>();
            Set<String> labels = new LinkedHashSet<>();
            Matcher matcher = MATCHER.matcher(m.group(2));
            int end = 0;
            while (matcher.lookingAt()) {
                labels.add(matcher.group(1));
                if (matcher.group(2).equals("=")) {
                    equal.put(matcher.group(1), matcher.group(3));
                }
                end = matcher.end();
                matcher.region(end, m.group(2).length());
            }
            if (!m.group(2).substring(end).isBlank()) {
                throw new IllegalArgumentException("cannot read label matchers '" + m.group(2) + "' in " + expression);
            }
            selectors.add(new Selector(m.group(1), labels, equal));
        }
        return selectors;
    }

    /** One selector: the metric, the labels it matches on, and the values of its equality matchers. */
    record Selector(String metric, Set<String> labels, Map<String, String> equalities) {}
}
