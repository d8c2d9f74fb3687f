package dev.pruneline.devstack;

import java.util.Map;

/**
 * The one {@link DevStack} of a test JVM, for {@link DevStackResource}. Only useful when loaded by the system class
 * loader: Quarkus loads test resources again for every application it starts (a new class loader per
 * {@code @TestProfile}), and a static field of such a copy would start a second broker. Called reflectively, so
 * only JDK types cross the class-loader boundary.
 */
final class DevStackHolder {

    private static DevStack stack;

    private DevStackHolder() {}

    /** The shared stack's {@link DevStack#toProperties()}, starting it (and its shutdown hook) on first call. */
    static synchronized Map<String, String> properties() {
        if (stack == null) {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            // Kafka, jclouds and Jetty threads inherit the context class loader of the thread that starts them.
            thread.setContextClassLoader(DevStackHolder.class.getClassLoader());
            try {
                DevStack started = DevStack.start();
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "devstack-shutdown"));
                stack = started;
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
        return Map.copyOf(stack.toProperties());
    }
}
