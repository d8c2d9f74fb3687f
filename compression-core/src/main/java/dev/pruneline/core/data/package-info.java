/**
 * Image data sets: IDX (MNIST family, optionally gzip-compressed), CIFAR-10 binary batches and image trees of
 * PNG/JPEG/BMP/GIF files, each as a folder or a zip; layout detection, validation, deterministic
 * train/validation/test splits with class names, a model's per-channel normalization of pixels, and the bundled
 * MNIST sample.
 */
package dev.pruneline.core.data;
