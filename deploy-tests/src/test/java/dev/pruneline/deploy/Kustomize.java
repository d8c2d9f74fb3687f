package dev.pruneline.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A renderer for the subset of kustomize that k8s/ uses, so that tests see what {@code kustomize build} produces:
 * {@code resources} (files and kustomization folders), {@code namespace}, and {@code patches} given by {@code path}
 * as strategic merge patches matched by kind and name. In the patches, the lists {@code containers},
 * {@code initContainers}, {@code env} and {@code volumes} merge by {@code name} (their patch merge key); every other
 * list and scalar replaces the base's, and maps merge. Any other kustomization field, a patch directive or a patch
 * without exactly one target fails the render, so the renderer cannot silently drift from kustomize.
 */
final class Kustomize {

    private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "namespace", "resources", "patches");
    private static final Set<String> MERGE_BY_NAME = Set.of("containers", "initContainers", "env", "volumes");

    private Kustomize() {}

    /** The resources of {@code kustomize build dir}. */
    static List<Map<String, Object>> build(Path dir) {
        Map<String, Object> kustomization = Repository.yaml(dir.resolve("kustomization.yaml"));
        for (String field : kustomization.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new IllegalStateException(dir + "/kustomization.yaml: field '" + field
                        + "' is not supported by the test renderer " + FIELDS);
            }
        }
        List<Map<String, Object>> resources = new ArrayList<>();
        for (Object entry : listOrEmpty(kustomization.get("resources"))) {
            Path path = dir.resolve(String.valueOf(entry)).normalize();
            if (Files.isDirectory(path)) {
                resources.addAll(build(path));
            } else if (Files.isRegularFile(path)) {
                for (Object doc : Repository.yamlDocuments(path)) {
                    resources.add(asResource(doc, path));
                }
            } else {
                throw new IllegalStateException(dir + ": resource " + entry + " does not exist");
            }
        }
        for (Object entry : listOrEmpty(kustomization.get("patches"))) {
            Map<String, Object> patchEntry = Yamls.map(entry);
            if (!patchEntry.keySet().equals(Set.of("path"))) {
                throw new IllegalStateException(dir + ": only 'path' patches are supported, got " + patchEntry);
            }
            Path path = dir.resolve(String.valueOf(patchEntry.get("path"))).normalize();
            for (Object doc : Repository.yamlDocuments(path)) {
                applyPatch(resources, asResource(doc, path), path);
            }
        }
        Object namespace = kustomization.get("namespace");
        if (namespace != null) {
            for (Map<String, Object> resource : resources) {
                if (!"Namespace".equals(resource.get("kind"))) {
                    Yamls.map(resource, "metadata").put("namespace", namespace);
                }
            }
        }
        return resources;
    }

    private static void applyPatch(List<Map<String, Object>> resources, Map<String, Object> patch, Path file) {
        String kind = Yamls.string(patch, "kind");
        String name = Yamls.string(patch, "metadata", "name");
        List<Map<String, Object>> targets = resources.stream()
                .filter(r -> kind.equals(r.get("kind"))
                        && name.equals(Yamls.at(r, "metadata", "name"))
                        && group(r).equals(group(patch)))
                .toList();
        if (targets.size() != 1) {
            throw new IllegalStateException(
                    file + ": patch for " + kind + "/" + name + " matches " + targets.size() + " resources, not one");
        }
        merge(targets.get(0), patch, file.toString());
    }

    private static String group(Map<String, Object> resource) {
        String apiVersion = Yamls.string(resource, "apiVersion");
        return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    }

    @SuppressWarnings("unchecked")
    static void merge(Map<String, Object> base, Map<String, Object> patch, String where) {
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("$")) {
                throw new IllegalStateException(where + ": patch directive " + key + " is not supported");
            }
            Object current = base.get(key);
            Object change = e.getValue();
            if (current instanceof Map && change instanceof Map) {
                merge((Map<String, Object>) current, (Map<String, Object>) change, where + "." + key);
            } else if (current instanceof List && change instanceof List && MERGE_BY_NAME.contains(key)) {
                mergeByName((List<Object>) current, (List<Object>) change, where + "." + key);
            } else {
                base.put(key, deepCopy(change));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void mergeByName(List<Object> base, List<Object> patch, String where) {
        for (Object item : patch) {
            Map<String, Object> change = Yamls.map(item);
            Object name = change.get("name");
            if (name == null) {
                throw new IllegalStateException(where + ": list item without a name: " + change);
            }
            Map<String, Object> existing = base.stream()
                    .map(o -> (Map<String, Object>) o)
                    .filter(m -> name.equals(m.get("name")))
                    .findFirst()
                    .orElse(null);
            if (existing == null) {
                base.add(deepCopy(change));
            } else {
                merge(existing, change, where + "[" + name + "]");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(deepCopy(v)));
            return (T) copy;
        }
        return value;
    }

    private static Map<String, Object> asResource(Object doc, Path file) {
        Map<String, Object> resource = deepCopy(Yamls.map(doc));
        Yamls.string(resource, "apiVersion");
        Yamls.string(resource, "kind");
        Yamls.string(resource, "metadata", "name");
        return resource;
    }

    private static List<Object> listOrEmpty(Object node) {
        return node == null ? List.of() : Yamls.list(node);
    }
}
