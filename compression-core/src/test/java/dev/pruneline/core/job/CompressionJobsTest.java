package dev.pruneline.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.data.SampleData;
import dev.pruneline.core.measure.ModelCost;
import dev.pruneline.core.prune.GlobalPruner;
import dev.pruneline.core.report.CompressionReport;
import dev.pruneline.core.report.ReportWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade end to end on LeNet-5 and the sample data: train one epoch, prune, fine-tune, evaluate. */
class CompressionJobsTest {
    @TempDir
    static Path tmp;

    static Path data;
    static Path trained;

    @BeforeAll
    static void trainOnce() {
        data = SampleData.extractTo(tmp.resolve("data"));
        trained = CompressionJobs.train("lenet5", data, 1, 1, tmp.resolve("trained"));
    }

    @Test
    void shouldStoreTestMetricsAndEngineModeInTheTrainedBundle() {
        ModelSpec spec = ModelBundle.load(trained).spec();
        double acc = ((Number) spec.metrics().get("accuracy")).doubleValue();
        assertTrue(acc > 0.8, "one epoch on 7,200 digits gives " + acc);
        assertEquals(61_706, ((Number) spec.metrics().get("parameters")).longValue());
        assertTrue(
                spec.metrics().get("engine_mode").toString().matches("(onednn-aligned|reference) \\(.+\\)"),
                spec.metrics().toString());
        assertEquals(acc, CompressionJobs.evaluate(trained, data).accuracy(), 1e-9);
    }

    @Test
    void shouldMeasureTheBaselineOnTheDataSetAndOnlyReportTheAccuracyModelJsonClaims() throws Exception {
        Path claiming = tmp.resolve("claiming");
        ModelBundle b = ModelBundle.load(trained);
        Map<String, Object> metrics = new java.util.LinkedHashMap<>(b.spec().metrics());
        metrics.put("accuracy", 0.123);
        b.withSpec(b.spec().withMetrics(metrics)).save(claiming);

        PruneResult r = CompressionJobs.prune(new PruneRequest(
                claiming, data, tmp.resolve("claiming-pruned"), "magnitude", "weight", 0.5, Map.of(), 1));

        assertEquals(
                CompressionJobs.evaluate(trained, data).accuracy(), r.baseline().accuracy(), 1e-9);
        assertEquals(0.123, r.claimedAccuracy(), 1e-12);
    }

    @Test
    void shouldCountTheTrainingOfIterativeRoundsAgainstTheFineTuneEpochs() {
        // three rounds would train two epochs between them; a budget of one leaves two rounds
        PruneResult pruned = CompressionJobs.prune(new PruneRequest(
                trained,
                data,
                tmp.resolve("budget-pruned"),
                "magnitude",
                "weight",
                0.6,
                Map.of("schedule", "iterative", "rounds", "3", "round_epochs", "1", "epoch_budget", "1"),
                1));
        ModelSpec spec = ModelBundle.load(pruned.bundleDir()).spec();
        assertEquals(1, ((Number) spec.provenance().get(CompressionJobs.TRAINING_EPOCHS)).intValue());
        assertEquals(0.6, pruned.pruned().sparsity(), 1e-4);

        FineTuneResult counted = CompressionJobs.fineTune(new FineTuneRequest(
                pruned.bundleDir(),
                data,
                tmp.resolve("budget-tuned"),
                1,
                5e-4,
                1,
                Map.of("count_pruning_epochs", "true")));
        assertEquals(0, counted.epochsRun(), "the one epoch of the budget was spent between the rounds");
        assertEquals(pruned.pruned().accuracy(), counted.after().accuracy(), 1e-9);
    }

    @Test
    void shouldPruneChannelsInOneShotUnderAuto() {
        PruneResult r = CompressionJobs.prune(new PruneRequest(
                trained,
                data,
                tmp.resolve("auto-channels"),
                "magnitude",
                "channel",
                0.7,
                Map.of("schedule", "auto", "epoch_budget", "2", "target", "macs"),
                1));
        Map<String, Object> prov = ModelBundle.load(r.bundleDir()).spec().provenance();
        assertEquals("oneshot", prov.get("schedule"), "the whole budget fine-tunes the final widths");
        assertEquals(0, ((Number) prov.get(CompressionJobs.TRAINING_EPOCHS)).intValue());
        assertTrue(r.pruned().macs() <= 0.3 * r.baseline().macs(), r.pruned().macs() + " MACs");
    }

    @Test
    void shouldKeepTheOneShotOfWeightsUnderAutoOnlyWhereItCostsLittleAccuracy() {
        Map<String, String> auto = Map.of("schedule", "auto", "epoch_budget", "2");
        PruneResult light = CompressionJobs.prune(
                new PruneRequest(trained, data, tmp.resolve("auto-light"), "magnitude", "weight", 0.3, auto, 1));
        PruneResult heavy = CompressionJobs.prune(
                new PruneRequest(trained, data, tmp.resolve("auto-heavy"), "magnitude", "weight", 0.97, auto, 1));

        Map<String, Object> lightProv =
                ModelBundle.load(light.bundleDir()).spec().provenance();
        assertEquals("oneshot", lightProv.get("schedule"), "30% of the weights cost almost nothing");
        assertEquals(0, ((Number) lightProv.get(CompressionJobs.TRAINING_EPOCHS)).intValue());
        assertTrue(light.baseline().accuracy() - light.pruned().accuracy() < PruneRequest.AUTO_ONE_SHOT_DROP);

        Map<String, Object> heavyProv =
                ModelBundle.load(heavy.bundleDir()).spec().provenance();
        assertEquals("iterative", heavyProv.get("schedule"), "97% of the weights in one step cost too much");
        assertEquals(1, ((Number) heavyProv.get(CompressionJobs.TRAINING_EPOCHS)).intValue());
        assertEquals(0.97, heavy.pruned().sparsity(), 1e-4);
    }

    @Test
    void shouldPruneThenFineTuneKeepingTheSparsity() {
        PruneResult pruned = CompressionJobs.prune(
                new PruneRequest(trained, data, tmp.resolve("pruned"), "magnitude", "weight", 0.8, Map.of(), 1));
        assertEquals(0.8, pruned.pruned().sparsity(), 1e-4);
        assertEquals(pruned.baseline().parameters(), pruned.pruned().parameters());
        CompressionReport report = ReportWriter.read(pruned.reportFile());
        assertEquals("prune", report.step());
        assertEquals("magnitude", report.criterion());
        assertEquals(pruned.engineMode(), report.engine().get("mode"));
        assertEquals(
                pruned.baseline().nonzeroParameters(),
                report.layersBefore().stream()
                        .mapToLong(dev.pruneline.core.measure.LayerCost::nonzeroParameters)
                        .sum(),
                "the input model's layers, before pruning");
        assertEquals(
                report.layers().stream().map(l -> l.width()).toList(),
                report.layersBefore().stream().map(l -> l.width()).toList(),
                "weight pruning keeps every layer's width");

        FineTuneResult tuned = CompressionJobs.fineTune(
                new FineTuneRequest(pruned.bundleDir(), data, tmp.resolve("tuned"), 1, 5e-4, 1));
        assertEquals(1, tuned.epochsRun());
        assertEquals(pruned.pruned().accuracy(), tuned.before().accuracy(), 1e-9);
        assertEquals(0.8, tuned.after().sparsity(), 1e-4);
        assertTrue(
                tuned.after().accuracy() >= tuned.before().accuracy() - 0.01,
                tuned.before().accuracy() + " -> " + tuned.after().accuracy());
        ModelBundle out = ModelBundle.load(tuned.bundleDir());
        assertEquals("finetune", out.spec().provenance().get("step"));
        assertEquals(GlobalPruner.collect(out).size(), 5);
    }

    @Test
    void shouldPruneChannelsToAMacsTargetFromSensitivityCurvesAndWriteAnHtmlReport() throws Exception {
        PruneResult r = CompressionJobs.prune(PruneRequest.withTarget(
                trained,
                data,
                tmp.resolve("channels"),
                "magnitude",
                "channel",
                dev.pruneline.core.plan.TargetKind.MACS,
                0.5,
                dev.pruneline.core.plan.Schedule.ITERATIVE,
                true,
                Map.of("ratios", "0.25,0.5,0.75", "round_epochs", "0", "rounds", "2"),
                1));
        assertTrue(
                r.pruned().macs() <= 0.5 * r.baseline().macs(),
                r.pruned().macs() + " vs " + r.baseline().macs());
        assertTrue(r.pruned().parameters() < r.baseline().parameters());
        assertEquals(0.0, r.pruned().sparsity(), 0.01); // a smaller dense model, not zeros
        CompressionReport report = ReportWriter.read(r.reportFile());
        assertEquals(4, report.sensitivity().size());
        assertTrue(report.plan().achieved() >= 0.5, report.plan().toString());
        String html = java.nio.file.Files.readString(r.reportFile().resolveSibling("report.html"));
        assertTrue(html.contains("<svg") && html.contains("Sensitivity"), html);

        FineTuneResult tuned = CompressionJobs.fineTune(new FineTuneRequest(
                r.bundleDir(),
                data,
                tmp.resolve("channels-tuned"),
                1,
                5e-4,
                1,
                Map.of("distill", "true", "schedule", "cosine")));
        assertTrue(tuned.after().accuracy() > tuned.before().accuracy() - 0.01, tuned.toString());
        assertEquals(r.pruned().macs(), tuned.after().macs());
    }

    @Test
    void shouldKeepMultiplesOfRoundToChannelsAndStillReachTheMacsTarget() {
        PruneResult r = CompressionJobs.prune(PruneRequest.withTarget(
                trained,
                data,
                tmp.resolve("rounded"),
                "magnitude",
                "channel",
                dev.pruneline.core.plan.TargetKind.MACS,
                0.4,
                dev.pruneline.core.plan.Schedule.ONESHOT,
                false,
                Map.of("round_to", "4"),
                1));
        assertTrue(
                r.pruned().macs() <= 0.6 * r.baseline().macs(),
                r.pruned().macs() + " vs " + r.baseline().macs());
        var before = dev.pruneline.core.graph.DependencyGraph.of(
                ModelBundle.load(trained).spec());
        var after = dev.pruneline.core.graph.DependencyGraph.of(
                ModelBundle.load(r.bundleDir()).spec());
        for (var g : after.groups()) {
            int n0 = before.group(g.id()).orElseThrow().channels();
            assertTrue(g.channels() % 4 == 0 || g.channels() == n0, g.id() + " keeps " + g.channels());
        }
        assertThrows(
                dev.pruneline.core.CompressionException.class,
                () -> CompressionJobs.prune(PruneRequest.withTarget(
                        trained,
                        data,
                        tmp.resolve("bad-round"),
                        "magnitude",
                        "channel",
                        dev.pruneline.core.plan.TargetKind.MACS,
                        0.4,
                        dev.pruneline.core.plan.Schedule.ONESHOT,
                        false,
                        Map.of("round_to", "0"),
                        1)));
    }

    @Test
    void shouldPlanChannelsAgainstMeasuredLatencyWhenAsked() throws Exception {
        PruneResult r = CompressionJobs.prune(PruneRequest.withTarget(
                trained,
                data,
                tmp.resolve("latency"),
                "magnitude",
                "channel",
                dev.pruneline.core.plan.TargetKind.MACS,
                0.4,
                dev.pruneline.core.plan.Schedule.ONESHOT,
                false,
                Map.of("plan", "latency", "round_to", "2", "latency_batch", "8"),
                1));
        assertTrue(
                r.pruned().macs() <= 0.6 * r.baseline().macs(),
                r.pruned().macs() + " vs " + r.baseline().macs());
        CompressionReport report = ReportWriter.read(r.reportFile());
        assertEquals("latency", report.plan().method());
        var after = dev.pruneline.core.graph.DependencyGraph.of(
                ModelBundle.load(r.bundleDir()).spec());
        after.groups().forEach(g -> assertTrue(g.channels() % 2 == 0, g.id() + " keeps " + g.channels()));

        var weights = assertThrows(
                dev.pruneline.core.CompressionException.class,
                () -> CompressionJobs.prune(PruneRequest.withTarget(
                        trained,
                        data,
                        tmp.resolve("latency-weights"),
                        "magnitude",
                        "weight",
                        dev.pruneline.core.plan.TargetKind.MACS,
                        0.4,
                        dev.pruneline.core.plan.Schedule.ONESHOT,
                        false,
                        Map.of("plan", "latency"),
                        1)));
        assertTrue(weights.getMessage().contains("plan=latency needs granularity channel"), weights.getMessage());
        var unknown = assertThrows(
                dev.pruneline.core.CompressionException.class,
                () -> CompressionJobs.prune(PruneRequest.withTarget(
                        trained,
                        data,
                        tmp.resolve("plan-typo"),
                        "magnitude",
                        "channel",
                        dev.pruneline.core.plan.TargetKind.MACS,
                        0.4,
                        dev.pruneline.core.plan.Schedule.ONESHOT,
                        false,
                        Map.of("plan", "fastest"),
                        1)));
        assertTrue(unknown.getMessage().contains("plan must be auto or latency, got 'fastest'"), unknown.getMessage());
        // the ingest service refuses such a policy at upload
        var atUpload = assertThrows(
                dev.pruneline.core.CompressionException.class,
                () -> CompressionJobs.checkPolicy(
                        "magnitude", "channel", Map.of("plan", "latency", "latency_batch", "0")));
        assertTrue(atUpload.getMessage().contains("latency_batch must be a positive integer"), atUpload.getMessage());
        CompressionJobs.checkPolicy("magnitude", "channel", Map.of("plan", "latency", "round_to", "8"));
    }

    @Test
    void shouldOnlyEvaluateAndCopyWithZeroEpochs() {
        FineTuneResult r =
                CompressionJobs.fineTune(new FineTuneRequest(trained, data, tmp.resolve("copy"), 0, 1e-3, 1));
        assertEquals(0, r.epochsRun());
        assertEquals(r.before(), r.after());
        ModelBundle a = ModelBundle.load(trained);
        ModelBundle b = ModelBundle.load(r.bundleDir());
        a.tensors().forEach((name, t) -> assertTrue(t.sameAs(b.tensor(name)), name));
        assertEquals(ModelCost.of(a).macs(), ModelCost.of(b).macs());
    }
}
