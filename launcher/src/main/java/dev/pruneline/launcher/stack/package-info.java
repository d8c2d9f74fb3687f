/**
 * A whole pipeline on one machine: devstack (Kafka and S3 in this process) plus the four packaged Quarkus services
 * as child processes, configured to find each other; used by {@code demo}, {@code up} and the end-to-end tests.
 */
package dev.pruneline.launcher.stack;
