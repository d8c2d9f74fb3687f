package dev.pruneline.deploy;

import java.util.List;
import java.util.Map;

/** Typed access into parsed YAML/JSON trees, failing with the path that was missing. */
final class Yamls {

    private Yamls() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object tree, String... path) {
        Object node = at(tree, path);
        if (!(node instanceof Map)) {
            throw new AssertionError(String.join(".", path) + " is not a mapping: " + node);
        }
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object tree, String... path) {
        Object node = at(tree, path);
        if (!(node instanceof List)) {
            throw new AssertionError(String.join(".", path) + " is not a list: " + node);
        }
        return (List<Object>) node;
    }

    static String string(Object tree, String... path) {
        Object node = at(tree, path);
        if (node == null) {
            throw new AssertionError(String.join(".", path) + " is missing");
        }
        return String.valueOf(node);
    }

    /** The node at a path of mapping keys, or null. */
    @SuppressWarnings("unchecked")
    static Object at(Object tree, String... path) {
        Object node = tree;
        for (String key : path) {
            if (!(node instanceof Map)) {
                return null;
            }
            node = ((Map<String, Object>) node).get(key);
        }
        return node;
    }
}
