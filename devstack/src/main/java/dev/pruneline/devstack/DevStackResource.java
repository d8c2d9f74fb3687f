package dev.pruneline.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

/**
 * A Quarkus test resource that points the application at a real Kafka broker and a real S3 server:
 *
 * <pre>{@code
 * @QuarkusTest
 * @QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
 * class IngestServiceTest { ... }
 * }</pre>
 *
 * <p>One {@link DevStack} serves the whole test JVM: the first {@link #start()} starts it, every later one (another
 * test class, an application restarted for a {@code @TestProfile}) gets the same one, and it stops when the JVM
 * exits. Topics and objects therefore outlive a test class; tests should use their own keys or ids.
 *
 * <p>How it survives application restarts: Quarkus loads this class anew in every application's class loader, so
 * the stack is kept by {@code DevStackHolder} as loaded by the system class loader, called reflectively, and
 * started with the system class loader as the thread's context class loader (what Kafka and jclouds load their
 * plugins with). The surefire class path must hold devstack and its dependencies, which it does for any module
 * that declares devstack as a test dependency.
 *
 * <p>{@link #start()} returns {@link DevStack#toProperties()} plus
 * {@value #SMALLRYE_KAFKA_BOOTSTRAP_SERVERS} (the same servers for every SmallRye Kafka channel).
 */
public class DevStackResource implements QuarkusTestResourceLifecycleManager {

    /** The connector-wide bootstrap servers of SmallRye Reactive Messaging's Kafka connector. */
    public static final String SMALLRYE_KAFKA_BOOTSTRAP_SERVERS =
            "mp.messaging.connector.smallrye-kafka.bootstrap.servers";

    private static final String HOLDER = "dev.pruneline.devstack.DevStackHolder";

    @Override
    public Map<String, String> start() {
        Map<String, String> properties = new HashMap<>(sharedStackProperties());
        properties.put(SMALLRYE_KAFKA_BOOTSTRAP_SERVERS, properties.get(DevStack.KAFKA_BOOTSTRAP_SERVERS));
        return properties;
    }

    /** Leaves the stack running for the next application of this JVM; a shutdown hook stops it at exit. */
    @Override
    public void stop() {
        // nothing: shared by the JVM
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> sharedStackProperties() {
        try {
            Method properties = holderClass().getDeclaredMethod("properties");
            properties.setAccessible(true);
            return (Map<String, String>) properties.invoke(null);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException cause
                    ? cause
                    : new IllegalStateException("devstack did not start", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach " + HOLDER, e);
        }
    }

    private static Class<?> holderClass() {
        try {
            return Class.forName(HOLDER, true, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException e) {
            // devstack is not on the system class path (an unusual launcher): one stack per class loader, then.
            return DevStackHolder.class;
        }
    }
}
