/**
 * The artifact store: model bundles, data sets and reports in an S3 bucket (MinIO, S3Proxy, AWS), addressed by
 * key and verified by SHA-256 on every read.
 */
package dev.pruneline.pipeline.store;
