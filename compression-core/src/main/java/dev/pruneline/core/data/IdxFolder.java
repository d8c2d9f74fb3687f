package dev.pruneline.core.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The MNIST layout: {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte}, each optionally {@code .gz}. Classes are
 * named by their label numbers.
 */
final class IdxFolder implements LayoutReader {
    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    @Override
    public boolean presentIn(Path dir) {
        for (String base : new String[] {TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS}) {
            if (Files.isRegularFile(dir.resolve(base)) || Files.isRegularFile(dir.resolve(base + ".gz"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public TrainAndTest readAll(Path dir, ImageShape target) {
        ImageSet train = readPair(dir, "train", TRAIN_IMAGES, TRAIN_LABELS);
        ImageSet test = readTest(dir, target);
        if (train.rows() != test.rows() || train.cols() != test.cols()) {
            throw new DataException("data folder " + dir + ": train images are " + train.rows() + "x" + train.cols()
                    + " but test images are " + test.rows() + "x" + test.cols());
        }
        return new TrainAndTest(train, test, DataSplits.numbered(train, test));
    }

    @Override
    public ImageSet readTest(Path dir, ImageShape target) {
        return readPair(dir, "test", TEST_IMAGES, TEST_LABELS);
    }

    private static ImageSet readPair(Path dir, String split, String imagesName, String labelsName) {
        Path imagesFile = find(dir, imagesName);
        Path labelsFile = find(dir, labelsName);
        IdxReader.Images images = IdxReader.readImages(imagesFile);
        int[] labels = IdxReader.readLabels(labelsFile);
        if (labels.length != images.count()) {
            throw new DataException("data folder " + dir + ": " + imagesFile.getFileName() + " holds "
                    + images.count() + " images but " + labelsFile.getFileName() + " holds " + labels.length
                    + " labels");
        }
        return ImageSet.grey(split, images.pixels(), labels, images.rows(), images.cols());
    }

    private static Path find(Path dir, String base) {
        Path plain = dir.resolve(base);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gz = dir.resolve(base + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        throw new DataException("data folder " + dir + " lacks " + base + "(.gz)");
    }
}
