package dev.pruneline.pipeline.quarkus;

import dev.pruneline.pipeline.store.ArtifactStore;
import dev.pruneline.pipeline.store.MinioArtifactStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** Builds the one {@link ArtifactStore} of a service from {@link S3Config}; the bucket is created on first use. */
@ApplicationScoped
public class ArtifactStoreProducer {

    @Produces
    @ApplicationScoped
    ArtifactStore artifactStore(S3Config config) {
        MinioArtifactStore store = new MinioArtifactStore(config.settings());
        store.ensureBucket();
        return store;
    }

    void close(@Disposes ArtifactStore store) {
        store.close();
    }
}
