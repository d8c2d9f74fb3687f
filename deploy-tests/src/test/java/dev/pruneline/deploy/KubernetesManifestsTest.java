package dev.pruneline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pruneline.pipeline.event.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rendered overlays (k8s/overlays/cpu and gpu, through {@link Kustomize}) parse as fabric8 Kubernetes model objects
 * with no unknown field, and agree with the services' code: ports, health paths, config keys, consumer groups, topics.
 */
class KubernetesManifestsTest {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.of(
            "apps/v1/Deployment",
            Deployment.class,
            "v1/Service",
            Service.class,
            "v1/ConfigMap",
            ConfigMap.class,
            "v1/Namespace",
            Namespace.class,
            "policy/v1/PodDisruptionBudget",
            PodDisruptionBudget.class);
    private static final Set<String> CUSTOM =
            Set.of("keda.sh/v1alpha1/ScaledObject", "kafka.strimzi.io/v1beta2/KafkaTopic");
    private static final Set<String> SECRETS =
            Set.of("pruneline-s3", "pruneline-postgres", "pruneline-registry-operator", "pruneline-ingest-uploader");

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void shouldRenderOnlyKnownKindsWithoutUnknownFields(String overlay) {
        Rendered rendered = render(overlay);
        assertFalse(rendered.resources.isEmpty());
        for (Path file : manifestFiles()) {
            assertFalse(Repository.yamlDocuments(file).isEmpty(), file + " is empty");
        }
        assertTrue(
                rendered.all.stream().noneMatch(r -> "Secret".equals(r.get("kind"))),
                "Secrets are created by the operator, never kept in the repository");
        rendered.all.forEach(r -> assertEquals(
                "pruneline",
                "Namespace".equals(r.get("kind"))
                        ? Yamls.string(r, "metadata", "name")
                        : Yamls.string(r, "metadata", "namespace")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void shouldServeEveryServiceOnItsPortWithItsHealthChecks(String overlay) {
        Rendered rendered = render(overlay);
        for (ServiceModule module : ServiceModule.all()) {
            Deployment deployment = rendered.get(Deployment.class, module.name());
            assertTrue(module.keepsDefaultManagementPaths(), module.name() + " moves /q/health or /q/metrics");
            Container container = container(deployment, module.name());
            assertEquals(module.httpPort(), container.getPorts().get(0).getContainerPort(), module.name());
            assertEquals("http", container.getPorts().get(0).getName());
            assertProbe(container.getReadinessProbe().getHttpGet(), "/q/health/ready", container, module);
            assertProbe(container.getLivenessProbe().getHttpGet(), "/q/health/live", container, module);
            assertProbe(container.getStartupProbe().getHttpGet(), "/q/health/live", container, module);

            Map<String, String> annotations =
                    deployment.getSpec().getTemplate().getMetadata().getAnnotations();
            assertEquals("true", annotations.get("prometheus.io/scrape"));
            assertEquals(String.valueOf(module.httpPort()), annotations.get("prometheus.io/port"));
            assertEquals("/q/metrics", annotations.get("prometheus.io/path"));

            Service service = rendered.get(Service.class, module.name());
            assertEquals(module.httpPort(), service.getSpec().getPorts().get(0).getPort());
            assertEquals(
                    "http", service.getSpec().getPorts().get(0).getTargetPort().getStrVal());
            Map<String, String> podLabels =
                    deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertTrue(podLabels
                    .entrySet()
                    .containsAll(service.getSpec().getSelector().entrySet()));
            assertTrue(podLabels
                    .entrySet()
                    .containsAll(
                            deployment.getSpec().getSelector().getMatchLabels().entrySet()));

            PodDisruptionBudget pdb = rendered.get(PodDisruptionBudget.class, module.name());
            assertTrue(podLabels
                    .entrySet()
                    .containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void shouldSetOnlyConfigKeysAndTakeCredentialsFromSecrets(String overlay) {
        Rendered rendered = render(overlay);
        ConfigMap config = rendered.get(ConfigMap.class, "pruneline-config");
        for (ServiceModule module : ServiceModule.all()) {
            ConfigKeys keys = ConfigKeys.of(module);
            Container container = container(rendered.get(Deployment.class, module.name()), module.name());
            assertTrue(
                    container.getEnvFrom() == null || container.getEnvFrom().isEmpty(),
                    module.name() + ": envFrom would hand every key to every service; map keys one by one");
            for (EnvVar env : container.getEnv()) {
                RuntimeVariables.assertReadBy(module, keys, env.getName(), "k8s/overlays/" + overlay);
                String where = module.name() + " " + env.getName();
                if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                    var ref = env.getValueFrom().getConfigMapKeyRef();
                    assertEquals("pruneline-config", ref.getName(), where);
                    String value = config.getData().get(ref.getKey());
                    assertNotNull(value, where + ": the ConfigMap has no key " + ref.getKey());
                    keys.keyForEnv(env.getName())
                            .flatMap(keys::allowedValues)
                            .ifPresent(allowed -> assertTrue(
                                    allowed.contains(value), where + "=" + value + " is none of " + allowed));
                } else if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                    assertTrue(
                            SECRETS.contains(
                                    env.getValueFrom().getSecretKeyRef().getName()),
                            where);
                } else if (env.getValueFrom() == null) {
                    assertFalse(
                            env.getName().matches(".*(PASSWORD|SECRET|ACCESS_KEY|USERNAME).*"),
                            where + " is a credential: take it from a Secret");
                }
            }
            for (String credential : List.of("PRUNELINE_S3_ACCESS_KEY", "PRUNELINE_S3_SECRET_KEY")) {
                assertTrue(
                        container.getEnv().stream()
                                .anyMatch(e -> e.getName().equals(credential)
                                        && e.getValueFrom().getSecretKeyRef() != null),
                        module.name() + " " + credential);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void shouldBoundEveryContainerAndRunItAsNonRoot(String overlay) {
        Rendered rendered = render(overlay);
        for (ServiceModule module : ServiceModule.all()) {
            Deployment deployment = rendered.get(Deployment.class, module.name());
            Container container = container(deployment, module.name());
            for (String resource : List.of("cpu", "memory")) {
                assertNotNull(
                        container.getResources().getRequests().get(resource), module.name() + " request " + resource);
                assertNotNull(container.getResources().getLimits().get(resource), module.name() + " limit " + resource);
                assertTrue(Quantity.getAmountInBytes(
                                        container.getResources().getRequests().get(resource))
                                .compareTo(Quantity.getAmountInBytes(
                                        container.getResources().getLimits().get(resource)))
                        <= 0);
            }
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertTrue(pod.getSecurityContext().getRunAsNonRoot());
            assertEquals(Boolean.FALSE, container.getSecurityContext().getAllowPrivilegeEscalation());
            boolean gpu = container.getResources().getLimits().containsKey("nvidia.com/gpu");
            boolean expectGpu = overlay.equals("gpu") && module.isWorker();
            assertEquals(expectGpu, gpu, module.name() + " in overlay " + overlay + ": nvidia.com/gpu limit");
            if (expectGpu) {
                assertEquals("true", pod.getNodeSelector().get("nvidia.com/gpu.present"));
                assertTrue(pod.getTolerations().stream().anyMatch(t -> "nvidia.com/gpu".equals(t.getKey())));
                assertTrue(container.getImage().endsWith("-cu128"), container.getImage());
            } else {
                assertFalse(container.getImage().contains("cu1"), container.getImage());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void shouldScaleEachWorkerOnTheLagOfItsOwnGroupUpToThePartitions(String overlay) {
        Rendered rendered = render(overlay);
        Map<String, Integer> partitions = new LinkedHashMap<>();
        rendered.custom("KafkaTopic")
                .forEach(t -> partitions.put(
                        String.valueOf(
                                t.getAdditionalProperties().get("spec") instanceof Map<?, ?> s
                                        ? s.get("topicName")
                                        : null),
                        ((Number) Yamls.at(t.getAdditionalProperties(), "spec", "partitions")).intValue()));
        String bootstrap =
                rendered.get(ConfigMap.class, "pruneline-config").getData().get("kafka.bootstrap.servers");
        List<String> scaled = new ArrayList<>();
        for (GenericKubernetesResource scaledObject : rendered.custom("ScaledObject")) {
            Map<String, Object> spec = Yamls.map(scaledObject.getAdditionalProperties(), "spec");
            String target = Yamls.string(spec, "scaleTargetRef", "name");
            scaled.add(target);
            ServiceModule module = ServiceModule.named(target);
            assertTrue(module.isWorker(), target + " is not a worker");
            rendered.get(Deployment.class, target);
            ServiceModule.Channel channel =
                    module.incomingChannels().values().iterator().next();
            Map<String, Object> trigger = Yamls.map(Yamls.list(spec, "triggers").get(0));
            assertEquals("kafka", trigger.get("type"));
            assertEquals(channel.groupId(), Yamls.string(trigger, "metadata", "consumerGroup"), target);
            assertEquals(channel.topic(), Yamls.string(trigger, "metadata", "topic"), target);
            assertEquals(bootstrap, Yamls.string(trigger, "metadata", "bootstrapServers"), target);
            int max = ((Number) spec.get("maxReplicaCount")).intValue();
            assertTrue(
                    max <= partitions.get(channel.topic()),
                    target + ": " + max + " replicas but " + partitions.get(channel.topic()) + " partitions of "
                            + channel.topic());
            assertEquals(
                    null,
                    rendered.get(Deployment.class, target).getSpec().getReplicas(),
                    target + ": KEDA owns the replica count");
        }
        assertEquals(
                ServiceModule.all().stream()
                        .filter(ServiceModule::isWorker)
                        .map(ServiceModule::name)
                        .toList(),
                scaled);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void shouldDeclareEveryTopicWithTheCountsOfTheTopicList(String overlay) {
        Map<String, Integer> expected = TopicList.partitions();
        assertEquals(Set.copyOf(Topics.all()), expected.keySet(), "deploy/kafka/topics.txt vs Topics.all()");
        Map<String, Integer> declared = new LinkedHashMap<>();
        for (GenericKubernetesResource topic : render(overlay).custom("KafkaTopic")) {
            Map<String, Object> spec = Yamls.map(topic.getAdditionalProperties(), "spec");
            int replicas = ((Number) spec.get("replicas")).intValue();
            int minIsr = ((Number) Yamls.at(spec, "config", "min.insync.replicas")).intValue();
            assertTrue(replicas >= 3 && minIsr < replicas, topic.getMetadata().getName());
            assertEquals("pruneline-kafka", topic.getMetadata().getLabels().get("strimzi.io/cluster"));
            declared.put(Yamls.string(spec, "topicName"), ((Number) spec.get("partitions")).intValue());
        }
        assertEquals(expected, declared);
    }

    private static void assertProbe(HTTPGetAction get, String path, Container container, ServiceModule module) {
        assertEquals(path, get.getPath(), module.name());
        String port = get.getPort().getStrVal();
        int number = port != null
                ? container.getPorts().stream()
                        .filter(p -> port.equals(p.getName()))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(module.name() + ": no port named " + port))
                        .getContainerPort()
                : get.getPort().getIntVal();
        assertEquals(module.httpPort(), number, module.name() + " probe " + path);
    }

    private static Container container(Deployment deployment, String name) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + ": no container named like the service"));
    }

    private static List<Path> manifestFiles() {
        try (Stream<Path> files = Files.walk(Repository.path("k8s"))) {
            return files.filter(f -> f.toString().endsWith(".yaml")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Rendered render(String overlay) {
        List<Map<String, Object>> all = Kustomize.build(Repository.path("k8s/overlays/" + overlay));
        List<Object> resources = new ArrayList<>();
        for (Map<String, Object> resource : all) {
            String type = resource.get("apiVersion") + "/" + resource.get("kind");
            if (TYPES.containsKey(type)) {
                HasMetadata typed = MAPPER.convertValue(resource, TYPES.get(type));
                assertNoUnknownFields(typed, type + " " + typed.getMetadata().getName(), new IdentityHashMap<>());
                resources.add(typed);
            } else if (CUSTOM.contains(type)) {
                resources.add(MAPPER.convertValue(resource, GenericKubernetesResource.class));
            } else {
                throw new AssertionError("unexpected kind " + type + " in overlay " + overlay);
            }
        }
        return new Rendered(all, resources);
    }

    /**
     * fabric8's model keeps unknown fields in additionalProperties rather than failing; a misspelt field
     * ("readinesProbe") lands there, so any non-empty additionalProperties below a typed resource is an error.
     */
    private static void assertNoUnknownFields(Object node, String where, Map<Object, Boolean> seen) {
        if (node == null || seen.put(node, true) != null) {
            return;
        }
        if (node instanceof Iterable<?> items) {
            items.forEach(i -> assertNoUnknownFields(i, where, seen));
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.values().forEach(v -> assertNoUnknownFields(v, where, seen));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method method : node.getClass().getMethods()) {
            if (method.getParameterCount() != 0
                    || !method.getName().startsWith("get")
                    || method.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                Object value = method.invoke(node);
                if (method.getName().equals("getAdditionalProperties")) {
                    assertTrue(
                            value == null || ((Map<?, ?>) value).isEmpty(),
                            where + ": unknown fields " + value + " in "
                                    + node.getClass().getSimpleName());
                } else {
                    assertNoUnknownFields(value, where, seen);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A rendered overlay: raw resources and their parsed forms. */
    record Rendered(List<Map<String, Object>> all, List<Object> resources) {

        <T extends HasMetadata> T get(Class<T> type, String name) {
            return resources.stream()
                    .filter(type::isInstance)
                    .map(type::cast)
                    .filter(r -> r.getMetadata().getName().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
        }

        List<GenericKubernetesResource> custom(String kind) {
            return resources.stream()
                    .filter(GenericKubernetesResource.class::isInstance)
                    .map(GenericKubernetesResource.class::cast)
                    .filter(r -> kind.equals(r.getKind()))
                    .toList();
        }
    }
}
