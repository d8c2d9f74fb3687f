package dev.pruneline.core.data;

/**
 * The three splits of a dataset. Validation is carved deterministically out of the train files;
 * test is the {@code t10k} files.
 *
 * @param train images used to fit weights
 * @param validation held-out part of the train files (early stopping, model selection)
 * @param test the t10k files, used for every reported accuracy
 */
public record DataSplits(ImageSet train, ImageSet validation, ImageSet test) {}
