package dev.pruneline.core.data;

import java.util.List;

/**
 * What a valid data folder holds, for ingest's validation.
 *
 * @param layout how the files are laid out
 * @param trainImages images in the train files (validation is carved out of these)
 * @param testImages images in the test files
 * @param channels 1 (grey-scale) or 3 (RGB)
 * @param rows image height
 * @param cols image width
 * @param classNames class names, index = label (see {@link DataSplits#classes()})
 */
public record DataSummary(
        DataLayout layout, int trainImages, int testImages, int channels, int rows, int cols, List<String> classNames) {

    public DataSummary {
        classNames = List.copyOf(classNames);
    }

    /** Number of classes; for IDX the highest label + 1 over train and test. */
    public int classes() {
        return classNames.size();
    }
}
