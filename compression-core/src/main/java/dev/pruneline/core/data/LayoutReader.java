package dev.pruneline.core.data;

import java.nio.file.Path;
import java.util.List;

/** Reads the files of one {@link DataLayout}. */
interface LayoutReader {

    /** The train and test images of a folder together with their class names (index = label). */
    record TrainAndTest(ImageSet train, ImageSet test, List<String> classes) {}

    /** Whether {@code dir} holds some file of this layout at its top (the rest may still be missing). */
    boolean presentIn(Path dir);

    /**
     * Reads both splits; test images come out in the train images' shape.
     *
     * @param target the model input shape images are resized to where the layout's images may vary in size (the
     *     image tree), or null when no model is known
     */
    TrainAndTest readAll(Path dir, ImageShape target);

    /** Reads only the test split; {@code target} as for {@link #readAll}. */
    ImageSet readTest(Path dir, ImageShape target);
}
