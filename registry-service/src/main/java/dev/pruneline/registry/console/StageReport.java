package dev.pruneline.registry.console;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the console shows of a stage's {@code report.json}, as the workers store it beside the stage's bundle
 * (compression-core's {@code CompressionReport}; fields this console does not show are ignored, fields a report
 * lacks read as empty).
 *
 * @param step          {@code prune} or {@code finetune}
 * @param createdAt     when the report was written
 * @param engine        engine facts: {@code mode}, {@code threads}, {@code version}
 * @param before        the input model's metrics
 * @param after         the output model's metrics
 * @param layers        the output model's layers
 * @param layersBefore  the input model's layers (reports of schema version 3 on; empty before)
 * @param epochs        fine-tuning epochs
 * @param timingsMillis wall-clock time per phase
 * @param plan          the pruning plan, or null
 * @param sensitivity   sensitivity curves, empty when none were measured
 * @param history       models along the run, for the accuracy-against-size plot
 * @param latency       measured latency by name, empty when not measured
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StageReport(
        String step,
        String createdAt,
        Map<String, Object> engine,
        Metrics before,
        Metrics after,
        List<Layer> layers,
        List<Layer> layersBefore,
        List<Epoch> epochs,
        Map<String, Long> timingsMillis,
        Plan plan,
        List<Curve> sensitivity,
        List<HistoryPoint> history,
        Map<String, Latency> latency) {

    public StageReport {
        engine = engine == null ? Map.of() : engine;
        layers = layers == null ? List.of() : layers;
        layersBefore = layersBefore == null ? List.of() : layersBefore;
        epochs = epochs == null ? List.of() : epochs;
        timingsMillis = timingsMillis == null ? Map.of() : timingsMillis;
        sensitivity = sensitivity == null ? List.of() : sensitivity;
        history = history == null ? List.of() : history;
        latency = latency == null ? Map.of() : latency;
    }

    /**
     * This report with the facts of its run put back where the reproducible report leaves them out: when it was
     * written, the time per phase and each epoch's time, from the stage's {@code run.json}.
     */
    public StageReport withRun(Run run) {
        List<Epoch> timed = new ArrayList<>(epochs.size());
        for (int i = 0; i < epochs.size(); i++) {
            Epoch e = epochs.get(i);
            long millis = e.millis() == 0 && i < run.epochMillis().size()
                    ? run.epochMillis().get(i)
                    : e.millis();
            timed.add(new Epoch(e.epoch(), e.trainLoss(), e.validationAccuracy(), millis));
        }
        return new StageReport(
                step,
                createdAt == null ? run.createdAt() : createdAt,
                engine,
                before,
                after,
                layers,
                layersBefore,
                timed,
                timingsMillis.isEmpty() ? run.timingsMillis() : timingsMillis,
                plan,
                sensitivity,
                history,
                latency);
    }

    /**
     * A stage's {@code run.json}: the facts of the run that its reproducible report leaves out.
     *
     * @param createdAt     when the report was written
     * @param timingsMillis wall-clock time per phase
     * @param epochMillis   each epoch's time, in epoch order
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Run(String createdAt, Map<String, Long> timingsMillis, List<Long> epochMillis) {
        public Run {
            timingsMillis = timingsMillis == null ? Map.of() : timingsMillis;
            epochMillis = epochMillis == null ? List.of() : epochMillis;
        }
    }

    /** A model's metrics in a report. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Metrics(
            double accuracy,
            long parameters,
            long nonzeroParameters,
            long macs,
            long nonzeroMacs,
            double sparsity,
            long bundleBytes,
            double energyMicrojoules) {}

    /** One layer's cost; {@code width} is 0 in reports written before widths were recorded. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Layer(
            String layer,
            String type,
            long parameters,
            long nonzeroParameters,
            long macs,
            long nonzeroMacs,
            double weightSparsity,
            int width) {

        /** Whether the layer has weights that pruning touches (conv and linear). */
        public boolean prunable() {
            return "conv2d".equals(type) || "linear".equals(type);
        }
    }

    /** One fine-tuning epoch. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Epoch(int epoch, double trainLoss, double validationAccuracy, long millis) {}

    /** The pruning plan: share removed per unit. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Plan(String kind, double target, double achieved, Map<String, Double> ratios, String method) {
        public Plan {
            ratios = ratios == null ? Map.of() : ratios;
        }
    }

    /** How accuracy falls as one unit alone is pruned at rising ratios. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Curve(String unit, int size, double baseline, List<Point> points) {
        public Curve {
            points = points == null ? List.of() : points;
        }
    }

    /** One point of a sensitivity curve. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Point(double ratio, double accuracy) {}

    /** One model along the run. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HistoryPoint(String label, double accuracy, long parameters, long macs) {}

    /** A measured inference time. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Latency(int batch, double medianMillis, double minMillis, int repeats, int threads, String device) {}
}
