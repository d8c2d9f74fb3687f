package dev.pruneline.launcher.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code onnx-bench} measured: the model before and after channel pruning, and how it was run.
 *
 * @param model the model's name (its file name without {@code .onnx})
 * @param criterion the pruning criterion
 * @param macsTarget the asked share of MACs to remove
 * @param trainEpochs epochs trained before the "before" measurement
 * @param finetuneEpochs epochs fine-tuned after pruning
 * @param trainEpochMillis median time of one training epoch (0 when none ran)
 * @param finetuneEpochMillis median time of one fine-tuning epoch (0 when none ran)
 * @param before the model as given, after its training epochs
 * @param after the pruned, fine-tuned model
 * @param engine the engine mode at the end of the run (the reference path if a convolution failed its check) and its
 *     version, e.g. {@code onednn-aligned (kernels verified), PyTorch 2.7.1}
 * @param onnxRuntime the ONNX Runtime version
 * @param threads intra-op threads of both the engine and ONNX Runtime
 * @param seconds wall time of the whole command
 */
record OnnxBenchResult(
        String model,
        String criterion,
        double macsTarget,
        int trainEpochs,
        int finetuneEpochs,
        long trainEpochMillis,
        long finetuneEpochMillis,
        ModelRun before,
        ModelRun after,
        String engine,
        String onnxRuntime,
        int threads,
        long seconds) {

    /** Share of MACs the pruning removed. */
    double macsReduction() {
        return 1.0 - (double) after.metrics().macs() / before.metrics().macs();
    }

    /** The result as JSON-ready maps. */
    Map<String, Object> toJson() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("model", model);
        o.put("criterion", criterion);
        o.put("macs_reduction_target", macsTarget);
        o.put("macs_reduction", macsReduction());
        o.put("train_epochs", trainEpochs);
        o.put("finetune_epochs", finetuneEpochs);
        o.put("train_epoch_ms", trainEpochMillis);
        o.put("finetune_epoch_ms", finetuneEpochMillis);
        o.put("before", run(before));
        o.put("after", run(after));
        o.put("engine", engine);
        o.put("onnxruntime", onnxRuntime);
        o.put("threads", threads);
        o.put("seconds", seconds);
        return o;
    }

    private static Map<String, Object> run(ModelRun r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("bundle", r.bundle().toString());
        o.put("accuracy", r.metrics().accuracy());
        o.put("parameters", r.metrics().parameters());
        o.put("macs", r.metrics().macs());
        o.put("ort_batch1_ms", r.batch1().medianMillis());
        o.put("ort_batch64_ms", r.batch64().medianMillis());
        o.put("ort_batch1_repeats", r.batch1().repeats());
        o.put("ort_batch64_repeats", r.batch64().repeats());
        o.put("ort_vs_engine_max_abs_diff", r.agreement().maxAbsDiff());
        o.put("ort_vs_engine_top1_agreement", r.agreement().top1Agreement());
        o.put("compared_images", r.agreement().images());
        return o;
    }

    /** The Markdown table and the lines saying how it was measured. */
    String toTable() {
        StringBuilder s = new StringBuilder();
        s.append("| model | MACs before -> after | params before -> after | acc before -> after"
                + " | ORT b1 ms before -> after | ORT b64 ms before -> after | ORT vs engine max abs diff"
                + " before / after | top-1 agreement before / after |\n");
        s.append("|---|---|---|---|---|---|---|---|\n");
        s.append(String.format(
                Locale.ROOT,
                "| %s | %,d -> %,d (-%.1f%%) | %,d -> %,d | %.4f -> %.4f | %.2f -> %.2f | %.2f -> %.2f"
                        + " | %.2e / %.2e | %.4f / %.4f |%n",
                model,
                before.metrics().macs(),
                after.metrics().macs(),
                100 * macsReduction(),
                before.metrics().parameters(),
                after.metrics().parameters(),
                before.metrics().accuracy(),
                after.metrics().accuracy(),
                before.batch1().medianMillis(),
                after.batch1().medianMillis(),
                before.batch64().medianMillis(),
                after.batch64().medianMillis(),
                before.agreement().maxAbsDiff(),
                after.agreement().maxAbsDiff(),
                before.agreement().top1Agreement(),
                after.agreement().top1Agreement()));
        s.append(String.format(
                Locale.ROOT,
                "criterion %s, channel pruning to %.0f%% fewer MACs; %d train epoch(s) (median %d ms), %d fine-tune"
                        + " epoch(s) (median %d ms); %d test images compared%n",
                criterion,
                100 * macsTarget,
                trainEpochs,
                trainEpochMillis,
                finetuneEpochs,
                finetuneEpochMillis,
                after.agreement().images()));
        s.append(String.format(
                Locale.ROOT,
                "ONNX Runtime %s, %d intra-op thread(s) (the engine's), 1 inter-op; median of %d (batch 1) and %d"
                        + " (batch 64) runs, before and after interleaved; engine %s; %d s in all%n",
                onnxRuntime,
                threads,
                before.batch1().repeats(),
                before.batch64().repeats(),
                engine,
                seconds));
        return s.toString();
    }
}
