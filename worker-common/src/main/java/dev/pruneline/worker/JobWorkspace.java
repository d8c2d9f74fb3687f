package dev.pruneline.worker;

import dev.pruneline.core.bundle.BundleArchive;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.DatasetRef;
import dev.pruneline.pipeline.event.ModelArtifact;
import dev.pruneline.pipeline.store.ArtifactKeys;
import dev.pruneline.pipeline.store.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The local folder of one job: fetches the artifacts a job reads, and stores what it writes. Closing it deletes the
 * folder. Data sets are extracted into a shared cache keyed by the archive's SHA-256, so a data set is downloaded
 * once per worker, not once per job.
 */
public final class JobWorkspace implements AutoCloseable {

    private final ArtifactStore store;
    private final Path root;
    private final Path datasetCache;
    private final long maxExtractedBytes;

    /** Opens a fresh folder under {@code workDir}. */
    public JobWorkspace(ArtifactStore store, WorkerConfig config, String jobName) {
        this.store = store;
        this.datasetCache = config.datasetCacheDir();
        this.maxExtractedBytes = config.maxExtractedBytes();
        try {
            Files.createDirectories(config.workDir());
            this.root = Files.createTempDirectory(config.workDir(), jobName + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a job folder under " + config.workDir(), e);
        }
    }

    /** A path inside the job folder. */
    public Path path(String name) {
        return root.resolve(name);
    }

    /** Downloads a bundle archive, verifies its hash and extracts it into {@code folderName}. */
    public Path fetchBundle(ArtifactRef archive, String folderName) {
        Path zip = path(folderName + ".zip");
        store.get(archive, zip);
        Path dir = path(folderName);
        extract(zip, dir, BundleArchive.MAX_BUNDLE_ENTRIES);
        return dir;
    }

    /**
     * Like {@link #fetchBundle}, into a folder named {@code <model>.model} inside {@code folderName}: a release that
     * names no model itself (an ONNX file) takes the model name of its release from the folder's name.
     */
    public Path fetchRelease(ArtifactRef archive, String folderName, String model) {
        Path zip = path(folderName + ".zip");
        store.get(archive, zip);
        Path dir = path(folderName).resolve(model + ".model");
        extract(zip, dir, BundleArchive.MAX_BUNDLE_ENTRIES);
        return dir;
    }

    /** The extracted data set, downloading and extracting it only if the cache lacks this exact archive. */
    public Path fetchDataset(DatasetRef dataset) {
        Path dir = datasetCache.resolve(dataset.archive().sha256());
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path zip = path("dataset.zip");
        store.get(dataset.archive(), zip);
        Path staging = path("dataset");
        extract(zip, staging, BundleArchive.MAX_DATA_ENTRIES);
        try {
            Files.createDirectories(datasetCache);
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.isDirectory(dir)) {
                throw new UncheckedIOException("cannot cache data set '" + dataset.name() + "' in " + dir, e);
            }
        }
        return dir;
    }

    /** Zips a bundle folder deterministically and stores it under {@code key}. */
    public ArtifactRef storeBundle(Path bundleDir, String key) {
        Path zip = path(bundleDir.getFileName() + "-out.zip");
        BundleArchive.zip(bundleDir, zip);
        return store.put(key, zip);
    }

    /**
     * Stores a stage's output model: the bundle folder zipped (format {@value ModelArtifact#PRUNELINE}, always first)
     * and, when the folder holds one, its {@code model.onnx} alone (format {@value ModelArtifact#ONNX}). The folder is
     * first made reproducible ({@link ReproducibleOutput}): the same input stores the same bytes.
     */
    public List<ModelArtifact> storeModel(Path bundleDir, String releaseId, String stage) {
        ReproducibleOutput.normalize(bundleDir, runFacts(bundleDir));
        List<ModelArtifact> artifacts = new ArrayList<>();
        artifacts.add(ModelArtifact.of(
                ModelArtifact.PRUNELINE, storeBundle(bundleDir, ArtifactKeys.stageBundle(releaseId, stage))));
        Path onnx = bundleDir.resolve(ModelBundle.MODEL_ONNX);
        if (Files.isRegularFile(onnx)) {
            artifacts.add(
                    ModelArtifact.of(ModelArtifact.ONNX, store.put(ArtifactKeys.stageOnnx(releaseId, stage), onnx)));
        }
        return List.copyOf(artifacts);
    }

    /**
     * Stores a stage's {@code report.json} and, when the engine wrote one beside it, its {@code report.html}; returns
     * the JSON report's reference (the page's key follows from it: {@link ArtifactKeys#stageReportPage}). The job's
     * folder is first made reproducible ({@link ReproducibleOutput}), if {@link #storeModel} has not done it, and
     * the facts of the run taken out of the report are stored beside it ({@link ArtifactKeys#stageRun}).
     */
    public ArtifactRef storeReport(Path reportJson, String releaseId, String stage) {
        Path outDir = reportJson.toAbsolutePath().getParent();
        ReproducibleOutput.normalize(outDir, runFacts(outDir));
        if (Files.isRegularFile(runFacts(outDir))) {
            store.put(ArtifactKeys.stageRun(releaseId, stage), runFacts(outDir));
        }
        Path page = reportJson.resolveSibling("report.html");
        if (Files.isRegularFile(page)) {
            store.put(ArtifactKeys.stageReportPage(releaseId, stage), page);
        }
        return store.put(ArtifactKeys.stageReport(releaseId, stage), reportJson);
    }

    /** Where the facts of the run of the job output in {@code outDir} go: beside that folder, not in it. */
    private Path runFacts(Path outDir) {
        return path(outDir.getFileName() + "-run.json");
    }

    private void extract(Path zip, Path dir, int maxEntries) {
        try (InputStream in = Files.newInputStream(zip)) {
            BundleArchive.extract(in, dir, maxExtractedBytes, maxEntries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + zip, e);
        }
    }

    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete job folder " + root, e);
        }
    }
}
