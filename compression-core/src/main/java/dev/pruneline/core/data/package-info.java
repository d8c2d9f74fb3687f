/**
 * Datasets in the IDX format (MNIST family, optionally gzip-compressed): reading, validating a
 * data folder, deterministic train/validation/test splits, and the bundled MNIST sample.
 */
package dev.pruneline.core.data;
