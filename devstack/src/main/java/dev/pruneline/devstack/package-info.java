/**
 * Real local infrastructure for tests and local runs, no containers: a single-node Kafka broker in KRaft mode
 * ({@link dev.pruneline.devstack.KafkaBroker}), an S3 server on a local folder
 * ({@link dev.pruneline.devstack.S3Server}), both together ({@link dev.pruneline.devstack.DevStack}), as a standalone
 * process ({@link dev.pruneline.devstack.DevStackMain}) and as a Quarkus test resource shared by every test of a JVM
 * ({@link dev.pruneline.devstack.DevStackResource}). Everything listens on 127.0.0.1 only.
 */
package dev.pruneline.devstack;
