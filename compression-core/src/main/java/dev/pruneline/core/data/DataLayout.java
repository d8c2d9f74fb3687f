package dev.pruneline.core.data;

import java.nio.file.Path;
import java.util.Optional;

/** The ways a data folder may lay out its files; {@link DataFolder} detects which one a folder uses. */
public enum DataLayout {
    /** The MNIST files: one-channel images and their labels, train and {@code t10k}. */
    IDX(
            new IdxFolder(),
            "IDX files (" + IdxFolder.TRAIN_IMAGES + ", " + IdxFolder.TRAIN_LABELS + ", " + IdxFolder.TEST_IMAGES + ", "
                    + IdxFolder.TEST_LABELS + ", each optionally .gz)"),
    /** The CIFAR-10 binary version: records of one label byte and 32x32 R, G, B planes. */
    CIFAR10(
            new CifarBatches(),
            "CIFAR-10 binary batches (" + CifarBatches.TRAIN_PREFIX + "1.bin .. " + CifarBatches.TRAIN_PREFIX
                    + CifarBatches.TRAIN_FILES + ".bin, " + CifarBatches.TEST_FILE + ")"),
    /** Image files in one folder per class, under {@code train/} and {@code test/}. */
    IMAGE_TREE(
            new ImageTree(), "an image tree (train/<class>/*." + ImageTree.EXTENSIONS_TEXT + " and test/<class>/...)");

    private final LayoutReader reader;
    private final String description;

    DataLayout(LayoutReader reader, String description) {
        this.reader = reader;
        this.description = description;
    }

    /** What a folder in this layout holds, for messages. */
    public String description() {
        return description;
    }

    LayoutReader reader() {
        return reader;
    }

    /** The layout whose files {@code dir} holds at its top; IDX first, then CIFAR-10, then the image tree. */
    static Optional<DataLayout> detect(Path dir) {
        for (DataLayout layout : values()) {
            if (layout.reader.presentIn(dir)) {
                return Optional.of(layout);
            }
        }
        return Optional.empty();
    }
}
