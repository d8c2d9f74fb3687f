package dev.pruneline.core.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * A folder in the MNIST layout: {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte}, each optionally {@code .gz}.
 */
public final class DataFolder {
    /** Default share of the train files held out for validation. */
    public static final double DEFAULT_VALIDATION_FRACTION = 0.1;
    /** Seed of the validation carve-out; fixed so every job sees the same split. */
    public static final long SPLIT_SEED = 20_261_129L;

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private DataFolder() {}

    /**
     * Checks that the folder holds all four files, readable and consistent, without keeping them.
     *
     * @throws DataException naming the missing or malformed file
     */
    public static DataSummary validateDataFolder(Path dir) {
        ImageSet train = readPair(dir, "train", TRAIN_IMAGES, TRAIN_LABELS);
        ImageSet test = loadTest(dir);
        if (train.rows() != test.rows() || train.cols() != test.cols()) {
            throw new DataException("data folder " + dir + ": train images are " + train.rows() + "x" + train.cols()
                    + " but test images are " + test.rows() + "x" + test.cols());
        }
        int classes = 0;
        for (int l : train.labels()) {
            classes = Math.max(classes, l + 1);
        }
        for (int l : test.labels()) {
            classes = Math.max(classes, l + 1);
        }
        return new DataSummary(train.size(), test.size(), train.rows(), train.cols(), classes);
    }

    /** Loads all splits with the default validation fraction. */
    public static DataSplits load(Path dir) {
        return load(dir, DEFAULT_VALIDATION_FRACTION);
    }

    /** Loads all splits, carving {@code validationFraction} of the train files out as validation. */
    public static DataSplits load(Path dir, double validationFraction) {
        if (validationFraction < 0 || validationFraction >= 1) {
            throw new DataException("validation fraction must be in [0, 1), got " + validationFraction);
        }
        ImageSet trainAll = readPair(dir, "train", TRAIN_IMAGES, TRAIN_LABELS);
        ImageSet test = loadTest(dir);
        if (trainAll.rows() != test.rows() || trainAll.cols() != test.cols()) {
            throw new DataException("data folder " + dir + ": train images are " + trainAll.rows() + "x"
                    + trainAll.cols() + " but test images are " + test.rows() + "x" + test.cols());
        }
        int n = trainAll.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random rnd = new Random(SPLIT_SEED);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int nVal = (int) Math.round(n * validationFraction);
        int[] val = Arrays.copyOfRange(order, 0, nVal);
        int[] train = Arrays.copyOfRange(order, nVal, n);
        Arrays.sort(val);
        Arrays.sort(train);
        return new DataSplits(trainAll.select("train", train), trainAll.select("validation", val), test);
    }

    /** Loads only the test split (the t10k files). */
    public static ImageSet loadTest(Path dir) {
        return readPair(dir, "test", TEST_IMAGES, TEST_LABELS);
    }

    private static ImageSet readPair(Path dir, String split, String imagesName, String labelsName) {
        if (!Files.isDirectory(dir)) {
            throw new DataException("data folder " + dir + " does not exist");
        }
        Path imagesFile = find(dir, imagesName);
        Path labelsFile = find(dir, labelsName);
        IdxReader.Images images = IdxReader.readImages(imagesFile);
        int[] labels = IdxReader.readLabels(labelsFile);
        if (labels.length != images.count()) {
            throw new DataException("data folder " + dir + ": " + imagesFile.getFileName() + " holds "
                    + images.count() + " images but " + labelsFile.getFileName() + " holds " + labels.length
                    + " labels");
        }
        return new ImageSet(split, images.pixels(), labels, images.rows(), images.cols());
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
