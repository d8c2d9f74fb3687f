package dev.pruneline.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The repository under test: its root and its files, read with real parsers. */
final class Repository {

    private static final Path ROOT = findRoot();

    private Repository() {}

    static Path root() {
        return ROOT;
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(String relative) {
        return read(path(relative));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The one YAML document of a file, as maps and lists (merge keys resolved). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path file) {
        List<Object> docs = yamlDocuments(file);
        if (docs.size() != 1 || !(docs.get(0) instanceof Map)) {
            throw new IllegalStateException(file + ": expected one YAML mapping, found " + docs.size() + " documents");
        }
        return (Map<String, Object>) docs.get(0);
    }

    static Map<String, Object> yaml(String relative) {
        return yaml(path(relative));
    }

    /** Every non-empty YAML document of a file. */
    static List<Object> yamlDocuments(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<Object> docs = new ArrayList<>();
        for (Object doc : new Yaml(options).loadAll(read(file))) {
            if (doc != null) {
                docs.add(doc);
            }
        }
        return docs;
    }

    private static Path findRoot() {
        String home = System.getProperty("pruneline.home");
        Path start = home != null ? Path.of(home) : Path.of("").toAbsolutePath();
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (docker-compose.yml beside pom.xml) above " + start);
    }
}
