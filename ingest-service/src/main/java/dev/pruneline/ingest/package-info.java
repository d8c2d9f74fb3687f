/**
 * The ingest service: REST upload of model bundles and data sets. An upload is received into a temporary
 * folder, checked by compression-core, stored in the artifact store and only then announced on
 * {@code model.released}. A rejected upload stores nothing and publishes nothing.
 */
package dev.pruneline.ingest;
