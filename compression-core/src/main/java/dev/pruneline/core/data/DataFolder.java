package dev.pruneline.core.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * A data set on disk, in one of the {@link DataLayout}s: IDX (MNIST) files, CIFAR-10 binary batches, or an image
 * tree ({@code train/<class>/*.png}, {@code test/<class>/*}). The layout may sit at the top of the folder or inside
 * its only sub-folder, and the path may also be a zip of either. Train and validation are carved from the layout's
 * train files with a fixed seed and keep that shuffled order, so that the first images of either are a sample of all
 * classes (batch-norm re-estimation, layer-wise reconstruction and the activation criteria read only the first images
 * of a split, and an image tree lists its files class by class); test is its test files in their order.
 */
public final class DataFolder {
    /** Default share of the train files held out for validation. */
    public static final double DEFAULT_VALIDATION_FRACTION = 0.1;
    /** Seed of the validation carve-out and of the order of both splits; fixed so every job sees the same split. */
    public static final long SPLIT_SEED = 20_261_129L;

    private static final String ARCHIVE_SIDE_FOLDER = "__MACOSX";

    private DataFolder() {}

    /** A folder holding a detected layout at its top. */
    private record Located(Path dir, DataLayout layout) {}

    /**
     * Checks that the folder holds a complete, readable, consistent data set, without keeping it.
     *
     * @throws DataException naming the missing or malformed file, or the layouts looked for
     */
    public static DataSummary validateDataFolder(Path dir) {
        return open(dir, at -> {
            LayoutReader.TrainAndTest data = at.layout().reader().readAll(at.dir(), null);
            ImageSet train = data.train();
            return new DataSummary(
                    at.layout(),
                    train.size(),
                    data.test().size(),
                    train.channels(),
                    train.rows(),
                    train.cols(),
                    data.classes());
        });
    }

    /** Loads all splits with the default validation fraction. */
    public static DataSplits load(Path dir) {
        return load(dir, DEFAULT_VALIDATION_FRACTION);
    }

    /** Loads all splits, carving {@code validationFraction} of the train files out as validation. */
    public static DataSplits load(Path dir, double validationFraction) {
        return load(dir, validationFraction, null);
    }

    /**
     * Loads all splits for a model: images of an image tree are brought to {@code inputShape} (its size, and its
     * channels when 1 or 3) instead of the first image's shape. The fixed-size layouts (IDX, CIFAR-10) are read as
     * they are.
     *
     * @param inputShape the model's input shape, or null when no model is known
     */
    public static DataSplits load(Path dir, double validationFraction, ImageShape inputShape) {
        if (validationFraction < 0 || validationFraction >= 1) {
            throw new DataException("validation fraction must be in [0, 1), got " + validationFraction);
        }
        LayoutReader.TrainAndTest data = open(dir, at -> at.layout().reader().readAll(at.dir(), inputShape));
        ImageSet trainAll = data.train();
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
        return new DataSplits(
                trainAll.select("train", train), trainAll.select("validation", val), data.test(), data.classes());
    }

    /** Loads only the test split. */
    public static ImageSet loadTest(Path dir) {
        return loadTest(dir, null);
    }

    /**
     * Loads only the test split for a model; {@code inputShape} as for {@link #load(Path, double, ImageShape)}.
     *
     * @param inputShape the model's input shape, or null when no model is known
     */
    public static ImageSet loadTest(Path dir, ImageShape inputShape) {
        return open(dir, at -> at.layout().reader().readTest(at.dir(), inputShape));
    }

    /** Runs {@code action} on the located layout of a folder, or of a zip extracted into a temporary folder. */
    private static <T> T open(Path path, Function<Located, T> action) {
        if (Files.isDirectory(path)) {
            return action.apply(locate(path));
        }
        if (!Files.isRegularFile(path)) {
            throw new DataException("data folder " + path + " does not exist");
        }
        if (!DataArchive.isZip(path)) {
            throw new DataException("data folder " + path + " is a file but not a zip archive; give a folder or a"
                    + " zip of one: " + lookedFor());
        }
        Path tmp;
        try {
            tmp = Files.createTempDirectory("pruneline-data");
        } catch (IOException e) {
            throw new DataException("cannot create a folder to extract " + path + " into: " + e.getMessage(), e);
        }
        try {
            DataArchive.extract(path, tmp);
            try {
                return action.apply(locate(tmp));
            } catch (DataException e) {
                String message = e.getMessage()
                        .replace(tmp + "/", "")
                        .replace("data folder " + tmp, "the archive")
                        .replace(tmp.toString(), "the archive");
                throw new DataException("data archive " + path + ": " + message, e);
            }
        } finally {
            DataArchive.deleteQuietly(tmp);
        }
    }

    /** The layout at the top of {@code dir}, or else inside its only sub-folder. */
    private static Located locate(Path dir) {
        var found = DataLayout.detect(dir);
        if (found.isPresent()) {
            return new Located(dir, found.get());
        }
        List<Path> entries = visibleEntries(dir);
        if (entries.size() == 1 && Files.isDirectory(entries.get(0))) {
            var inner = DataLayout.detect(entries.get(0));
            if (inner.isPresent()) {
                return new Located(entries.get(0), inner.get());
            }
        }
        throw new DataException("data folder " + dir + " holds no known data set layout; looked for " + lookedFor());
    }

    private static String lookedFor() {
        List<String> layouts = new ArrayList<>();
        for (DataLayout l : DataLayout.values()) {
            layouts.add(l.description());
        }
        return String.join(", ", layouts) + ", each at the top or inside one sub-folder";
    }

    private static List<Path> visibleEntries(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path e : entries) {
                String name = e.getFileName().toString();
                if (!name.startsWith(".") && !name.equals(ARCHIVE_SIDE_FOLDER)) {
                    out.add(e);
                }
            }
        } catch (IOException e) {
            throw new DataException("cannot list data folder " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }
}
