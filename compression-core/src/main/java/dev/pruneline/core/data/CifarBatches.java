package dev.pruneline.core.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The CIFAR-10 binary layout (https://www.cs.toronto.edu/~kriz/cifar.html): {@code data_batch_1.bin} ..
 * {@code data_batch_5.bin} for training and {@code test_batch.bin}, each a sequence of 3073-byte records: one
 * label byte, then the 32x32 red, green and blue planes, row by row. The planes become channels 0, 1 and 2 as they
 * are. Class names come from {@code batches.meta.txt} (one a line) when present, else the ten CIFAR-10 names.
 */
final class CifarBatches implements LayoutReader {
    static final String TRAIN_PREFIX = "data_batch_";
    static final int TRAIN_FILES = 5;
    static final String TEST_FILE = "test_batch.bin";
    static final String META_FILE = "batches.meta.txt";
    static final int SIDE = 32;
    static final int IMAGE_BYTES = 3 * SIDE * SIDE;
    static final int RECORD_BYTES = 1 + IMAGE_BYTES;
    static final List<String> CIFAR10_CLASSES =
            List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
    private static final long MAX_META_BYTES = 1 << 20;
    /** The most records one split may hold: its pixels must fit one Java array. */
    static final long MAX_RECORDS = (Integer.MAX_VALUE - 8) / IMAGE_BYTES;

    @Override
    public boolean presentIn(Path dir) {
        if (Files.isRegularFile(dir.resolve(TEST_FILE))) {
            return true;
        }
        for (int i = 1; i <= TRAIN_FILES; i++) {
            if (Files.isRegularFile(trainFile(dir, i))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public TrainAndTest readAll(Path dir, ImageShape target) {
        List<String> classes = classes(dir);
        ImageSet train = read("train", trainFiles(dir), classes);
        ImageSet test = read("test", List.of(testFile(dir)), classes);
        return new TrainAndTest(train, test, classes);
    }

    @Override
    public ImageSet readTest(Path dir, ImageShape target) {
        return read("test", List.of(testFile(dir)), classes(dir));
    }

    /** {@code data_batch_1.bin} up to the highest one present, none missing in between. */
    private static List<Path> trainFiles(Path dir) {
        int last = 0;
        for (int i = 1; i <= TRAIN_FILES; i++) {
            if (Files.isRegularFile(trainFile(dir, i))) {
                last = i;
            }
        }
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= Math.max(1, last); i++) {
            Path f = trainFile(dir, i);
            if (!Files.isRegularFile(f)) {
                throw new DataException("data folder " + dir + " lacks " + f.getFileName()
                        + " (CIFAR-10 train batches are numbered from 1 without gaps)");
            }
            files.add(f);
        }
        return files;
    }

    private static Path trainFile(Path dir, int i) {
        return dir.resolve(TRAIN_PREFIX + i + ".bin");
    }

    private static Path testFile(Path dir) {
        Path f = dir.resolve(TEST_FILE);
        if (!Files.isRegularFile(f)) {
            throw new DataException("data folder " + dir + " lacks " + TEST_FILE);
        }
        return f;
    }

    /** The names of {@code batches.meta.txt} (blank lines skipped), or the CIFAR-10 names without it. */
    static List<String> classes(Path dir) {
        Path meta = dir.resolve(META_FILE);
        if (!Files.isRegularFile(meta)) {
            return CIFAR10_CLASSES;
        }
        try {
            if (Files.size(meta) > MAX_META_BYTES) {
                throw new DataException(meta + " is larger than " + MAX_META_BYTES + " bytes; it should hold one"
                        + " class name a line");
            }
            List<String> names = new ArrayList<>();
            for (String line : Files.readAllLines(meta, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    names.add(line.strip());
                }
            }
            if (names.isEmpty()) {
                throw new DataException(meta + " names no classes; it should hold one class name a line");
            }
            if (new HashSet<>(names).size() != names.size()) {
                throw new DataException(meta + " names a class twice: " + names);
            }
            return List.copyOf(names);
        } catch (IOException e) {
            throw new DataException("cannot read " + meta + ": " + e.getMessage(), e);
        }
    }

    private static ImageSet read(String split, List<Path> files, List<String> classes) {
        long records = 0;
        for (Path f : files) {
            records += recordsIn(f);
        }
        if (records == 0) {
            throw new DataException("the CIFAR-10 " + split + " files " + names(files) + " hold no images");
        }
        if (records > MAX_RECORDS) {
            throw new DataException("the CIFAR-10 " + split + " files " + names(files) + " hold " + records
                    + " images, more than the " + MAX_RECORDS + " one split may hold");
        }
        byte[] pixels = new byte[(int) records * IMAGE_BYTES];
        int[] labels = new int[(int) records];
        int i = 0;
        for (Path f : files) {
            i = readFile(f, pixels, labels, i, classes);
        }
        if (i != records) {
            throw new DataException("the CIFAR-10 " + split + " files " + names(files) + " changed while being read");
        }
        return new ImageSet(split, pixels, labels, 3, SIDE, SIDE);
    }

    /** The records of a file, from its length, which must be a whole number of records. */
    private static long recordsIn(Path f) {
        try {
            long length = Files.size(f);
            if (length % RECORD_BYTES != 0) {
                throw new DataException(f + " is " + length + " bytes long, not a multiple of the " + RECORD_BYTES
                        + "-byte CIFAR-10 record (1 label byte + 3x32x32 pixels)");
            }
            return length / RECORD_BYTES;
        } catch (IOException e) {
            throw new DataException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    private static int readFile(Path f, byte[] pixels, int[] labels, int from, List<String> classes) {
        long expected = recordsIn(f);
        int i = from;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(f), 1 << 16))) {
            for (long r = 0; r < expected && i < labels.length; r++, i++) {
                int label = in.readUnsignedByte();
                if (label >= classes.size()) {
                    throw new DataException(f + ": record " + r + " has label " + label + " but the data set names "
                            + classes.size() + " classes (" + META_FILE + " or the ten CIFAR-10 names)");
                }
                labels[i] = label;
                in.readFully(pixels, i * IMAGE_BYTES, IMAGE_BYTES);
            }
        } catch (EOFException e) {
            throw new DataException(f + " ends early: it was shortened while being read", e);
        } catch (IOException e) {
            throw new DataException("cannot read " + f + ": " + e.getMessage(), e);
        }
        return i;
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(f -> f.getFileName().toString()).toList();
    }
}
