package dev.pruneline.core.job;

import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.data.DataFolder;
import dev.pruneline.core.data.DataSplits;
import dev.pruneline.core.data.ImageSet;
import dev.pruneline.core.data.ImageShape;
import dev.pruneline.core.data.SampleData;
import dev.pruneline.core.engine.EngineMode;
import dev.pruneline.core.measure.BundleMetrics;
import dev.pruneline.core.measure.Latency;
import dev.pruneline.core.measure.ModelCost;
import dev.pruneline.core.model.LoadedModel;
import dev.pruneline.core.plan.PruningPlan;
import dev.pruneline.core.plan.SensitivityCurve;
import dev.pruneline.core.report.CompressionReport;
import dev.pruneline.core.report.HistoryPoint;
import dev.pruneline.core.report.ReportWriter;
import dev.pruneline.core.train.EpochSummary;
import dev.pruneline.core.train.Evaluator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Steps shared by the jobs: data resolution, measuring, writing bundle and report. */
final class JobSupport {
    static final String REPORT_FILE = "report.json";

    private JobSupport() {}

    /** A data folder path, where a non-existent path named {@code sample} means the bundled sample. */
    static Path data(Path dataDir) {
        if (!Files.exists(dataDir)
                && dataDir.getFileName() != null
                && SampleData.KEYWORD.equals(dataDir.getFileName().toString())) {
            return SampleData.resolve(SampleData.KEYWORD);
        }
        return dataDir;
    }

    /** Test-split accuracy plus cost of a bundle. */
    static BundleMetrics measure(ModelBundle bundle, ImageSet test) {
        double acc;
        try (LoadedModel m = LoadedModel.of(bundle)) {
            acc = Evaluator.evaluate(m, test).accuracy();
        }
        return BundleMetrics.of(acc, ModelCost.of(bundle), 0);
    }

    /** The splits of a data folder for a model: an image tree's images are brought to the model's input shape. */
    static DataSplits load(Path dataDir, ModelSpec model) {
        return DataFolder.load(
                data(dataDir), DataFolder.DEFAULT_VALIDATION_FRACTION, ImageShape.of(model.inputShape()));
    }

    /**
     * {@code bundle} with the data set's class names where the model only numbers its classes (an
     * ONNX release without pruneline.json) and the data names as many (an image tree's folders).
     */
    static ModelBundle withClassNames(ModelBundle bundle, DataSplits data) {
        List<String> own = bundle.spec().classes();
        List<String> numbered =
                IntStream.range(0, own.size()).mapToObj(Integer::toString).toList();
        if (!own.equals(numbered)
                || data.classes().size() != own.size()
                || data.classes().equals(own)) {
            return bundle;
        }
        return bundle.withSpec(bundle.spec().withClasses(data.classes()));
    }

    /** The test split of a data folder for a model, as {@link #load}. */
    static ImageSet test(Path dataDir, ModelSpec model) {
        return DataFolder.loadTest(data(dataDir), ImageShape.of(model.inputShape()));
    }

    /** The model.json metrics map: measured metrics plus engine facts. */
    static Map<String, Object> metricsJson(BundleMetrics m, EngineMode mode) {
        Map<String, Object> out = new LinkedHashMap<>(m.toJsonMap());
        out.put("evaluated_on", "test");
        out.put("engine_mode", mode.label());
        out.put("threads", mode.threads());
        return out;
    }

    /** Saves the bundle with metrics and provenance into {@code outDir}; returns it as saved. */
    static ModelBundle save(
            ModelBundle bundle, BundleMetrics metrics, EngineMode mode, Map<String, Object> provenance, Path outDir) {
        ModelSpec spec = bundle.spec().withMetrics(metricsJson(metrics, mode)).withProvenance(provenance);
        ModelBundle out = bundle.withSpec(spec);
        out.save(outDir);
        return out;
    }

    static Map<String, Object> engineJson(EngineMode mode) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("mode", mode.label());
        e.put("onednn", mode.onednnEnabled());
        e.put("threads", mode.threads());
        e.put("version", mode.engineVersion());
        return e;
    }

    /** Writes report.json (and report.html) into {@code outDir}; {@code in} is the input model, null for training. */
    static Path report(
            String step,
            ModelBundle in,
            ModelBundle out,
            Path outDir,
            String parentSha,
            String criterion,
            String granularity,
            Double sparsity,
            Map<String, String> params,
            BundleMetrics before,
            BundleMetrics after,
            List<EpochSummary> epochs,
            EngineMode mode,
            Map<String, Long> timings) {
        List<HistoryPoint> history = new ArrayList<>();
        if (before != null) {
            history.add(
                    new HistoryPoint("before", before.accuracy(), before.nonzeroParameters(), before.nonzeroMacs()));
        }
        history.add(new HistoryPoint("after", after.accuracy(), after.nonzeroParameters(), after.nonzeroMacs()));
        return report(
                step,
                in,
                out,
                outDir,
                parentSha,
                criterion,
                granularity,
                sparsity,
                params,
                before,
                after,
                epochs,
                mode,
                timings,
                null,
                List.of(),
                history,
                Map.of());
    }

    /** Writes report.json (and report.html) with plan, curves, history and latency. */
    static Path report(
            String step,
            ModelBundle in,
            ModelBundle out,
            Path outDir,
            String parentSha,
            String criterion,
            String granularity,
            Double sparsity,
            Map<String, String> params,
            BundleMetrics before,
            BundleMetrics after,
            List<EpochSummary> epochs,
            EngineMode mode,
            Map<String, Long> timings,
            PruningPlan plan,
            List<SensitivityCurve> curves,
            List<HistoryPoint> history,
            Map<String, Latency> latency) {
        BundleMetrics withBytes = after.withBundleBytes(BundleMetrics.folderBytes(outDir));
        CompressionReport r = new CompressionReport(
                ReportWriter.SCHEMA_VERSION,
                step,
                out.spec().name(),
                parentSha,
                criterion,
                granularity,
                sparsity,
                params,
                before,
                withBytes,
                ModelCost.of(out).layers(),
                epochs,
                engineJson(mode),
                timings,
                Instant.now().toString(),
                plan,
                curves,
                history,
                latency,
                in == null ? List.of() : ModelCost.of(in).layers());
        return ReportWriter.write(r, outDir.resolve(REPORT_FILE));
    }

    /** Validation accuracy of a candidate bundle. */
    static double validationAccuracy(ModelBundle candidate, DataSplits data) {
        try (LoadedModel m = LoadedModel.of(candidate)) {
            return Evaluator.evaluate(m, data.validation()).accuracy();
        }
    }

    static long since(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
