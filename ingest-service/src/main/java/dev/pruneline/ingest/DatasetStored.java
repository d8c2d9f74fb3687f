package dev.pruneline.ingest;

import dev.pruneline.core.data.DataSummary;
import dev.pruneline.pipeline.event.ArtifactRef;
import java.util.List;

/**
 * The answer to an accepted data set upload (HTTP 201).
 *
 * @param archive    the stored archive; it is now the latest upload of {@code name}
 * @param layout     {@code IDX}, {@code CIFAR10} or {@code IMAGE_TREE}
 * @param train      images in the train files (the workers carve validation out of these)
 * @param test       images in the test files
 * @param channels   1 (grey-scale) or 3 (RGB)
 * @param rows       image height (for an image tree: of its first image; the workers resize to the model's input)
 * @param cols       image width
 * @param classes    number of classes (IDX: highest label + 1)
 * @param classNames class names, index = label
 */
public record DatasetStored(
        String name,
        ArtifactRef archive,
        String layout,
        int train,
        int test,
        int channels,
        int rows,
        int cols,
        int classes,
        List<String> classNames) {

    static DatasetStored of(String name, ArtifactRef archive, DataSummary summary) {
        return new DatasetStored(
                name,
                archive,
                summary.layout().name(),
                summary.trainImages(),
                summary.testImages(),
                summary.channels(),
                summary.rows(),
                summary.cols(),
                summary.classes(),
                summary.classNames());
    }
}
