/**
 * The model registry: records every release as it moves through the pipeline, decides whether a compressed
 * candidate is promoted, and answers REST queries. {@code store} holds the storage port and its JDBC
 * implementation, {@code gate} the promotion rule, {@code messaging} the Kafka adapters, {@code api} the REST
 * resources.
 */
package dev.pruneline.registry;
