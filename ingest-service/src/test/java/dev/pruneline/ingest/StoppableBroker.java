package dev.pruneline.ingest;

import dev.pruneline.devstack.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Kafka broker of its own for a test that stops and restarts it, so that the broker the other test classes share
 * (devstack's) stays up. Channel {@code released} is pointed at it; everything else still uses the shared stack.
 * {@link #stop()} and {@link #restart()} keep the port and the data folder, as a broker restart in production would.
 */
public class StoppableBroker implements QuarkusTestResourceLifecycleManager {

    private static KafkaBroker broker;
    private static Path dataDir;

    @Override
    public Map<String, String> start() {
        try {
            Files.createDirectories(Path.of("target"));
            dataDir = Files.createTempDirectory(Path.of("target"), "stoppable-broker"); // removed by mvn clean
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the broker's data folder", e);
        }
        broker = KafkaBroker.builder().dataDir(dataDir).start();
        return Map.of("mp.messaging.outgoing.released.bootstrap.servers", broker.bootstrapServers());
    }

    @Override
    public void stop() {
        broker.close();
    }

    /** {@code host:port} of the broker. */
    static String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Shuts the broker down; clients see connections refused. */
    static void shutDown() {
        broker.close();
    }

    /** Starts the broker again on its port and data folder. */
    static void restart() {
        broker = KafkaBroker.builder()
                .port(broker.port())
                .controllerPort(broker.controllerPort())
                .dataDir(dataDir)
                .start();
    }
}
