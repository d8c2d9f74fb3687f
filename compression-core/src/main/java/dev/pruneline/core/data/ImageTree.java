package dev.pruneline.core.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Image files sorted into one folder per class: {@code train/<class>/*} and {@code test/<class>/*} (PNG, JPEG, BMP,
 * GIF; grey-scale or RGB). The class names are the sorted folder names of {@code train/}, and {@code test/} must
 * hold the same folders. Images are read in name order; every image is brought to the size of the first train
 * image, or of the model input when one is given. A split is one-channel when all its images are grey-scale, else
 * RGB (grey images copied into R, G and B); a model input of 1 or 3 channels decides instead.
 */
final class ImageTree implements LayoutReader {
    static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "bmp", "gif");
    static final String EXTENSIONS_TEXT = String.join("|", EXTENSIONS);
    /** The most images one split may hold. */
    static final int MAX_IMAGES = 1_000_000;
    /** The most pixel bytes one split may hold: one Java array. */
    static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    /** What to bring each image to: 0 channels = as decoded (grey or RGB), 0 rows = the first image's size. */
    private record Fit(int channels, int rows, int cols) {
        static Fit of(ImageShape target) {
            if (target == null) {
                return new Fit(0, 0, 0);
            }
            int c = target.channels() == 1 || target.channels() == 3 ? target.channels() : 0;
            return new Fit(c, target.rows(), target.cols());
        }
    }

    /** The image files of one split, in reading order, with their labels. */
    private record Listing(List<Path> files, int[] labels) {}

    @Override
    public boolean presentIn(Path dir) {
        return Files.isDirectory(dir.resolve("train")) || Files.isDirectory(dir.resolve("test"));
    }

    @Override
    public TrainAndTest readAll(Path dir, ImageShape target) {
        List<String> classes = classes(dir);
        Fit fit = Fit.of(target);
        ImageSet train = read(dir, "train", classes, fit);
        ImageSet test = read(dir, "test", classes, new Fit(fit.channels(), train.rows(), train.cols()));
        if (train.channels() == 1 && test.channels() == 3) {
            train = toRgb(train);
        } else if (train.channels() == 3 && test.channels() == 1) {
            test = toRgb(test);
        }
        return new TrainAndTest(train, test, classes);
    }

    @Override
    public ImageSet readTest(Path dir, ImageShape target) {
        return read(dir, "test", classes(dir), Fit.of(target));
    }

    /** The sorted class folders of {@code train/}, checked against those of {@code test/}. */
    static List<String> classes(Path dir) {
        Set<String> train = classFolders(dir, "train");
        Set<String> test = classFolders(dir, "test");
        if (!train.equals(test)) {
            Set<String> missing = new TreeSet<>(train);
            missing.removeAll(test);
            Set<String> extra = new TreeSet<>(test);
            extra.removeAll(train);
            throw new DataException("data folder " + dir + ": the class folders of test/ " + test
                    + " differ from those of train/ " + train
                    + (missing.isEmpty() ? "" : "; missing in test/: " + missing)
                    + (extra.isEmpty() ? "" : "; not in train/: " + extra));
        }
        return List.copyOf(train);
    }

    private static Set<String> classFolders(Path dir, String split) {
        Path root = dir.resolve(split);
        if (!Files.isDirectory(root)) {
            throw new DataException("data folder " + dir + " lacks " + split + "/ (an image tree holds train/<class>/"
                    + " and test/<class>/ folders)");
        }
        Set<String> names = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path e : entries) {
                String name = e.getFileName().toString();
                if (Files.isDirectory(e) && !hidden(name)) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new DataException("cannot list " + root + ": " + e.getMessage(), e);
        }
        if (names.isEmpty()) {
            throw new DataException(
                    "data folder " + dir + ": " + split + "/ holds no class folders (" + split + "/<class>/*.png ...)");
        }
        return names;
    }

    private static ImageSet read(Path dir, String split, List<String> classes, Fit fit) {
        Listing listing = list(dir, split, classes);
        int n = listing.files().size();
        ImageFiles.Picture first = ImageFiles.decode(listing.files().get(0));
        int rows = fit.rows() > 0 ? fit.rows() : first.rows();
        int cols = fit.rows() > 0 ? fit.cols() : first.cols();
        int maxChannels = fit.channels() > 0 ? fit.channels() : 3;
        if ((long) n * maxChannels * rows * cols > MAX_BYTES) {
            throw new DataException("data folder " + dir + ": the " + n + " " + split + " images of " + maxChannels
                    + "x" + rows + "x" + cols + " pixels exceed the " + MAX_BYTES + " bytes one split may hold");
        }
        int channels = fit.channels() > 0 ? fit.channels() : first.channels();
        byte[] pixels = new byte[n * channels * rows * cols];
        for (int i = 0; i < n; i++) {
            ImageFiles.Picture p =
                    i == 0 ? first : ImageFiles.decode(listing.files().get(i));
            if (fit.channels() == 0 && p.channels() > channels) {
                pixels = toRgb(pixels, i, rows * cols, n);
                channels = 3;
            }
            int size = channels * rows * cols;
            System.arraycopy(ImageFiles.fit(p, channels, rows, cols), 0, pixels, i * size, size);
        }
        return new ImageSet(split, pixels, listing.labels(), channels, rows, cols);
    }

    private static Listing list(Path dir, String split, List<String> classes) {
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            Path folder = dir.resolve(split).resolve(classes.get(label));
            List<Path> images = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
                for (Path e : entries) {
                    if (isImage(e)) {
                        if (files.size() + images.size() >= MAX_IMAGES) {
                            throw new DataException("data folder " + dir + ": " + split + "/ holds more than "
                                    + MAX_IMAGES + " images");
                        }
                        images.add(e);
                    }
                }
            } catch (IOException e) {
                throw new DataException("cannot list " + folder + ": " + e.getMessage(), e);
            }
            images.sort(null);
            files.addAll(images);
            for (int i = 0; i < images.size(); i++) {
                labels.add(label);
            }
        }
        if (files.isEmpty()) {
            throw new DataException("data folder " + dir + ": the class folders of " + split + "/ hold no images (*."
                    + EXTENSIONS_TEXT + ")");
        }
        return new Listing(files, labels.stream().mapToInt(Integer::intValue).toArray());
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return !hidden(name)
                && dot > 0
                && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))
                && Files.isRegularFile(file);
    }

    private static boolean hidden(String name) {
        return name.startsWith(".");
    }

    /** The first {@code count} one-channel images of {@code grey} as RGB, in a buffer for {@code total} images. */
    private static byte[] toRgb(byte[] grey, int count, int plane, int total) {
        byte[] rgb = new byte[total * 3 * plane];
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < 3; c++) {
                System.arraycopy(grey, i * plane, rgb, (i * 3 + c) * plane, plane);
            }
        }
        return rgb;
    }

    private static ImageSet toRgb(ImageSet grey) {
        int plane = grey.rows() * grey.cols();
        return new ImageSet(
                grey.name(),
                toRgb(grey.pixels(), grey.size(), plane, grey.size()),
                grey.labels(),
                3,
                grey.rows(),
                grey.cols());
    }
}
