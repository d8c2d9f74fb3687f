package dev.pruneline.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Quarkus service of the reactor: a module of the root pom whose {@code application.properties} sets
 * {@code quarkus.http.port}. Its port, its consumed channels and its config keys come from its own files.
 */
record ServiceModule(String name, Map<String, String> properties) {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    /** Every service module, in reactor order. */
    static List<ServiceModule> all() {
        List<ServiceModule> services = new ArrayList<>();
        Matcher m = MODULE.matcher(Repository.read("pom.xml"));
        while (m.find()) {
            Path properties = Repository.path(m.group(1)).resolve("src/main/resources/application.properties");
            if (Files.isRegularFile(properties)) {
                Map<String, String> values = load(properties);
                if (values.containsKey("quarkus.http.port")) {
                    services.add(new ServiceModule(m.group(1), values));
                }
            }
        }
        return services;
    }

    static ServiceModule named(String name) {
        return all().stream()
                .filter(s -> s.name.equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no service module " + name));
    }

    /** quarkus.http.port of the default profile. */
    int httpPort() {
        return Integer.parseInt(properties.get("quarkus.http.port"));
    }

    boolean isWorker() {
        return properties.keySet().stream().anyMatch(k -> k.startsWith("pruneline.worker."))
                || ModuleClasses.withDependencies(name).contains("worker-common");
    }

    /** The incoming channels: channel name -> {topic, group.id}, from mp.messaging.incoming.*. */
    Map<String, Channel> incomingChannels() {
        Map<String, Channel> channels = new LinkedHashMap<>();
        Pattern key = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.topics?");
        properties.forEach((k, v) -> {
            Matcher m = key.matcher(k);
            if (m.matches()) {
                String channel = m.group(1);
                channels.put(
                        channel,
                        new Channel(channel, v, properties.get("mp.messaging.incoming." + channel + ".group.id")));
            }
        });
        return channels;
    }

    /** The health and metrics paths are Quarkus' defaults unless a service moves them. */
    boolean keepsDefaultManagementPaths() {
        return properties.keySet().stream()
                .noneMatch(k -> k.equals("quarkus.http.non-application-root-path")
                        || k.equals("quarkus.http.root-path")
                        || k.startsWith("quarkus.smallrye-health.root-path")
                        || k.startsWith("quarkus.smallrye-health.liveness-path")
                        || k.startsWith("quarkus.smallrye-health.readiness-path")
                        || k.startsWith("quarkus.micrometer.export.prometheus.path")
                        || k.startsWith("quarkus.management.enabled"));
    }

    /** A consumed channel. */
    record Channel(String name, String topic, String groupId) {}

    /** The default profile's properties: keys with a %profile prefix are left out. */
    private static Map<String, String> load(Path file) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().stream()
                .filter(k -> !k.startsWith("%"))
                .sorted()
                .forEach(k -> values.put(k, properties.getProperty(k)));
        return values;
    }
}
