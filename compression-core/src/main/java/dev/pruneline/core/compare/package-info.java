/**
 * Criteria side by side: {@link CriterionComparison} prunes one model with every applicable
 * criterion to one target, fine-tunes each with the same budget and measures them alike
 * ({@link ComparisonResult}); {@link RankCorrelation} compares channel rankings with the oracle's;
 * {@link ComparisonHtml} writes the table and an SVG plot as one HTML page.
 */
package dev.pruneline.core.compare;
