/**
 * Start-up of the DJL PyTorch engine: offline mode, intra-op thread count, the serialisation of
 * training (one gradient collector per JVM), and the oneDNN self-check that protects training
 * from libtorch's stale-memory conv backward on some CPUs.
 */
package dev.pruneline.core.engine;
