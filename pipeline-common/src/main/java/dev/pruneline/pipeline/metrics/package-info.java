/** Names and descriptions of every metric the services export, in one place. */
package dev.pruneline.pipeline.metrics;
