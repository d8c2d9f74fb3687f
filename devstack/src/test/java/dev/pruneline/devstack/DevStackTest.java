package dev.pruneline.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DevStackTest {

    @Test
    void shouldStartBothAndNameThemWithTheServicesKeys(@TempDir Path dir) throws Exception {
        try (DevStack stack = DevStack.start(dir)) {
            Map<String, String> properties = stack.toProperties();
            assertEquals(
                    List.of(
                            "kafka.bootstrap.servers",
                            "pruneline.s3.endpoint",
                            "pruneline.s3.access-key",
                            "pruneline.s3.secret-key",
                            "pruneline.s3.bucket"),
                    List.copyOf(properties.keySet()));
            assertEquals("pruneline", properties.get("pruneline.s3.bucket"));
            assertEquals(dir.resolve("kafka"), stack.kafka().dataDir());
            assertEquals(dir.resolve("s3"), stack.s3().dataDir());
            assertWorks(properties);
        }
    }

    @Test
    void shouldShareOneStackAcrossResourceInstancesAndClassLoaders() throws Exception {
        Map<String, String> first = new DevStackResource().start();
        assertEquals(
                first.get("kafka.bootstrap.servers"),
                first.get("mp.messaging.connector.smallrye-kafka.bootstrap.servers"));
        assertEquals(first, new DevStackResource().start());

        // What Quarkus does for each application: load devstack's classes again in a child-first loader.
        URL classes =
                DevStackResource.class.getProtectionDomain().getCodeSource().getLocation();
        try (ChildFirst loader = new ChildFirst(classes, DevStackTest.class.getClassLoader())) {
            Class<?> copy = loader.loadClass(DevStackResource.class.getName());
            assertNotSame(DevStackResource.class, copy);
            var resource =
                    (QuarkusTestResourceLifecycleManager) copy.getConstructor().newInstance();
            assertEquals(first, resource.start());
            resource.stop();
        }
        assertWorks(first);
    }

    private static void assertWorks(Map<String, String> properties) throws Exception {
        String bootstrap = properties.get("kafka.bootstrap.servers");
        try (TopicReader reader = new TopicReader(bootstrap, "devstack.smoke")) {
            TopicReader.send(bootstrap, "devstack.smoke", "k", "ping");
            assertEquals(
                    "ping",
                    reader.await(r -> "k".equals(r.key()), Duration.ofSeconds(60))
                            .value());
        }
        try (MinioClient minio = MinioClient.builder()
                .endpoint(properties.get("pruneline.s3.endpoint"))
                .credentials(properties.get("pruneline.s3.access-key"), properties.get("pruneline.s3.secret-key"))
                .region("us-east-1")
                .build()) {
            assertTrue(minio.bucketExists(BucketExistsArgs.builder()
                    .bucket(properties.get("pruneline.s3.bucket"))
                    .build()));
        }
    }

    /** Loads devstack's own classes itself, everything else from the parent, like Quarkus' class loader. */
    private static final class ChildFirst extends URLClassLoader {

        ChildFirst(URL classes, ClassLoader parent) {
            super(new URL[] {classes}, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (!name.startsWith("dev.pruneline.devstack.")) {
                    return super.loadClass(name, resolve);
                }
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    loaded = findClass(name);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }
}
