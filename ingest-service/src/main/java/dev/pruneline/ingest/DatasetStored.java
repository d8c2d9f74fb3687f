package dev.pruneline.ingest;

import dev.pruneline.core.data.DataSummary;
import dev.pruneline.pipeline.event.ArtifactRef;

/**
 * The answer to an accepted data set upload (HTTP 201).
 *
 * @param archive the stored archive; it is now the latest upload of {@code name}
 * @param train   images in the train files (the workers carve validation out of these)
 * @param test    images in the test files
 * @param rows    image height
 * @param cols    image width
 * @param classes highest label + 1
 */
public record DatasetStored(String name, ArtifactRef archive, int train, int test, int rows, int cols, int classes) {

    static DatasetStored of(String name, ArtifactRef archive, DataSummary summary) {
        return new DatasetStored(
                name,
                archive,
                summary.trainImages(),
                summary.testImages(),
                summary.rows(),
                summary.cols(),
                summary.classes());
    }
}
