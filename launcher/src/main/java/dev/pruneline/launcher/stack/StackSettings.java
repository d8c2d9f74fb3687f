package dev.pruneline.launcher.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

/**
 * How to run a local stack.
 *
 * @param home             repository root with the built service modules
 * @param workDir          logs, Kafka and S3 data, worker scratch space
 * @param ingestPort       HTTP port of ingest-service (0: any free port)
 * @param registryPort     HTTP port of registry-service (0: any free port)
 * @param registryDatabase extra configuration of the registry's database, e.g. PostgreSQL coordinates; empty for
 *                         the embedded default
 * @param uploaderPassword the password ingest-service's uploads need (see {@link UploaderPassword}); the stack gives
 *                         it to ingest-service, and its clients send it
 */
public record StackSettings(
        Path home,
        Path workDir,
        int ingestPort,
        int registryPort,
        Map<String, String> registryDatabase,
        String uploaderPassword) {

    public StackSettings {
        registryDatabase = Map.copyOf(registryDatabase);
        if (uploaderPassword == null || uploaderPassword.isBlank()) {
            throw new IllegalArgumentException("the stack needs an uploader password");
        }
    }

    /** Settings with {@link UploaderPassword#fromEnvironmentOrNew()} as the uploader's password. */
    public StackSettings(
            Path home, Path workDir, int ingestPort, int registryPort, Map<String, String> registryDatabase) {
        this(home, workDir, ingestPort, registryPort, registryDatabase, UploaderPassword.fromEnvironmentOrNew());
    }

    /** Not the password: records print their components. */
    @Override
    public String toString() {
        return "StackSettings[home=" + home + ", workDir=" + workDir + ", ingestPort=" + ingestPort + ", registryPort="
                + registryPort + "]";
    }

    /** A free loopback port, or {@code port} itself if it is not 0. */
    public static int portOrFree(int port) {
        if (port != 0) {
            return port;
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
