package dev.pruneline.launcher.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code ./pruneline up} left running, written by the background stack once it is ready and read by
 * {@code ./pruneline down}.
 *
 * @param pid            the background launcher process
 * @param ingestUrl      ingest-service base URL
 * @param registryUrl    registry-service base URL
 * @param infrastructure Kafka and S3 coordinates
 * @param logDir         where every process logs
 * @param services       each service's name, pid and base URL
 */
public record StackState(
        long pid,
        String ingestUrl,
        String registryUrl,
        Map<String, String> infrastructure,
        String logDir,
        List<Service> services) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One service process.
     *
     * @param name module name
     * @param pid  process id
     * @param url  base URL
     */
    public record Service(String name, long pid, String url) {}

    /** The state of a running stack. */
    public static StackState of(Stack stack, Path logDir) {
        return new StackState(
                ProcessHandle.current().pid(),
                stack.ingestUrl().toString(),
                stack.registryUrl().toString(),
                stack.infrastructure(),
                logDir.toString(),
                stack.services().stream()
                        .map(s -> new Service(s.name(), s.pid(), s.baseUrl()))
                        .toList());
    }

    /** Writes the state atomically, so a reader never sees half a file. */
    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            JSON.writerWithDefaultPrettyPrinter().writeValue(partial.toFile(), this);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The state in {@code file}, if there is one. */
    public static Optional<StackState> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), StackState.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
