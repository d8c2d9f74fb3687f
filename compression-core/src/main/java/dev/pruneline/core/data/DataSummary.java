package dev.pruneline.core.data;

import java.util.List;
import java.util.Optional;

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

    /**
     * Why a model taking {@code input} ({@code [channels, height, width]}) cannot read these images, or
     * empty when it can: an image tree is resized and converted between grey-scale and RGB to fit any
     * input, IDX and CIFAR-10 images are used as they are.
     */
    public Optional<String> mismatch(String model, List<Integer> input) {
        List<Integer> held = List.of(channels, rows, cols);
        if (layout == DataLayout.IMAGE_TREE || held.equals(input)) {
            return Optional.empty();
        }
        return Optional.of("model '" + model + "' expects input " + input + " but the data set holds " + held
                + " images (" + layout + " images are not resized)");
    }

    /** Number of classes; for IDX the highest label + 1 over train and test. */
    public int classes() {
        return classNames.size();
    }
}
