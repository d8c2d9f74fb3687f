/**
 * Deciding how much to cut where: per-unit {@link SensitivityCurve}s from
 * {@link SensitivityAnalysis}, and {@link PlanSearch}, which turns a global target
 * ({@link TargetKind}: sparsity, MACs or energy reduction) into a {@link PruningPlan} of per-unit
 * ratios, sparing the sensitive units; {@link Schedule} says whether the plan is applied at once
 * or in AGP-style rounds with fine-tuning in between.
 */
package dev.pruneline.core.plan;
