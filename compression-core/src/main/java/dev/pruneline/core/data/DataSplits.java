package dev.pruneline.core.data;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The three splits of a dataset and the names of its classes. Validation is carved deterministically out of the
 * train files; test is the layout's test files ({@code t10k}, {@code test_batch.bin}, {@code test/}).
 *
 * @param train images used to fit weights, in a fixed shuffled order: its first images are a sample of all classes
 * @param validation held-out part of the train files (early stopping, model selection), shuffled like train
 * @param test the test files, used for every reported accuracy
 * @param classes class names, index = label: the folder names of an image tree, the CIFAR-10 names, or the label
 *     numbers ({@code "0"}, {@code "1"}, ...) of IDX files; what a model's {@code classes} should hold
 */
public record DataSplits(ImageSet train, ImageSet validation, ImageSet test, List<String> classes) {

    public DataSplits {
        classes = List.copyOf(classes);
        for (ImageSet set : List.of(train, validation, test)) {
            for (int label : set.labels()) {
                if (label < 0 || label >= classes.size()) {
                    throw new DataException("the " + set.name() + " split holds label " + label + " but the data set"
                            + " names " + classes.size() + " classes");
                }
            }
        }
    }

    /** Splits whose classes are named by their label numbers, {@code "0"} up to the highest label, as IDX does. */
    public DataSplits(ImageSet train, ImageSet validation, ImageSet test) {
        this(train, validation, test, numbered(train, validation, test));
    }

    /** {@code "0"}, {@code "1"}, ... up to the highest label of the sets. */
    static List<String> numbered(ImageSet... sets) {
        int classes = 0;
        for (ImageSet set : sets) {
            for (int label : set.labels()) {
                classes = Math.max(classes, label + 1);
            }
        }
        return IntStream.range(0, classes).mapToObj(Integer::toString).toList();
    }
}
