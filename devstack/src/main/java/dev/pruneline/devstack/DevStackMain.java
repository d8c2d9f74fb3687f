package dev.pruneline.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

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
 * temporary folder. A shutdown hook stops both servers cleanly.
 */
public final class DevStackMain {

    private DevStackMain() {}

    /** Starts the stack, prints (and optionally writes) its properties, and waits for the JVM to be stopped. */
    public static void main(String[] args) throws Exception {
        DevStack.Builder builder = DevStack.builder();
        Path propertiesOut = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("-h") || flag.equals("--help")) {
                System.out.println(usage());
                return;
            }
            if (i + 1 >= args.length) {
                fail("missing value after " + flag);
            }
            String value = args[++i];
            switch (flag) {
                case "--kafka-port" -> builder.kafkaPort(port(flag, value));
                case "--s3-port" -> builder.s3Port(port(flag, value));
                case "--data-dir" -> builder.dataDir(Path.of(value));
                case "--bucket" -> builder.bucket(value);
                case "--properties-out" -> propertiesOut = Path.of(value);
                default -> fail("unknown option " + flag);
            }
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

    private static int port(String flag, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        fail(flag + " needs a port number (0 for a free one), not " + value);
        return 0;
    }

    private static void fail(String message) {
        System.err.println(message);
        System.err.println(usage());
        System.exit(2);
    }

    private static String usage() {
        return "usage: DevStackMain [--kafka-port N] [--s3-port N] [--data-dir DIR] [--bucket NAME]"
                + " [--properties-out FILE]";
    }
}
