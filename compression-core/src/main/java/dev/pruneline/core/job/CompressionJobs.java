package dev.pruneline.core.job;

import dev.pruneline.core.bundle.BundleDigest;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.criteria.CriterionContext;
import dev.pruneline.core.criteria.CriterionRegistry;
import dev.pruneline.core.criteria.ImportanceCriterion;
import dev.pruneline.core.data.DataSplits;
import dev.pruneline.core.data.ImageSet;
import dev.pruneline.core.deadline.JobDeadline;
import dev.pruneline.core.deadline.JobTimeoutException;
import dev.pruneline.core.engine.EngineMode;
import dev.pruneline.core.engine.EngineSetup;
import dev.pruneline.core.measure.BundleMetrics;
import dev.pruneline.core.measure.Latency;
import dev.pruneline.core.measure.LatencyProbe;
import dev.pruneline.core.measure.ModelCost;
import dev.pruneline.core.model.Architectures;
import dev.pruneline.core.model.LoadedModel;
import dev.pruneline.core.plan.Schedule;
import dev.pruneline.core.plan.SensitivityAnalysis;
import dev.pruneline.core.plan.SensitivityCurve;
import dev.pruneline.core.prune.Granularity;
import dev.pruneline.core.prune.Pruner;
import dev.pruneline.core.report.HistoryPoint;
import dev.pruneline.core.train.ActivationRecorder;
import dev.pruneline.core.train.Evaluator;
import dev.pruneline.core.train.TrainingListener;
import dev.pruneline.core.train.TrainingLoop;
import dev.pruneline.core.train.TrainingOptions;
import dev.pruneline.core.train.TrainingOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compression jobs as the services and the CLI run them. Every job validates its inputs,
 * writes a complete bundle plus {@code report.json} into its output folder, and throws a
 * {@link dev.pruneline.core.CompressionException} subtype with an actionable message on bad
 * input. Training jobs in one JVM run one at a time (see {@link dev.pruneline.core.engine.GradientLock}).
 * {@code prune} and {@code fineTune} also run within a time limit ({@link JobDeadline}).
 */
public final class CompressionJobs {
    /** Batch size of training and fine-tuning. */
    public static final int BATCH_SIZE = 64;
    /** Adam learning rate of training from scratch. */
    public static final double TRAIN_LEARNING_RATE = 1e-3;
    /**
     * Learning-rate schedule of fine-tuning when the request names none: a pruned model starts near a good
     * minimum, and a rate that decays to the end of the budget settles into it where a constant one keeps
     * stepping over it.
     */
    public static final String FINE_TUNE_SCHEDULE = "cosine";

    private CompressionJobs() {}

    /** Test-split metrics of a bundle. */
    public static StepMetrics evaluate(Path bundleDir, Path dataDir) {
        EngineSetup.start();
        ModelBundle bundle = ModelBundle.load(bundleDir);
        return StepMetrics.of(JobSupport.measure(bundle, JobSupport.test(dataDir, bundle.spec())));
    }

    /**
     * Prunes a bundle as the request says (target kind, schedule, sensitivity: see
     * {@link PruneRequest}). The baseline is measured on the data set's test split with this
     * process's engine, as the pruned model is: an accuracy model.json states is reported beside it
     * ({@link PruneResult#claimedAccuracy()}), never used in its place.
     */
    public static PruneResult prune(PruneRequest r) {
        return prune(r, TrainingListener.NONE, (unit, ratio, acc, done, total) -> {});
    }

    /**
     * {@link #prune(PruneRequest)} within a time limit: the job checks {@code deadline} at every batch it trains,
     * evaluates, records or calibrates on and between pruning steps, and past it stops there.
     *
     * @throws JobTimeoutException when the job runs past {@code deadline}; nothing is written to the output folder
     */
    public static PruneResult prune(PruneRequest r, JobDeadline deadline) {
        return deadline.runWithin(() -> prune(r));
    }

    /**
     * Checks a pruning policy without running it: the criterion exists, takes these parameters and
     * scores this granularity, and the workflow keys (target, schedule, ...) parse. The ingest service
     * calls it to refuse a release at upload rather than fail it in the prune worker.
     *
     * @throws dev.pruneline.core.CompressionException naming what is wrong
     */
    public static void checkPolicy(String criterion, String granularity, Map<String, String> parameters) {
        check(
                CriterionRegistry.get(criterion),
                new PruneRequest(null, null, null, criterion, granularity, 0.5, parameters, 0));
    }

    private static Granularity check(ImportanceCriterion criterion, PruneRequest r) {
        CriterionRegistry.checkParameters(criterion, r.parameters(), PruneRequest.WORKFLOW_KEYS);
        Granularity granularity = Granularity.parse(r.granularity());
        if (granularity == Granularity.WEIGHT ? !criterion.scoresWeights() : !criterion.scoresChannels()) {
            throw ImportanceCriterion.unsupportedGranularity(criterion, granularity.jsonName());
        }
        r.target();
        r.schedule();
        r.rounds();
        r.roundEpochs();
        r.learningRate();
        r.epochBudget();
        r.reconstruction();
        r.reconstructionImages();
        r.plan();
        r.roundTo();
        r.latencyBatch();
        return granularity;
    }

    /** Prunes with progress of fine-tuning rounds and of the sensitivity analysis reported. */
    public static PruneResult prune(PruneRequest r, TrainingListener listener, SensitivityAnalysis.Progress progress) {
        return prune(r, CriterionRegistry.get(r.criterion()), listener, progress);
    }

    /**
     * Prunes with a given criterion instance (named {@code r.criterion()}), e.g. one wrapped to time
     * its scoring or kept to read its search record afterwards. The request's parameters are checked
     * against the criterion first: unknown keys and bad values fail before any work.
     */
    public static PruneResult prune(
            PruneRequest r,
            ImportanceCriterion criterion,
            TrainingListener listener,
            SensitivityAnalysis.Progress progress) {
        long start = System.nanoTime();
        if (!criterion.name().equals(r.criterion())) {
            throw new dev.pruneline.core.CompressionException("request names criterion '" + r.criterion()
                    + "' but criterion '" + criterion.name() + "' was given");
        }
        Granularity granularity = check(criterion, r);
        EngineMode mode = EngineSetup.current();
        ModelBundle bundle = ModelBundle.load(r.bundleDir());
        String parentSha = BundleDigest.sha256(r.bundleDir());
        DataSplits data = JobSupport.load(r.dataDir(), bundle.spec());
        bundle = JobSupport.withClassNames(bundle, data);
        BundleMetrics baseline = baseline(bundle, data.test());
        long tBaseline = JobSupport.since(start);

        long t0 = System.nanoTime();
        CriterionContext ctx = CriterionContext.builder(bundle)
                .parameters(r.parameters())
                .seed(r.seed())
                .data(data)
                .evaluator(candidate -> JobSupport.validationAccuracy(candidate, data))
                .activations(new ActivationRecorder(data.validation()))
                .build();
        PruneWorkflow.Outcome outcome = new PruneWorkflow(r, criterion, bundle, data, ctx, listener).run(progress);
        long tPrune = JobSupport.since(t0);

        t0 = System.nanoTime();
        BundleMetrics after = JobSupport.measure(outcome.bundle(), data.test());
        long tEval = JobSupport.since(t0);

        Map<String, Object> prov = provenance("prune", bundle.spec(), parentSha, mode, r.seed());
        prov.put("parent_path", r.bundleDir().toAbsolutePath().toString());
        prov.put("criterion", criterion.name());
        prov.put("granularity", granularity.jsonName());
        prov.put("target", r.target().jsonName());
        prov.put("target_amount", r.sparsity());
        prov.put("schedule", outcome.schedule().jsonName());
        prov.put("plan", outcome.plan().ratios());
        prov.put(TRAINING_EPOCHS, outcome.epochs().size());
        prov.put("parameters", r.parameters());
        ModelBundle saved = JobSupport.save(outcome.bundle(), after, mode, prov, r.outDir());
        List<HistoryPoint> history = new ArrayList<>();
        history.add(
                new HistoryPoint("before", baseline.accuracy(), baseline.nonzeroParameters(), baseline.nonzeroMacs()));
        history.addAll(outcome.history());
        if (outcome.schedule() == Schedule.ONESHOT) {
            history.add(new HistoryPoint("pruned", after.accuracy(), after.nonzeroParameters(), after.nonzeroMacs()));
        }
        Path report = JobSupport.report(
                "prune",
                bundle,
                saved,
                r.outDir(),
                parentSha,
                criterion.name(),
                granularity.jsonName(),
                r.sparsity(),
                r.parameters(),
                baseline,
                after,
                outcome.epochs(),
                mode,
                timings("baseline", tBaseline, "prune", tPrune, "evaluate", tEval, "total", JobSupport.since(start)),
                outcome.plan(),
                outcome.curves(),
                history,
                Map.of());
        return new PruneResult(
                StepMetrics.of(baseline),
                claimedAccuracy(bundle),
                StepMetrics.of(after),
                r.outDir(),
                report,
                mode.label());
    }

    /**
     * Sensitivity curves of a bundle: each unit (channel group or weight tensor) pruned alone at
     * each ratio, evaluated on the validation split.
     */
    public static List<SensitivityCurve> sensitivity(
            Path bundleDir,
            Path dataDir,
            String criterionName,
            String granularity,
            Map<String, String> parameters,
            double[] ratios,
            SensitivityAnalysis.Progress progress) {
        EngineSetup.start();
        ImportanceCriterion criterion = CriterionRegistry.get(criterionName);
        ModelBundle bundle = ModelBundle.load(bundleDir);
        DataSplits data = JobSupport.load(dataDir, bundle.spec());
        CriterionContext ctx = CriterionContext.builder(bundle)
                .parameters(parameters)
                .data(data)
                .evaluator(c -> JobSupport.validationAccuracy(c, data))
                .activations(new ActivationRecorder(data.validation()))
                .build();
        return SensitivityAnalysis.run(
                Pruner.of(Granularity.parse(granularity)),
                ctx,
                criterion,
                ratios,
                c -> JobSupport.validationAccuracy(c, data),
                progress);
    }

    /** The train, validation and test splits every job of {@code model} reads from {@code dataDir}. */
    public static DataSplits splits(Path dataDir, ModelSpec model) {
        return JobSupport.load(dataDir, model);
    }

    /**
     * Full measurement of a bundle: test metrics, bundle bytes, and with {@code latency} the
     * measured forward time at batch 1 and 64 ({@link LatencyProbe}).
     */
    public static Measurement measure(Path bundleDir, Path dataDir, boolean latency) {
        EngineSetup.start();
        ModelBundle bundle = ModelBundle.load(bundleDir);
        BundleMetrics m = JobSupport.measure(bundle, JobSupport.test(dataDir, bundle.spec()))
                .withBundleBytes(
                        Files.isDirectory(bundleDir)
                                ? BundleMetrics.folderBytes(bundleDir)
                                : bundleDir.toFile().length());
        Map<String, Latency> lat = new LinkedHashMap<>();
        if (latency) {
            lat.put("batch1", LatencyProbe.measure(bundle, 1));
            lat.put("batch64", LatencyProbe.measure(bundle, 64));
        }
        return new Measurement(m, lat);
    }

    /**
     * Provenance key of a pruned bundle: the epochs its pruning trained (the iterative schedule's rounds), which a
     * fine-tuning with {@code count_pruning_epochs} takes off its own epochs.
     */
    public static final String TRAINING_EPOCHS = "training_epochs";

    /**
     * The epochs a fine-tuning runs: the requested ones, less those the input's pruning already trained when the
     * request counts them ({@code count_pruning_epochs}), so that a release's fine-tune epochs bound all the training
     * after the model was received.
     */
    static int epochsLeft(FineTuneRequest r, ModelBundle input) {
        if (!Boolean.parseBoolean(r.option("count_pruning_epochs", "false"))) {
            return r.epochs();
        }
        Object spent = input.spec().provenance().get(TRAINING_EPOCHS);
        int used = spent instanceof Number n ? n.intValue() : 0;
        return Math.max(0, r.epochs() - used);
    }

    /** Fine-tunes a bundle holding its zero weights at zero; see {@link #fineTune(FineTuneRequest, TrainingListener)}. */
    public static FineTuneResult fineTune(FineTuneRequest r) {
        return fineTune(r, TrainingListener.NONE);
    }

    /**
     * {@link #fineTune(FineTuneRequest)} within a time limit: the job checks {@code deadline} at every batch it
     * trains or evaluates on, and past it stops there.
     *
     * @throws JobTimeoutException when the job runs past {@code deadline}; nothing is written to the output folder
     */
    public static FineTuneResult fineTune(FineTuneRequest r, JobDeadline deadline) {
        return deadline.runWithin(() -> fineTune(r));
    }

    /** Fine-tunes with progress reported to {@code listener}. With 0 epochs it only evaluates and copies. */
    public static FineTuneResult fineTune(FineTuneRequest r, TrainingListener listener) {
        long start = System.nanoTime();
        EngineMode mode = EngineSetup.current();
        ModelBundle bundle = ModelBundle.load(r.bundleDir());
        String parentSha = BundleDigest.sha256(r.bundleDir());
        DataSplits data = JobSupport.load(r.dataDir(), bundle.spec());
        bundle = JobSupport.withClassNames(bundle, data);
        BundleMetrics before = JobSupport.measure(bundle, data.test());
        int epochs = epochsLeft(r, bundle);
        TrainingOptions options = TrainingOptions.builder()
                .epochs(epochs)
                .learningRate(r.learningRate())
                .seed(r.seed())
                .batchSize(BATCH_SIZE)
                .holdMasks(true)
                .listener(listener)
                .schedule(r.option("schedule", FINE_TUNE_SCHEDULE))
                .earlyStopPatience(Integer.parseInt(r.option("patience", "0")))
                .restoreBest(Boolean.parseBoolean(r.option("restore_best", "true")))
                .teacher(teacher(r, bundle))
                .distillAlpha(Double.parseDouble(r.option("distill_alpha", "0.5")))
                .distillTemperature(Double.parseDouble(r.option("distill_temperature", "4")))
                .build();
        long t0 = System.nanoTime();
        ModelBundle tuned = bundle;
        TrainingOutcome outcome = new TrainingOutcome(0, List.of(), mode.label(), mode.threads());
        if (epochs > 0) {
            try (LoadedModel model = LoadedModel.of(bundle)) {
                outcome = TrainingLoop.train(model, data, options);
                tuned = model.toBundle(bundle.spec());
            }
        }
        long tTrain = JobSupport.since(t0);
        BundleMetrics after = epochs > 0 ? JobSupport.measure(tuned, data.test()) : before;
        Map<String, Object> prov = provenance("finetune", bundle.spec(), parentSha, mode, r.seed());
        prov.put("epochs", outcome.epochsRun());
        prov.put("learning_rate", r.learningRate());
        prov.put("options", r.options());
        Object parentPath = bundle.spec().provenance().get("parent_path");
        if (parentPath != null) {
            prov.put("parent_path", parentPath); // the original model: the teacher of a later --distill
        }
        ModelBundle saved = JobSupport.save(tuned, after, mode, prov, r.outDir());
        Map<String, String> reportParams = new LinkedHashMap<>(r.options());
        reportParams.put("epochs", Integer.toString(epochs));
        reportParams.put("learning_rate", Double.toString(r.learningRate()));
        reportParams.put("seed", Long.toString(r.seed()));
        Path report = JobSupport.report(
                "finetune",
                bundle,
                saved,
                r.outDir(),
                parentSha,
                null,
                null,
                null,
                reportParams,
                before,
                after,
                outcome.epochs(),
                mode,
                timings("train", tTrain, "total", JobSupport.since(start)));
        return new FineTuneResult(
                StepMetrics.of(before), StepMetrics.of(after), r.outDir(), report, outcome.epochsRun(), mode.label());
    }

    /**
     * Trains an architecture from scratch ({@code lenet5}, {@code vgg-small}, {@code resnet8}); the
     * weights of the epoch that validates best are kept; test metrics go into
     * model.json. Returns {@code outDir}.
     */
    public static Path train(String arch, Path dataDir, int epochs, long seed, Path outDir) {
        return train(arch, dataDir, epochs, seed, outDir, TrainingListener.NONE);
    }

    /** Trains with progress reported to {@code listener}. */
    public static Path train(String arch, Path dataDir, int epochs, long seed, Path outDir, TrainingListener listener) {
        long start = System.nanoTime();
        ModelSpec spec = Architectures.byName(arch);
        EngineMode mode = EngineSetup.current();
        DataSplits data = JobSupport.load(dataDir, spec);
        TrainingOptions options = TrainingOptions.builder()
                .epochs(epochs)
                .learningRate(TRAIN_LEARNING_RATE)
                .seed(seed)
                .batchSize(BATCH_SIZE)
                .listener(listener)
                .restoreBest(true)
                .build();
        ModelBundle trained;
        TrainingOutcome outcome;
        double acc;
        try (LoadedModel model = LoadedModel.initialise(spec, seed)) {
            outcome = TrainingLoop.train(model, data, options);
            acc = Evaluator.evaluate(model, data.test()).accuracy();
            trained = model.toBundle(spec);
        }
        BundleMetrics after = BundleMetrics.of(acc, ModelCost.of(trained), 0);
        Map<String, Object> prov = new LinkedHashMap<>(spec.provenance());
        prov.put("step", "train");
        prov.put("epochs", outcome.epochsRun());
        prov.put("seed", seed);
        prov.put("engine_mode", mode.label());
        ModelBundle saved = JobSupport.save(trained, after, mode, prov, outDir);
        JobSupport.report(
                "train",
                null,
                saved,
                outDir,
                null,
                null,
                null,
                null,
                Map.of("arch", arch, "epochs", Integer.toString(epochs), "seed", Long.toString(seed)),
                null,
                after,
                outcome.epochs(),
                mode,
                timings("total", JobSupport.since(start)));
        return outDir;
    }

    private static BundleMetrics baseline(ModelBundle bundle, ImageSet test) {
        return JobSupport.measure(bundle, test);
    }

    /** The accuracy model.json states, or null. */
    private static Double claimedAccuracy(ModelBundle bundle) {
        Object stated = bundle.spec().metrics().get("accuracy");
        return stated instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : null;
    }

    /** The distillation teacher of a fine-tune request, or null. */
    private static ModelBundle teacher(FineTuneRequest r, ModelBundle student) {
        if (!Boolean.parseBoolean(r.option("distill", "false"))) {
            return null;
        }
        String path = r.option("teacher", null);
        if (path == null) {
            Object parent = student.spec().provenance().get("parent_path");
            if (parent == null) {
                throw new dev.pruneline.core.CompressionException("distillation needs a teacher: the bundle "
                        + r.bundleDir() + " records no parent_path; pass the original model with --teacher");
            }
            path = parent.toString();
        }
        ModelBundle teacher = ModelBundle.load(Path.of(path));
        if (!teacher.spec().classes().equals(student.spec().classes())) {
            throw new dev.pruneline.core.CompressionException(
                    "teacher " + path + " has classes " + teacher.spec().classes() + " but the model has "
                            + student.spec().classes());
        }
        return teacher;
    }

    private static Map<String, Object> provenance(
            String step, ModelSpec parent, String parentSha, EngineMode mode, long seed) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("step", step);
        p.put("parent_name", parent.name());
        p.put("parent_sha256", parentSha);
        p.put("parent_provenance", parent.provenance());
        p.put("seed", seed);
        p.put("engine_mode", mode.label());
        return p;
    }

    private static Map<String, Long> timings(Object... kv) {
        Map<String, Long> t = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            t.put((String) kv[i], (Long) kv[i + 1]);
        }
        return t;
    }
}
