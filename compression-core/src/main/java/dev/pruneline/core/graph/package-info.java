/**
 * The dependency graph of a model: which tensors share a channel dimension and must therefore be
 * pruned together ({@link ChannelGroup}), found once by {@link DependencyGraph} from model.json
 * alone. Criteria score groups and surgery edits every {@link Coupling} of a group, so nothing
 * downstream special-cases batch-norms, flatten layers or residual adds.
 */
package dev.pruneline.core.graph;
