package dev.pruneline.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs a {@link DevStack} as a process of its own, until SIGTERM or Ctrl-C:
 *
 * <pre>
 * java -cp ... dev.pruneline.devstack.DevStackMain [--kafka-port N] [--s3-port N] [--data-dir DIR]
 *     [--bucket NAME] [--properties-out FILE]
 * </pre>
 *
 * <p>Once both servers serve, it prints the services' configuration ({@link DevStack#toProperties()}) to standard
 * output, one {@code key=value} per line, and with {@code --properties-out} writes the same lines to FILE (written
 * whole, then moved into place, so a watcher never reads half a file). Ports default to free ones, data to a
 * temporary folder. A shutdown hook stops both servers cleanly. A bad option exits with code 2 and the usage.
 */
@Command(
        name = "DevStackMain",
        mixinStandardHelpOptions = true,
        description = "Runs a single-node Kafka broker and an S3 server until stopped; prints their configuration.")
public final class DevStackMain implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--kafka-port", description = "Kafka port (default: a free one)")
    Integer kafkaPort;

    @Option(names = "--s3-port", description = "S3 port (default: a free one)")
    Integer s3Port;

    @Option(names = "--data-dir", description = "folder for Kafka's and S3's data (default: a temporary folder)")
    Path dataDir;

    @Option(names = "--bucket", description = "bucket to create (default: DevStack's)")
    String bucket;

    @Option(names = "--properties-out", description = "also write the configuration lines to this file")
    Path propertiesOut;

    /** Starts the stack, prints (and optionally writes) its properties, and waits for the JVM to be stopped. */
    public static void main(String[] args) {
        int code = new CommandLine(new DevStackMain()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        DevStack.Builder builder = DevStack.builder();
        if (kafkaPort != null) {
            builder.kafkaPort(port("--kafka-port", kafkaPort));
        }
        if (s3Port != null) {
            builder.s3Port(port("--s3-port", s3Port));
        }
        if (dataDir != null) {
            builder.dataDir(dataDir);
        }
        if (bucket != null) {
            builder.bucket(bucket);
        }
        DevStack stack = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                stack.close();
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "devstack-shutdown"));

        String lines = format(stack.toProperties());
        System.out.print(lines);
        System.out.flush();
        if (propertiesOut != null) {
            writeWhole(propertiesOut, lines);
        }
        stopped.await();
        return 0;
    }

    static String format(Map<String, String> properties) {
        return properties.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue() + "\n")
                .collect(Collectors.joining());
    }

    private static void writeWhole(Path target, String content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
        Files.writeString(partial, content, StandardCharsets.UTF_8);
        Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private int port(String option, int port) {
        if (port < 0 || port > 65535) {
            throw new ParameterException(
                    spec.commandLine(), option + " needs a port number (0 for a free one), not " + port);
        }
        return port;
    }
}
