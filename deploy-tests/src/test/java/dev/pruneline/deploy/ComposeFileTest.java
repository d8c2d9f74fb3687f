package dev.pruneline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docker-compose.yml, deploy/prometheus and deploy/grafana agree with the services' code and with each other. */
class ComposeFileTest {

    private static final Pattern POM_PROPERTY = Pattern.compile("<kafka\\.version>([^<]+)</kafka\\.version>");

    private final Map<String, Object> compose = Repository.yaml("docker-compose.yml");
    private final Map<String, Object> services = Yamls.map(compose, "services");

    @Test
    void shouldRunEveryServiceModuleFromTheSharedDockerfileOnItsOwnPort() {
        for (ServiceModule module : ServiceModule.all()) {
            Map<String, Object> service = service(module.name());
            assertEquals("deploy/docker/Dockerfile", Yamls.string(service, "build", "dockerfile"), module.name());
            assertEquals(".", Yamls.string(service, "build", "context"), module.name());
            assertEquals(module.name(), Yamls.string(service, "build", "args", "MODULE"));
            assertEquals(
                    String.valueOf(module.httpPort()),
                    Yamls.string(service, "build", "args", "HTTP_PORT"),
                    module.name() + ": HTTP_PORT build arg must be quarkus.http.port");
            assertTrue(
                    Yamls.list(service, "ports").contains(module.httpPort() + ":" + module.httpPort()),
                    module.name() + " publishes " + Yamls.list(service, "ports"));
        }
    }

    @Test
    void shouldConfigureServicesOnlyThroughTheirOwnConfigKeys() {
        for (ServiceModule module : ServiceModule.all()) {
            ConfigKeys keys = ConfigKeys.of(module);
            Map<String, String> environment = environment(module.name());
            assertFalse(environment.isEmpty(), module.name() + " has no environment");
            environment.forEach((variable, value) -> {
                RuntimeVariables.assertReadBy(module, keys, variable, "docker-compose.yml");
                keys.keyForEnv(variable)
                        .flatMap(keys::allowedValues)
                        .ifPresent(allowed -> assertTrue(
                                allowed.contains(value.toLowerCase(java.util.Locale.ROOT)),
                                module.name() + ": " + variable + "=" + value + " is none of " + allowed));
            });
        }
    }

    @Test
    void shouldPointEveryServiceAtTheComposeKafkaAndS3() {
        for (ServiceModule module : ServiceModule.all()) {
            Map<String, String> environment = environment(module.name());
            assertEquals("kafka:9092", environment.get("KAFKA_BOOTSTRAP_SERVERS"), module.name());
            assertEquals("http://minio:9000", environment.get("PRUNELINE_S3_ENDPOINT"), module.name());
            assertEquals(bucket(), environment.get("PRUNELINE_S3_BUCKET"), module.name());
            assertTrue(dependsOn(module.name()).contains("kafka-init"), module.name() + " must wait for the topics");
            assertTrue(dependsOn(module.name()).contains("minio-init"), module.name() + " must wait for the bucket");
        }
    }

    @Test
    void shouldKeepTheRegistryInThePostgresqlOfTheStack() {
        Map<String, String> environment = environment("registry-service");
        assertEquals("postgresql", environment.get("PRUNELINE_REGISTRY_DATABASE"));
        assertTrue(environment.get("PRUNELINE_REGISTRY_PG_URL").startsWith("jdbc:postgresql://postgres:5432/"));
        String database = environment.get("PRUNELINE_REGISTRY_PG_URL").replaceAll(".*/", "");
        assertEquals(database, Yamls.string(service("postgres"), "environment", "POSTGRES_DB"));
        assertTrue(dependsOn("registry-service").contains("postgres"));
    }

    @Test
    void shouldRunKafkaInKraftModeWithoutAutoCreatedTopics() {
        Map<String, Object> kafka = service("kafka");
        Matcher version = POM_PROPERTY.matcher(Repository.read("pom.xml"));
        assertTrue(version.find());
        assertEquals(
                "apache/kafka:" + version.group(1),
                Yamls.string(kafka, "image"),
                "the broker image follows the root pom's kafka.version");
        Map<String, Object> env = Yamls.map(kafka, "environment");
        assertEquals("broker,controller", Yamls.string(env, "KAFKA_PROCESS_ROLES"));
        assertEquals("false", Yamls.string(env, "KAFKA_AUTO_CREATE_TOPICS_ENABLE"));
    }

    @Test
    void shouldCreateTheTopicsFromTheTopicListWithAnInitContainer() {
        Map<String, Object> init = service("kafka-init");
        String entrypoint = String.join(
                " ",
                Yamls.list(init, "entrypoint").stream().map(String::valueOf).toList());
        assertTrue(entrypoint.contains("/pruneline/kafka/create-topics.sh"), entrypoint);
        assertTrue(entrypoint.contains("/pruneline/kafka/topics.txt"), entrypoint);
        assertTrue(Yamls.list(init, "volumes").contains("./deploy/kafka:/pruneline/kafka:ro"));
        assertTrue(Repository.read("deploy/kafka/create-topics.sh").contains("--partitions"));
    }

    @Test
    void shouldCreateTheServicesBucketAtStart() {
        String command = String.join(
                " ",
                Yamls.list(service("minio-init"), "entrypoint").stream()
                        .map(String::valueOf)
                        .toList());
        assertTrue(command.contains("mc mb --ignore-existing pruneline/" + bucket()), command);
    }

    @Test
    void shouldScrapeEveryServiceAndTheLagExporter() {
        Map<String, Object> prometheus = Repository.yaml("deploy/prometheus/prometheus.yml");
        Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
        for (Object job : Yamls.list(prometheus, "scrape_configs")) {
            jobs.put(Yamls.string(job, "job_name"), Yamls.map(job));
        }
        for (ServiceModule module : ServiceModule.all()) {
            Map<String, Object> job = jobs.get(module.name());
            assertTrue(job != null, "no scrape job for " + module.name());
            assertEquals("/q/metrics", Yamls.string(job, "metrics_path"));
            assertEquals(
                    List.of(module.name() + ":" + module.httpPort()),
                    Yamls.list(Yamls.list(job, "static_configs").get(0), "targets"));
        }
        assertEquals(
                List.of("kafka-exporter:9308"),
                Yamls.list(
                        Yamls.list(jobs.get("kafka-exporter"), "static_configs").get(0), "targets"));
        assertTrue(services.containsKey("kafka-exporter"));
        assertTrue(Yamls.list(service("prometheus"), "volumes")
                .contains("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro"));
    }

    @Test
    void shouldProvisionGrafanaWithTheDashboardAndDataSourceOfTheRepository() {
        List<Object> volumes = Yamls.list(service("grafana"), "volumes");
        assertTrue(volumes.contains("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro"), volumes.toString());
        String dashboards = volumes.stream()
                .map(String::valueOf)
                .filter(v -> v.startsWith("./deploy/grafana/dashboards:"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("dashboards are not mounted: " + volumes))
                .split(":")[1];
        Map<String, Object> provider = Yamls.map(
                Yamls.list(Repository.yaml("deploy/grafana/provisioning/dashboards/pruneline.yml"), "providers")
                        .get(0));
        assertEquals(dashboards, Yamls.string(provider, "options", "path"));
        Map<String, Object> datasource = Yamls.map(
                Yamls.list(Repository.yaml("deploy/grafana/provisioning/datasources/prometheus.yml"), "datasources")
                        .get(0));
        assertEquals("http://prometheus:9090", Yamls.string(datasource, "url"));
        assertEquals(
                Dashboard.load().datasourceUids(),
                Set.of(Yamls.string(datasource, "uid")),
                "every panel must use the provisioned data source");
        assertTrue(Yamls.string(service("grafana"), "environment", "GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")
                .startsWith(dashboards + "/"));
    }

    @Test
    void shouldOnlyReferToDefinedServicesAndVolumes() {
        Set<String> volumes = Yamls.map(compose, "volumes").keySet();
        services.forEach((name, definition) -> {
            for (String dependency : dependsOn(name)) {
                assertTrue(services.containsKey(dependency), name + " depends on unknown " + dependency);
            }
            Object mounts = Yamls.at(definition, "volumes");
            if (mounts != null) {
                for (Object mount : Yamls.list(mounts)) {
                    String source = String.valueOf(mount).split(":")[0];
                    if (!source.startsWith(".")) {
                        assertTrue(volumes.contains(source), name + " mounts undeclared volume " + source);
                    } else {
                        assertTrue(
                                java.nio.file.Files.exists(Repository.path(source.substring(2))),
                                name + " mounts missing " + source);
                    }
                }
            }
        });
    }

    private Map<String, Object> service(String name) {
        Object service = services.get(name);
        if (service == null) {
            fail("docker-compose.yml has no service " + name);
        }
        return Yamls.map(service);
    }

    private Map<String, String> environment(String name) {
        Object env = Yamls.at(service(name), "environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> map) {
            map.forEach((k, v) -> result.put(String.valueOf(k), String.valueOf(v)));
        } else if (env instanceof List<?> list) {
            list.forEach(item -> {
                String[] parts = String.valueOf(item).split("=", 2);
                result.put(parts[0], parts.length > 1 ? parts[1] : "");
            });
        }
        return result;
    }

    private List<String> dependsOn(String name) {
        Object dependsOn = Yamls.at(service(name), "depends_on");
        List<String> names = new ArrayList<>();
        if (dependsOn instanceof Map<?, ?> map) {
            map.keySet().forEach(k -> names.add(String.valueOf(k)));
        } else if (dependsOn instanceof List<?> list) {
            list.forEach(k -> names.add(String.valueOf(k)));
        }
        return names;
    }

    private String bucket() {
        return environment("ingest-service").get("PRUNELINE_S3_BUCKET");
    }
}
