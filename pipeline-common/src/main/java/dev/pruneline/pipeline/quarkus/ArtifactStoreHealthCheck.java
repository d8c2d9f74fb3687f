package dev.pruneline.pipeline.quarkus;

import dev.pruneline.pipeline.store.ArtifactStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the artifact store answers and its bucket exists. */
@Readiness
@ApplicationScoped
public class ArtifactStoreHealthCheck implements HealthCheck {

    @Inject
    ArtifactStore store;

    @Inject
    S3Config config;

    @Override
    public HealthCheckResponse call() {
        try {
            store.ensureBucket();
            return HealthCheckResponse.named("artifact-store")
                    .up()
                    .withData("endpoint", config.endpoint())
                    .withData("bucket", config.bucket())
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("artifact-store")
                    .down()
                    .withData("endpoint", config.endpoint())
                    .withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
