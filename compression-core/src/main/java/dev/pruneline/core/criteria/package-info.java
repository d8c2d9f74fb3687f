/**
 * Importance criteria, one class each behind {@link ImportanceCriterion}, found by name in
 * {@link CriterionRegistry}. A criterion scores the weights of a tensor or the channels of a
 * {@link dev.pruneline.core.graph.ChannelGroup}; it never decides how many to cut. Everything it may
 * need (weights, data, an evaluator, activations and their gradients) comes through
 * {@link CriterionContext}.
 */
package dev.pruneline.core.criteria;
