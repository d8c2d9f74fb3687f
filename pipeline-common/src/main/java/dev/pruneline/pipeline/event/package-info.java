/**
 * Event contracts carried on Kafka: one record per topic, JSON through {@link dev.pruneline.pipeline.event.EventCodec},
 * each with a {@code schemaVersion}. Events carry ids, artifact references and small metrics, never model bytes.
 */
package dev.pruneline.pipeline.event;
