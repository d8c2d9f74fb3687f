package dev.pruneline.faults;

import dev.pruneline.devstack.DevStack;
import dev.pruneline.devstack.KafkaBroker;
import dev.pruneline.devstack.S3Server;
import dev.pruneline.launcher.client.PipelineClient;
import dev.pruneline.launcher.stack.ServiceProcess;
import dev.pruneline.launcher.stack.StackSettings;
import dev.pruneline.pipeline.event.Topics;
import dev.pruneline.pipeline.store.MinioArtifactStore;
import dev.pruneline.pipeline.store.StoreSettings;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline under fault: a Kafka broker and an S3 server in this JVM on fixed ports and folders (so either can
 * be stopped and started again where the services expect it), the registry on a database of its own in the real
 * PostgreSQL, and the packaged services as child processes, any number of replicas each. Every topic a service
 * consumes has {@value #PARTITIONS} partitions, so that two replicas of a worker share the work.
 */
final class FaultStack implements AutoCloseable {

    static final String INGEST = "ingest-service";
    static final String PRUNE = "prune-worker";
    static final String RETRAIN = "retrain-worker";
    static final String REGISTRY = "registry-service";
    static final String UPLOADER_PASSWORD = "fault-uploader";
    static final String OPERATOR_PASSWORD = "fault-operator";
    /** The largest bundle ingest accepts here: small, so that an oversized upload is cheap to send. */
    static final long MAX_BUNDLE_BYTES = 16L * 1024 * 1024;
    /** The most an archive may inflate to here: small, so that a zip bomb is cheap to make. */
    static final long MAX_EXTRACTED_BYTES = 64L * 1024 * 1024;

    private static final int PARTITIONS = 2;
    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/";

    private final Path home;
    private final Path work;
    private final int kafkaPort = StackSettings.portOrFree(0);
    private final int controllerPort = StackSettings.portOrFree(0);
    private final int s3Port = StackSettings.portOrFree(0);
    private final String database =
            "pruneline_faults_" + ProcessHandle.current().pid();
    private final List<ServiceProcess> services = new ArrayList<>();
    private final Map<String, Integer> replicas = new HashMap<>();
    private KafkaBroker kafka;
    private S3Server s3;
    private ServiceProcess ingest;
    private ServiceProcess registry;

    private FaultStack(Path home, Path work) {
        this.home = home;
        this.work = work;
    }

    /** Starts Kafka, S3, a fresh registry database and one replica of each service, and waits until all are ready. */
    static FaultStack start(Path home, Path work) {
        FaultStack stack = new FaultStack(home, work);
        try {
            stack.startKafka();
            Map<String, Integer> topics = new HashMap<>();
            Topics.all().forEach(topic -> topics.put(topic, 1));
            Topics.CONSUMED.forEach(topic -> topics.put(topic, PARTITIONS));
            stack.kafka.createTopics(topics);
            stack.startS3();
            stack.recreateDatabase();
            stack.ingest = stack.launch(
                    INGEST,
                    Map.of(
                            "pruneline.ingest.uploader.password", UPLOADER_PASSWORD,
                            "pruneline.ingest.max-bundle-bytes", Long.toString(MAX_BUNDLE_BYTES),
                            "pruneline.ingest.max-extracted-bytes", Long.toString(MAX_EXTRACTED_BYTES)));
            stack.registry = stack.launch(
                    REGISTRY,
                    Map.of(
                            "pruneline.registry.database", "postgresql",
                            "pruneline.registry.pg.url", PG + stack.database,
                            "pruneline.registry.pg.username", "postgres",
                            "pruneline.registry.pg.password", "",
                            "pruneline.registry.operator.password", OPERATOR_PASSWORD));
            ServiceProcess prune = stack.launch(PRUNE, Map.of());
            ServiceProcess retrain = stack.launch(RETRAIN, Map.of());
            for (ServiceProcess s : List.of(stack.ingest, stack.registry, prune, retrain)) {
                s.awaitReady(Duration.ofMinutes(3));
            }
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** Starts one more replica of a service (a worker) with extra configuration, and waits until it is ready. */
    ServiceProcess startReplica(String module, Map<String, String> own) {
        ServiceProcess process = launch(module, own);
        process.awaitReady(Duration.ofMinutes(3));
        return process;
    }

    /** Kills a service at once (SIGKILL): no shutdown hook runs, nothing is committed on the way out. */
    void kill(ServiceProcess service) {
        ProcessHandle.of(service.pid()).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().join();
        });
        synchronized (this) {
            services.remove(service);
        }
    }

    /** Stops a service cleanly (SIGTERM). */
    void stop(ServiceProcess service) {
        service.close();
        synchronized (this) {
            services.remove(service);
        }
    }

    /** The running replicas of a service, oldest first. */
    synchronized List<ServiceProcess> replicasOf(String module) {
        return services.stream().filter(s -> s.name().equals(module)).toList();
    }

    void stopKafka() {
        kafka.close();
    }

    /** Starts the broker (again) on the same ports and folder. */
    void startKafka() {
        kafka = KafkaBroker.builder()
                .port(kafkaPort)
                .controllerPort(controllerPort)
                .dataDir(work.resolve("kafka"))
                .start();
    }

    void stopS3() {
        s3.close();
    }

    /** Starts the S3 server (again) on the same port and folder. */
    void startS3() {
        s3 = S3Server.builder()
                .port(s3Port)
                .dataDir(work.resolve("s3"))
                .bucket(DevStack.DEFAULT_BUCKET)
                .start();
    }

    String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    URI ingestUrl() {
        return URI.create(ingest.baseUrl());
    }

    URI registryUrl() {
        return URI.create(registry.baseUrl());
    }

    ServiceProcess ingest() {
        return ingest;
    }

    PipelineClient client() {
        return new PipelineClient(ingestUrl(), registryUrl(), UPLOADER_PASSWORD);
    }

    /** A client of the artifact store the services use. */
    MinioArtifactStore store() {
        return new MinioArtifactStore(new StoreSettings(
                "http://127.0.0.1:" + s3Port,
                S3Server.DEFAULT_ACCESS_KEY,
                S3Server.DEFAULT_SECRET_KEY,
                DevStack.DEFAULT_BUCKET,
                null));
    }

    private ServiceProcess launch(String module, Map<String, String> own) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(DevStack.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers());
        properties.put(DevStack.S3_ENDPOINT, "http://127.0.0.1:" + s3Port);
        properties.put(DevStack.S3_ACCESS_KEY, S3Server.DEFAULT_ACCESS_KEY);
        properties.put(DevStack.S3_SECRET_KEY, S3Server.DEFAULT_SECRET_KEY);
        properties.put(DevStack.S3_BUCKET, DevStack.DEFAULT_BUCKET);
        int replica;
        synchronized (this) {
            replica = replicas.merge(module, 1, Integer::sum);
        }
        String name = module + "-" + replica;
        if (module.endsWith("-worker")) {
            properties.put(
                    "pruneline.worker.work-dir",
                    work.resolve(name).resolve("jobs").toString());
            properties.put(
                    "pruneline.worker.dataset-cache-dir",
                    work.resolve(name).resolve("datasets").toString());
        }
        properties.putAll(own);
        ServiceProcess process = ServiceProcess.start(
                home,
                module,
                StackSettings.portOrFree(0),
                properties,
                work.resolve("logs").resolve(name));
        synchronized (this) {
            services.add(process);
        }
        return process;
    }

    private void recreateDatabase() {
        execute("DROP DATABASE IF EXISTS " + database);
        execute("CREATE DATABASE " + database);
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(PG + "postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL at 127.0.0.1:5432 (user postgres): " + sql + ": " + e.getMessage(), e);
        }
    }

    /** Stops every service, then S3 and Kafka, and drops the registry's database. */
    @Override
    public void close() {
        List<ServiceProcess> running;
        synchronized (this) {
            running = List.copyOf(services);
            services.clear();
        }
        running.parallelStream().forEach(ServiceProcess::close);
        if (s3 != null) {
            s3.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        try {
            execute("DROP DATABASE IF EXISTS " + database);
        } catch (IllegalStateException e) {
            System.err.println("could not drop " + database + ": " + e.getMessage());
        }
    }
}
