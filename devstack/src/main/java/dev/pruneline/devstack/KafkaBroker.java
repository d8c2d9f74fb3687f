package dev.pruneline.devstack;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (Apache Kafka 4.1, KRaft, combined broker and controller) in this process,
 * listening on 127.0.0.1 only. Every internal topic has replication factor 1 and a single partition, consumer
 * groups start without the initial rebalance delay, and topics are auto-created on first use unless turned off.
 *
 * <pre>{@code
 * try (KafkaBroker broker = KafkaBroker.builder().dataDir(dir).start()) {
 *     broker.createTopics(Map.of("model.released", 3));
 *     ... broker.bootstrapServers() ...
 * }
 * }</pre>
 *
 * <p>The data folder is formatted on first use (a new cluster id) and reused as it is afterwards: a broker started
 * again on the same folder, on any ports, has the topics and records of the last one. Two brokers cannot share a
 * folder at the same time (Kafka locks it). Without a folder a temporary one is used and deleted on {@link #close}.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int NODE_ID = 1;

    static {
        QuietLogging.apply();
    }

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final boolean temporary;
    private final int port;
    private final int controllerPort;
    private final AtomicBoolean closed = new AtomicBoolean();

    private KafkaBroker(KafkaRaftServer server, Path dataDir, boolean temporary, int port, int controllerPort) {
        this.server = server;
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** A builder with the defaults: free ports, a temporary folder, topic auto-creation on. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code host:port} for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The client (PLAINTEXT) port. */
    public int port() {
        return port;
    }

    /** The KRaft controller port (clients never need it). */
    public int controllerPort() {
        return controllerPort;
    }

    /** The folder holding the broker's logs and metadata. */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Creates each topic with its number of partitions (replication factor 1) and waits for the broker to confirm.
     * Topics that already exist are left as they are.
     */
    public void createTopics(Map<String, Integer> namesToPartitions) {
        List<NewTopic> topics = namesToPartitions.entrySet().stream()
                .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1))
                .toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "cannot create topic " + entry.getKey() + ": "
                                        + e.getCause().getMessage(),
                                e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("broker at " + bootstrapServers() + " did not create topics in 30 s", e);
        }
    }

    /** Shuts the broker down and waits until it has; deletes the folder if it was a temporary one. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (temporary) {
                Folders.deleteQuietly(dataDir);
            }
        }
        LOG.info("Kafka broker {} stopped in {} ms", bootstrapServers(), (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + ", " + dataDir + "]";
    }

    /** Options of a {@link KafkaBroker}; {@link #start()} starts one. */
    public static final class Builder {

        private int port;
        private int controllerPort;
        private Path dataDir;
        private boolean autoCreateTopics = true;
        private final Map<String, String> overrides = new LinkedHashMap<>();

        private Builder() {}

        /** The client port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The KRaft controller port; 0 (the default) picks a free one. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        /** The data folder, created if missing and kept; {@code null} (the default) for a temporary one. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Whether producing to or reading an unknown topic creates it ({@code true} by default). */
        public Builder autoCreateTopics(boolean autoCreateTopics) {
            this.autoCreateTopics = autoCreateTopics;
            return this;
        }

        /** Any other broker setting, applied last (it wins over devstack's choices). */
        public Builder property(String key, String value) {
            overrides.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        /**
         * Formats the folder if it holds no {@code meta.properties}, starts the broker and returns once it serves
         * clients.
         *
         * @throws IllegalStateException if the broker cannot start (port taken, folder locked or corrupt)
         */
        public KafkaBroker start() {
            long started = System.nanoTime();
            boolean temporary = dataDir == null;
            Path dir = temporary ? Folders.createTemp("devstack-kafka-") : Folders.create(dataDir);
            int clientPort = LocalPorts.orFree(port);
            int quorumPort = LocalPorts.orFree(controllerPort);
            if (quorumPort == clientPort) {
                throw new IllegalArgumentException("client and controller port are both " + clientPort);
            }
            Map<String, String> config = config(dir, clientPort, quorumPort);
            // Kafka loads classes named in its config through the context class loader; in a Quarkus test that
            // is the application's loader, not the one that loaded Kafka (NoSuchMethodException
            // DefaultStatePersister, a log4j ClassCastException). Threads the broker starts inherit it.
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(KafkaBroker.class.getClassLoader());
            KafkaRaftServer server = null;
            try {
                KafkaConfig kafkaConfig = new KafkaConfig(config, false);
                if (!Files.exists(dir.resolve("meta.properties"))) {
                    format(dir);
                }
                server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
                server.startup();
            } catch (Exception e) {
                if (server != null) {
                    shutdownQuietly(server);
                }
                if (temporary) {
                    Folders.deleteQuietly(dir);
                }
                throw new IllegalStateException(
                        "Kafka broker did not start on 127.0.0.1:" + clientPort + " with data in " + dir + ": "
                                + e.getMessage(),
                        e);
            } finally {
                thread.setContextClassLoader(previous);
            }
            KafkaBroker broker = new KafkaBroker(server, dir, temporary, clientPort, quorumPort);
            LOG.info(
                    "Kafka broker {} started in {} ms (data in {})",
                    broker.bootstrapServers(),
                    (System.nanoTime() - started) / 1_000_000,
                    dir);
            return broker;
        }

        private Map<String, String> config(Path dir, int clientPort, int quorumPort) {
            Map<String, String> c = new HashMap<>();
            c.put("process.roles", "broker,controller");
            c.put("node.id", String.valueOf(NODE_ID));
            c.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + quorumPort);
            c.put(
                    "listeners",
                    "PLAINTEXT://127.0.0.1:" + clientPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + quorumPort);
            c.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
            c.put("controller.listener.names", CONTROLLER_LISTENER);
            c.put("inter.broker.listener.name", "PLAINTEXT");
            c.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
            c.put("log.dirs", dir.toString());
            c.put("metadata.log.dir", dir.toString());
            // One node: every internal topic at replication 1; one partition each keeps start and first use fast.
            c.put("offsets.topic.replication.factor", "1");
            c.put("offsets.topic.num.partitions", "1");
            c.put("transaction.state.log.replication.factor", "1");
            c.put("transaction.state.log.min.isr", "1");
            c.put("transaction.state.log.num.partitions", "1");
            c.put("share.coordinator.state.topic.replication.factor", "1");
            c.put("share.coordinator.state.topic.min.isr", "1");
            c.put("share.coordinator.state.topic.num.partitions", "1");
            c.put("default.replication.factor", "1");
            c.put("min.insync.replicas", "1");
            c.put("num.partitions", "1");
            c.put("group.initial.rebalance.delay.ms", "0");
            c.put("auto.create.topics.enable", String.valueOf(autoCreateTopics));
            // A test machine, not a production one: fewer threads, and no 128 MB log-cleaner buffer on the heap.
            c.put("num.network.threads", "2");
            c.put("num.io.threads", "2");
            c.put("background.threads", "2");
            c.put("num.recovery.threads.per.data.dir", "1");
            c.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
            c.putAll(overrides);
            return c;
        }

        private static void format(Path dir) throws Exception {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .addDirectory(dir.toString())
                    .setMetadataLogDirectory(dir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .run();
        }

        private static void shutdownQuietly(KafkaRaftServer server) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException ignored) {
                // the start failure is what the caller needs to see
            }
        }
    }
}
