package dev.pruneline.ingest;

import dev.pruneline.core.CompressionException;
import dev.pruneline.core.bundle.BundleArchive;
import dev.pruneline.core.data.DataFolder;
import dev.pruneline.core.data.DataSummary;
import dev.pruneline.ingest.IngestMetrics.UploadKind;
import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.DatasetRef;
import dev.pruneline.pipeline.store.ArtifactKeys;
import dev.pruneline.pipeline.store.ArtifactStore;
import dev.pruneline.pipeline.store.Sha256;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Accepts a data set: a zip of any layout compression-core reads (the four IDX files, CIFAR-10 binary batches, or an
 * image tree {@code train/<class>/*}, {@code test/<class>/*}) at its root, checked with compression-core's reader,
 * stored by hash and then made the latest upload of its name.
 */
@ApplicationScoped
public class DatasetUploads {

    private static final Logger LOG = Logger.getLogger(DatasetUploads.class);

    private final ArtifactStore store;
    private final DatasetCatalog catalog;
    private final IngestConfig config;
    private final IngestMetrics metrics;

    DatasetUploads(ArtifactStore store, DatasetCatalog catalog, IngestConfig config, IngestMetrics metrics) {
        this.store = store;
        this.catalog = catalog;
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * Ingests one data set archive.
     *
     * @throws BadUploadException      a bad name, or not a well-formed zip
     * @throws UploadTooLargeException the body passes {@link IngestConfig#maxDatasetBytes()}
     * @throws CompressionException    a missing or malformed data file (the message names it)
     */
    DatasetStored upload(String name, InputStream body) {
        try (UploadWorkspace workspace = UploadWorkspace.create(config.workDir())) {
            Path archive = workspace.receive(body, config.maxDatasetBytes(), "dataset archive");
            Names.require("dataset name", name);
            Path content = workspace.extract(archive, config.maxExtractedBytes(), BundleArchive.MAX_DATA_ENTRIES);
            DataSummary summary = workspace.check(content, DataFolder::validateDataFolder);
            ArtifactRef stored = store.put(ArtifactKeys.dataset(name, Sha256.of(archive)), archive);
            DatasetStored answer = DatasetStored.of(name, stored, summary);
            catalog.saveSummary(answer);
            catalog.markLatest(new DatasetRef(name, stored));
            LOG.infof(
                    "dataset %s stored as %s (%d train, %d test images)",
                    name, stored.key(), summary.trainImages(), summary.testImages());
            return answer;
        } catch (BadUploadException | UploadTooLargeException | CompressionException e) {
            metrics.uploadRejected(UploadKind.DATASET);
            LOG.infof("dataset %s refused: %s", name, e.getMessage());
            throw e;
        }
    }
}
