package dev.pruneline.core.cli;

import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.data.SampleData;
import dev.pruneline.core.engine.EngineSetup;
import dev.pruneline.core.job.CompressionJobs;
import dev.pruneline.core.job.FineTuneRequest;
import dev.pruneline.core.job.FineTuneResult;
import dev.pruneline.core.job.Measurement;
import dev.pruneline.core.job.PruneRequest;
import dev.pruneline.core.job.PruneResult;
import dev.pruneline.core.measure.Latency;
import dev.pruneline.core.measure.LatencyProbe;
import dev.pruneline.core.plan.Schedule;
import dev.pruneline.core.plan.TargetKind;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The compression benchmark (not a timed test): for each model, train from scratch, prune to its
 * target through the same facade the workers call, fine-tune, and measure accuracy, MACs,
 * parameters and batch-1 / batch-64 latency before and after. Prints one table; progress goes to
 * stderr. Targets: LeNet-5 at 90% weight sparsity, VGG-small at 50% fewer MACs by channels,
 * ResNet-8 and WRN-8-2 at 40% fewer MACs by channels.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Train, prune, fine-tune and measure LeNet-5, VGG-small, ResNet-8 and WRN-8-2; print the table.")
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", defaultValue = "sample", description = "data folder, or 'sample' (default)")
    String data;

    @Option(names = "--work", required = true, description = "folder for the bundles and reports")
    Path work;

    @Option(
            names = "--models",
            split = ",",
            description = "models to run (default lenet5,vgg-small,resnet8,wrn8-2; with --against-pytorch"
                    + " lenet5,vgg-small,resnet8)")
    List<String> models;

    @Option(names = "--epochs", description = "training epochs (default 8; with --against-pytorch 3)")
    Integer epochs;

    @Option(
            names = "--finetune-epochs",
            description = "fine-tuning epochs (default: 15 for lenet5, 8 otherwise; with --against-pytorch 2, the"
                    + " default of a release)")
    Integer finetuneEpochs;

    @Option(
            names = "--against-pytorch",
            description = "side by side with PyTorch's pruning tools at an equal budget (torch.nn.utils.prune for"
                    + " weights, L1 filter pruning for channels, Torch-Pruning with --torch-pruning): each network is"
                    + " trained once, pruned by both sides with their defaults and fine-tuned for the same epochs;"
                    + " needs python3-torch, else only pruneline's side is printed")
    boolean againstPytorch;

    @Option(
            names = "--torch-pruning",
            description = "with --against-pytorch: a folder holding the torch_pruning package (a Torch-Pruning"
                    + " checkout) to add its L1 and Taylor pruners")
    Path torchPruning;

    @Option(
            names = "--schedule",
            defaultValue = "iterative",
            description = "pruning schedule (default ${DEFAULT-VALUE})")
    String schedule;

    @Option(
            names = "--sensitivity",
            negatable = true,
            fallbackValue = "true",
            description = "plan from sensitivity curves (default: true for lenet5; false for the channel models,"
                    + " whose uniform plan also shrinks the large early layers that dominate latency)")
    Boolean sensitivity;

    @Option(
            names = "--round-to",
            description = "channel models: keep a multiple of this many channels per group"
                    + " (default: 16 for vgg-small, the AVX-512 / oneDNN block width; 8 for resnet8, whose 16-wide"
                    + " stage 1 could not shrink at all with 16)")
    Integer roundTo;

    @Option(
            names = "--plan",
            description =
                    "channel models: auto (sensitivity or uniform) or latency (default:"
                            + " latency for the residual models, whose time does not follow MACs in narrow layers; auto otherwise)")
    String plan;

    @Option(
            names = "--distill",
            defaultValue = "false",
            negatable = true,
            fallbackValue = "true",
            description = "distill from the original while fine-tuning (default ${DEFAULT-VALUE})")
    boolean distill;

    @Option(names = "--seed", defaultValue = "1", description = "seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--seeds",
            defaultValue = "1",
            description = "with --against-pytorch: fine-tuning seeds per side (seed, seed+1, ...); the table shows the"
                    + " mean accuracy after the budget with the lowest and highest (default ${DEFAULT-VALUE})")
    int seeds;

    private record Row(
            String model,
            String target,
            Measurement before,
            Measurement after,
            double achieved,
            List<Latency> batch1,
            List<Latency> batch64) {}

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (seeds != 1 && !againstPytorch) {
            throw new ParameterException(spec.commandLine(), "--seeds needs --against-pytorch");
        }
        Path dataDir = SampleData.resolve(data);
        if (againstPytorch) {
            new SideBySideBench(
                            work,
                            dataDir,
                            epochs != null ? epochs : 3,
                            finetuneEpochs != null ? finetuneEpochs : 2,
                            seed,
                            seeds,
                            torchPruning,
                            err)
                    .run(
                            models != null ? models : List.of("lenet5", "vgg-small", "resnet8"),
                            spec.commandLine().getOut());
            return 0;
        }
        List<Row> rows = new ArrayList<>();
        for (String model : models != null ? models : List.of("lenet5", "vgg-small", "resnet8", "wrn8-2")) {
            rows.add(run(model, dataDir, err));
            print(rows);
        }
        return 0;
    }

    private Row run(String model, Path dataDir, PrintWriter err) {
        boolean channel = !model.equals("lenet5");
        TargetKind kind = channel ? TargetKind.MACS : TargetKind.SPARSITY;
        double amount = model.equals("lenet5") ? 0.9 : model.equals("vgg-small") ? 0.5 : 0.4;
        Path dir = work.resolve(model);
        int trainEpochs = epochs != null ? epochs : 8;
        err.printf("== %s: train %d epochs%n", model, trainEpochs);
        Path trained = CompressionJobs.train(
                model, dataDir, trainEpochs, seed, dir.resolve("trained"), new ProgressPrinter(err));
        Measurement before = CompressionJobs.measure(trained, dataDir, false);
        err.printf(
                "== %s: prune (%s %s %.2f, %s)%n",
                model, channel ? "channel" : "weight", kind.jsonName(), amount, schedule);
        // LeNet-5 is cheap to train and loses most at 90% sparsity: more, gentler rounds and longer fine-tuning
        Map<String, String> params = channel
                ? Map.of(
                        "rounds",
                        "3",
                        "round_epochs",
                        "1",
                        "round_to",
                        Integer.toString(roundTo != null ? roundTo : model.equals("vgg-small") ? 16 : 8),
                        "plan",
                        plan != null ? plan : residual(model) ? "latency" : "auto")
                : Map.of("rounds", "5", "round_epochs", "2");
        boolean sensitive = sensitivity != null ? sensitivity : !channel;
        int ftEpochs = finetuneEpochs != null ? finetuneEpochs : channel ? 8 : 15;
        double ftRate = channel ? 5e-4 : 1e-3;
        PruneResult pruned = CompressionJobs.prune(
                PruneRequest.withTarget(
                        trained,
                        dataDir,
                        dir.resolve("pruned"),
                        "magnitude",
                        channel ? "channel" : "weight",
                        kind,
                        amount,
                        Schedule.parse(schedule),
                        sensitive,
                        params,
                        seed),
                new ProgressPrinter(err),
                ProgressPrinter.sensitivity(err));
        err.printf("== %s: fine-tune %d epochs%n", model, ftEpochs);
        Map<String, String> options = new LinkedHashMap<>();
        options.put("schedule", "cosine");
        options.put("distill", Boolean.toString(distill));
        options.put("teacher", trained.toAbsolutePath().toString());
        FineTuneResult tuned = CompressionJobs.fineTune(
                new FineTuneRequest(
                        pruned.bundleDir(), dataDir, dir.resolve("finetuned"), ftEpochs, ftRate, seed, options),
                new ProgressPrinter(err));
        Measurement after = CompressionJobs.measure(tuned.bundleDir(), dataDir, false);
        err.printf("== %s: latency, before and after interleaved%n", model);
        List<ModelBundle> pair = List.of(ModelBundle.load(trained), ModelBundle.load(tuned.bundleDir()));
        List<Latency> b1 = LatencyProbe.compare(pair, 1, 20, 201);
        List<Latency> b64 = LatencyProbe.compare(pair, 64, 5, 41);
        double achieved = kind == TargetKind.MACS
                ? 1 - (double) after.metrics().nonzeroMacs() / before.metrics().nonzeroMacs()
                : after.metrics().sparsity();
        return new Row(
                model,
                String.format(
                        Locale.ROOT,
                        "%s %s >= %.0f%%",
                        channel ? "channel" : "weight",
                        kind == TargetKind.MACS ? "MACs -" : "sparsity",
                        amount * 100),
                before,
                after,
                achieved,
                b1,
                b64);
    }

    private static boolean residual(String model) {
        return model.equals("resnet8") || model.startsWith("wrn8-");
    }

    private void print(List<Row> rows) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                Locale.ROOT,
                "%nengine: %s, %s, intra-op threads %s, %d CPUs visible to the JVM, %s %s%n",
                EngineSetup.current().engineVersion(),
                EngineSetup.current().label(),
                System.getProperty(EngineSetup.THREADS_PROPERTY),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.arch"),
                System.getProperty("os.name"));
        out.println("latency: median of interleaved before/after forward passes (batch 1: 201 after 20 warm-up;"
                + " batch 64: 41 after 5 warm-up); MAC cut = 1 - non-zero MACs after / before");
        out.println("| model | target | achieved | MACs before -> after (non-zero) | params before -> after (non-zero)"
                + " | acc before -> after | delta pt | batch1 ms before -> after | batch64 ms before -> after"
                + " | batch64 time cut |");
        out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            var b = r.before().metrics();
            var a = r.after().metrics();
            double b1 = r.batch1().get(0).medianMillis();
            double a1 = r.batch1().get(1).medianMillis();
            double b64 = r.batch64().get(0).medianMillis();
            double a64 = r.batch64().get(1).medianMillis();
            out.printf(
                    Locale.ROOT,
                    "| %s | %s | %.3f | %,d -> %,d | %,d -> %,d | %.4f -> %.4f | %+.2f | %.2f -> %.2f"
                            + " | %.2f -> %.2f | %.1f%% |%n",
                    r.model(),
                    r.target(),
                    r.achieved(),
                    b.nonzeroMacs(),
                    a.nonzeroMacs(),
                    b.nonzeroParameters(),
                    a.nonzeroParameters(),
                    b.accuracy(),
                    a.accuracy(),
                    (a.accuracy() - b.accuracy()) * 100,
                    b1,
                    a1,
                    b64,
                    a64,
                    (1 - a64 / b64) * 100);
        }
        out.flush();
    }
}
