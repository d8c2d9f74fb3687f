/**
 * The model bundle: a folder (or zip archive) holding {@code model.json} (architecture graph,
 * classes, normalization, metrics, provenance; versioned by {@code schemaVersion}) and
 * {@code weights.safetensors}. Reading, validating, writing and archiving bundles lives here.
 */
package dev.pruneline.core.bundle;
