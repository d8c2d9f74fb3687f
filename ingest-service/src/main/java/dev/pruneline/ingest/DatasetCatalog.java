package dev.pruneline.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pruneline.core.data.DataLayout;
import dev.pruneline.core.data.DataSummary;
import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.DatasetRef;
import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.store.ArtifactIntegrityException;
import dev.pruneline.pipeline.store.ArtifactStore;
import dev.pruneline.pipeline.store.ArtifactStoreException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The latest upload of each data set, kept in the artifact store as a small pointer object
 * {@code datasets/<name>/latest.json} holding its {@link DatasetRef}. The archives themselves are kept by hash
 * ({@code datasets/<name>/<sha256>.zip}), so a release event keeps pointing at the bytes it was made with even
 * after a newer upload of the same name.
 */
@ApplicationScoped
public class DatasetCatalog {

    private final ArtifactStore store;
    private final ObjectMapper mapper = new EventCodec().mapper();

    DatasetCatalog(ArtifactStore store) {
        this.store = store;
    }

    /** Key of the pointer object of data set {@code name}. */
    static String latestKey(String name) {
        return "datasets/" + name + "/latest.json";
    }

    /** Makes {@code dataset} the latest upload of its name. */
    void markLatest(DatasetRef dataset) {
        try {
            store.put(latestKey(dataset.name()), mapper.writeValueAsBytes(dataset));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the pointer of dataset " + dataset.name(), e);
        }
    }

    /** Key of the summary stored beside a data set archive. */
    static String summaryKey(ArtifactRef archive) {
        return archive.key() + ".summary.json";
    }

    /** Keeps what the upload of {@code stored} holds (layout, image shape, classes) beside its archive. */
    void saveSummary(DatasetStored stored) {
        try {
            store.put(summaryKey(stored.archive()), mapper.writeValueAsBytes(stored));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the summary of dataset " + stored.name(), e);
        }
    }

    /** What the upload {@code dataset} points at holds; empty for archives stored without a summary. */
    Optional<DataSummary> summary(DatasetRef dataset) {
        String key = summaryKey(dataset.archive());
        return readJson(key, DatasetStored.class).map(s -> {
            try {
                return new DataSummary(
                        DataLayout.valueOf(s.layout()),
                        s.train(),
                        s.test(),
                        s.channels(),
                        s.rows(),
                        s.cols(),
                        s.classNames());
            } catch (IllegalArgumentException e) {
                throw new ArtifactStoreException("cannot read " + key + ": " + e.getMessage(), e);
            }
        });
    }

    /** The latest upload of data set {@code name}, if there was one. */
    Optional<DatasetRef> latest(String name) {
        try {
            return read(name);
        } catch (ArtifactIntegrityException e) {
            // the pointer was replaced between stat and get by a concurrent upload: read the new one
            return read(name);
        }
    }

    private Optional<DatasetRef> read(String name) {
        return readJson(latestKey(name), DatasetRef.class);
    }

    /** The JSON object stored under {@code key}, or empty when there is none. */
    private <T> Optional<T> readJson(String key, Class<T> type) {
        Optional<ArtifactRef> ref = store.stat(key);
        if (ref.isEmpty()) {
            return Optional.empty();
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile("dataset-catalog", ".json");
            store.get(ref.get(), tmp);
            return Optional.of(mapper.readValue(tmp.toFile(), type));
        } catch (IOException e) {
            throw new ArtifactStoreException("cannot read " + key + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                tmp.toFile().delete(); // best effort: a few bytes in the temp folder
            }
        }
    }
}
