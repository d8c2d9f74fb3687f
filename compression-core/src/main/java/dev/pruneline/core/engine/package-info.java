/**
 * Start-up of the DJL PyTorch engine: offline mode, intra-op thread count, libtorch's backend
 * switches, the serialisation of training (one gradient collector per JVM), and the convolution
 * path: oneDNN at aligned channel widths, with every shape verified against the reference path,
 * which guards against oneDNN kernels that are wrong on some CPUs.
 */
package dev.pruneline.core.engine;
