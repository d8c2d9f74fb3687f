/**
 * What the pruneline services share: the event contracts on Kafka ({@code event}), the artifact store
 * on S3 / MinIO ({@code store}) and the names of the exported metrics ({@code metrics}).
 */
package dev.pruneline.pipeline;
