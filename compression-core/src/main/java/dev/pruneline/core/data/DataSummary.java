package dev.pruneline.core.data;

/**
 * What a valid data folder holds, for ingest's validation.
 *
 * @param trainImages images in the train files (validation is carved out of these)
 * @param testImages images in the t10k files
 * @param rows image height
 * @param cols image width
 * @param classes highest label + 1 over train and test
 */
public record DataSummary(int trainImages, int testImages, int rows, int cols, int classes) {}
