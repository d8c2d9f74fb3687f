package dev.pruneline.prune;

import dev.pruneline.core.bundle.BundleArchive;
import dev.pruneline.core.data.SampleData;
import dev.pruneline.core.job.CompressionJobs;
import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.DatasetRef;
import dev.pruneline.pipeline.store.ArtifactStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A LeNet-5 trained for one epoch on the sample digits, stored with its data set as a release would store them.
 *
 * @param bundle  the bundle archive in the store
 * @param dataset the sample data set in the store
 */
record StoredModel(ArtifactRef bundle, DatasetRef dataset) {

    static StoredModel trainAndStore(ArtifactStore store, long seed) throws IOException {
        return trainAndStore(store, 1, seed);
    }

    /** A LeNet-5 trained for {@code epochs} epochs (0: as initialised), stored with its data set. */
    static StoredModel trainAndStore(ArtifactStore store, int epochs, long seed) throws IOException {
        Path work = Files.createTempDirectory("prune-worker-test");
        Path data = SampleData.extractTo(work.resolve("mnist"));
        Path trained = CompressionJobs.train("lenet5", data, epochs, seed, work.resolve("lenet5"));
        Path bundleZip = work.resolve("lenet5.zip");
        BundleArchive.zip(trained, bundleZip);
        Path dataZip = work.resolve("mnist.zip");
        BundleArchive.zip(data, dataZip);
        ArtifactRef bundle = store.put("test/" + UUID.randomUUID() + "/bundle.zip", bundleZip);
        ArtifactRef archive = store.put("test/" + UUID.randomUUID() + "/mnist.zip", dataZip);
        return new StoredModel(bundle, new DatasetRef("mnist-sample", archive));
    }
}
