package dev.pruneline.pipeline.quarkus;

import dev.pruneline.pipeline.store.ArtifactStore;
import dev.pruneline.pipeline.store.MinioArtifactStore;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when the artifact store answers and its bucket exists. The check asks once, through a store client of
 * its own without retries: a probe reports the store as it is now rather than waiting out
 * {@code pruneline.s3.retry-for}.
 */
@Readiness
@ApplicationScoped
public class ArtifactStoreHealthCheck implements HealthCheck {

    @Inject
    S3Config config;

    private ArtifactStore store;

    @PostConstruct
    void open() {
        store = new MinioArtifactStore(config.settings().withRetryFor(Duration.ZERO));
    }

    @PreDestroy
    void close() {
        store.close();
    }

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
