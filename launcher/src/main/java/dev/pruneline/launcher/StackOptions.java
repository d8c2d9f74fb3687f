package dev.pruneline.launcher;

import dev.pruneline.launcher.stack.StackSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by the commands that start a local stack. */
public class StackOptions {

    @Option(names = "--ingest-port", defaultValue = "0", description = "ingest-service HTTP port (0: a free one)")
    int ingestPort;

    @Option(names = "--registry-port", defaultValue = "0", description = "registry-service HTTP port (0: a free one)")
    int registryPort;

    @Option(
            names = "--postgres-url",
            description = "keep the registry in this PostgreSQL database "
                    + "(jdbc:postgresql://host:port/db) instead of the embedded one")
    String postgresUrl;

    @Option(
            names = "--postgres-user",
            defaultValue = "postgres",
            description = "PostgreSQL user (default: ${DEFAULT-VALUE})")
    String postgresUser;

    @Option(
            names = "--postgres-password",
            defaultValue = "${env:PRUNELINE_REGISTRY_PG_PASSWORD:-}",
            description = "PostgreSQL password (default: env PRUNELINE_REGISTRY_PG_PASSWORD)")
    String postgresPassword;

    /** Settings for a stack whose files live in {@code workDir}. */
    StackSettings settings(Path workDir) {
        return new StackSettings(Home.root(), workDir, ingestPort, registryPort, registryDatabase(workDir));
    }

    private Map<String, String> registryDatabase(Path workDir) {
        Map<String, String> db = new LinkedHashMap<>();
        if (postgresUrl == null) {
            db.put("pruneline.registry.database", "embedded");
            // In a file under the stack's folder, so the history lasts as long as Kafka's and S3's data there.
            db.put(
                    "quarkus.datasource.\"h2\".jdbc.url",
                    "jdbc:h2:file:" + workDir.toAbsolutePath().resolve("registry/registry")
                            + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
        } else {
            db.put("pruneline.registry.database", "postgresql");
            db.put("pruneline.registry.pg.url", postgresUrl);
            db.put("pruneline.registry.pg.username", postgresUser);
            db.put("pruneline.registry.pg.password", postgresPassword);
        }
        return db;
    }
}
