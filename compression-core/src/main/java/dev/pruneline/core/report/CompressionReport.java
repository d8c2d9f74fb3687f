package dev.pruneline.core.report;

import dev.pruneline.core.measure.BundleMetrics;
import dev.pruneline.core.measure.Latency;
import dev.pruneline.core.measure.LayerCost;
import dev.pruneline.core.plan.PruningPlan;
import dev.pruneline.core.plan.SensitivityCurve;
import dev.pruneline.core.train.EpochSummary;
import java.util.List;
import java.util.Map;

/**
 * Report of one compression step ({@code train}, {@code prune} or {@code finetune}), written as
 * {@code report.json}.
 *
 * @param schemaVersion report format version ({@link ReportWriter#SCHEMA_VERSION})
 * @param step {@code train}, {@code prune} or {@code finetune}
 * @param model model name
 * @param parentSha256 digest of the input bundle, null for training from scratch
 * @param criterion criterion name, null when not pruning
 * @param granularity granularity, null when not pruning
 * @param targetSparsity requested sparsity, null when not pruning
 * @param parameters criterion or training parameters
 * @param before metrics of the input model, null for training from scratch
 * @param after metrics of the output model
 * @param layers per-layer cost and sparsity of the output model
 * @param epochs per-epoch training summaries, empty when not training
 * @param engine engine facts: {@code mode}, {@code threads}, {@code version}
 * @param timingsMillis wall-clock time per phase in milliseconds
 * @param createdAt ISO-8601 instant
 * @param plan the pruning plan, null when not pruning
 * @param sensitivity sensitivity curves measured for the plan, empty when none
 * @param history models along the run (baseline, rounds, result) for the accuracy-against-size plot
 * @param latency measured latency by name ({@code before.batch64}, ...), empty when not measured
 * @param layersBefore per-layer cost and sparsity of the input model, so that widths can be shown before and after;
 *     empty for training from scratch (and in reports of schema version 2 and older)
 */
public record CompressionReport(
        int schemaVersion,
        String step,
        String model,
        String parentSha256,
        String criterion,
        String granularity,
        Double targetSparsity,
        Map<String, String> parameters,
        BundleMetrics before,
        BundleMetrics after,
        List<LayerCost> layers,
        List<EpochSummary> epochs,
        Map<String, Object> engine,
        Map<String, Long> timingsMillis,
        String createdAt,
        PruningPlan plan,
        List<SensitivityCurve> sensitivity,
        List<HistoryPoint> history,
        Map<String, Latency> latency,
        List<LayerCost> layersBefore) {}
