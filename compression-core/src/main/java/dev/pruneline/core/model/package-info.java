/**
 * Turns a bundle's architecture graph into a DJL {@link ai.djl.nn.Block} ({@link GraphBlock}),
 * copies weights between bundles and blocks with shape checks, and holds the reference
 * architectures ({@link Architectures}).
 */
package dev.pruneline.core.model;
