package dev.pruneline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * deploy/docker/Dockerfile builds what the Quarkus build produces: the fast-jar layout of each service, the PyTorch
 * natives the workers need, a non-root user and a health check on the service's readiness path. No Docker engine runs
 * here, so the Dockerfile is read as text, instruction by instruction (continuation lines joined).
 */
class ContainerImageTest {

    private final List<String> instructions = instructions(Repository.read("deploy/docker/Dockerfile"));

    @Test
    void shouldCopyTheFastJarLayoutThatThePackagedServicesHave() {
        List<String> copied = new ArrayList<>();
        for (String copy : all("COPY")) {
            Matcher m =
                    Pattern.compile("\\$\\{MODULE}/target/quarkus-app/(\\S+)").matcher(copy);
            if (m.find()) {
                copied.add(m.group(1).replaceAll("/$", ""));
            }
        }
        assertEquals(List.of("lib", "quarkus-run.jar", "app", "quarkus"), copied, "fast-jar parts, in layer order");
        for (ServiceModule module : ServiceModule.all()) {
            Path app = Repository.path(module.name()).resolve("target/quarkus-app");
            for (String part : copied) {
                assertTrue(
                        Files.exists(app.resolve(part)),
                        app.resolve(part) + " is missing: package the services first (mvn -B verify from the root)");
            }
        }
    }

    @Test
    void shouldRunAsANonRootUserWithAReadinessHealthCheck() {
        List<String> users = all("USER");
        assertFalse(users.isEmpty());
        String user = users.get(users.size() - 1).substring("USER ".length()).trim();
        assertFalse(user.startsWith("0") || user.startsWith("root"), "runs as " + user);
        assertTrue(last("FROM").startsWith("FROM eclipse-temurin:17-jre"), last("FROM"));
        assertTrue(last("HEALTHCHECK").contains("/deployments/bin/healthcheck.sh"));
        String script = Repository.read("deploy/docker/healthcheck.sh");
        assertTrue(script.contains("GET /q/health/ready "), "the health check asks the readiness endpoint");
        assertTrue(script.contains("QUARKUS_HTTP_PORT"), "on the port the service listens on");
        assertTrue(last("ENTRYPOINT").contains("/deployments/bin/run.sh"));
        assertTrue(Repository.read("deploy/docker/run.sh").contains("-jar /deployments/quarkus-run.jar"));
    }

    @Test
    void shouldRunOfflineWithAWritableDjlCacheAndPassiveOpenMp() {
        Map<String, String> env = env();
        assertTrue(env.get("JAVA_OPTS").contains("-Dai.djl.offline=true"), env.get("JAVA_OPTS"));
        assertEquals("PASSIVE", env.get("OMP_WAIT_POLICY"));
        assertEquals("10000", env.get("GOMP_SPINCOUNT"));
        String cache = env.get("DJL_CACHE_DIR");
        assertNotNull(cache);
        assertTrue(
                instructions.stream().anyMatch(i -> i.startsWith("RUN") && i.contains("chown") && i.contains(cache)),
                "DJL_CACHE_DIR " + cache + " must belong to the service user");
        assertEquals("${HTTP_PORT}", env.get("QUARKUS_HTTP_PORT"));
        env.keySet()
                .forEach(name -> assertTrue(
                        name.equals("LANG")
                                || name.startsWith("QUARKUS_")
                                || RuntimeVariables.reader(name).isPresent(),
                        "image variable " + name + " is read by nobody known"));
    }

    @Test
    void shouldShipCpuNativesAndTheCudaJniForTheGpuSwitch() throws IOException {
        String pytorch = pomProperty("pytorch.version");
        assertTrue(
                instructions.stream().anyMatch(i -> i.equals("ARG PYTORCH_VERSION=" + pytorch)),
                "the cu128 natives must match the pom's pytorch.version " + pytorch);
        assertTrue(instructions.stream().anyMatch(i -> i.equals("ARG PYTORCH_FLAVOR=cpu")), "CPU by default");
        for (ServiceModule module : ServiceModule.all()) {
            if (!module.isWorker()) {
                continue;
            }
            Path lib = Repository.path(module.name()).resolve("target/quarkus-app/lib/main");
            assertTrue(
                    Files.exists(lib.resolve("ai.djl.pytorch.pytorch-native-cpu-" + pytorch + "-linux-x86_64.jar")),
                    module.name() + " has no CPU natives in " + lib);
            try (Stream<Path> jars = Files.list(lib)) {
                Path jni = jars.filter(j -> j.getFileName().toString().startsWith("ai.djl.pytorch.pytorch-jni-"))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no pytorch-jni in " + lib));
                try (ZipFile zip = new ZipFile(jni.toFile())) {
                    assertNotNull(
                            zip.getEntry("jnilib/linux-x86_64/cu128/libdjl_torch.so"),
                            jni + " lacks the cu128 JNI library the GPU image relies on");
                }
            }
        }
    }

    @Test
    void shouldSendOnlyTheFastJarsAndScriptsToTheBuild() {
        List<String> ignore = Repository.read("deploy/docker/Dockerfile.dockerignore")
                .lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList();
        assertEquals("*", ignore.get(0));
        for (ServiceModule module : ServiceModule.all()) {
            assertTrue(ignore.contains("!" + module.name() + "/target/quarkus-app"), module.name());
        }
        assertTrue(ignore.contains("!deploy/docker/run.sh") && ignore.contains("!deploy/docker/healthcheck.sh"));
    }

    private Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        Pattern pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)");
        // only the final stage's variables
        int lastFrom = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).startsWith("FROM")) {
                lastFrom = i;
            }
        }
        for (String instruction : instructions.subList(lastFrom, instructions.size())) {
            if (instruction.startsWith("ENV ")) {
                Matcher m = pair.matcher(instruction.substring(4));
                while (m.find()) {
                    env.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
                }
            }
        }
        return env;
    }

    private List<String> all(String keyword) {
        return instructions.stream().filter(i -> i.startsWith(keyword + " ")).toList();
    }

    private String last(String keyword) {
        List<String> found = all(keyword);
        assertFalse(found.isEmpty(), "no " + keyword);
        return found.get(found.size() - 1);
    }

    private static String pomProperty(String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(Repository.read("pom.xml"));
        assertTrue(m.find(), name);
        return m.group(1);
    }

    private static List<String> instructions(String dockerfile) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dockerfile.split("\n")) {
            String stripped = line.strip();
            if (stripped.startsWith("#") || stripped.isEmpty()) {
                continue;
            }
            if (stripped.endsWith("\\")) {
                current.append(stripped, 0, stripped.length() - 1).append(' ');
            } else {
                current.append(stripped);
                result.add(current.toString().replaceAll("\\s+", " "));
                current.setLength(0);
            }
        }
        return result;
    }
}
