package dev.pruneline.launcher.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pruneline.core.CompressionException;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.data.DataFolder;
import dev.pruneline.core.data.ImageSet;
import dev.pruneline.core.data.ImageShape;
import dev.pruneline.core.data.SampleData;
import dev.pruneline.core.engine.EngineMode;
import dev.pruneline.core.engine.EngineSetup;
import dev.pruneline.core.job.CompressionJobs;
import dev.pruneline.core.job.FineTuneRequest;
import dev.pruneline.core.job.FineTuneResult;
import dev.pruneline.core.job.PruneRequest;
import dev.pruneline.core.job.StepMetrics;
import dev.pruneline.core.measure.Latency;
import dev.pruneline.core.plan.Schedule;
import dev.pruneline.core.plan.TargetKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code onnx-bench --model M.onnx --data DIR --macs-reduction X [--criterion C] [--train-epochs N]
 * [--finetune-epochs M] [--work DIR] [--json]}: trains the model N epochs (a random-initialised export needs it
 * for a meaningful "before"), measures it, prunes it by channels to X fewer MACs, fine-tunes M epochs and measures
 * again. Latency is timed in ONNX Runtime on the {@code model.onnx} each bundle holds, with the engine's intra-op
 * thread count, before and after interleaved; ONNX Runtime's outputs are checked against the engine's on the test
 * images. Table (or JSON) to stdout, progress to stderr.
 */
@Command(
        name = "onnx-bench",
        mixinStandardHelpOptions = true,
        description = "Train, measure, prune by channels, fine-tune and measure an ONNX model; latency in ONNX"
                + " Runtime before and after.")
public final class OnnxBenchCommand implements Callable<Integer> {
    private static final int BATCH1_WARMUP = 20;
    private static final int BATCH64_WARMUP = 5;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "the model: an .onnx file, or a bundle folder or zip")
    Path model;

    @Option(
            names = "--data",
            required = true,
            description = "data folder or zip (image tree train/<class>/, test/<class>/, CIFAR-10 binary or IDX),"
                    + " or 'sample'")
    String data;

    @Option(names = "--macs-reduction", required = true, description = "share of MACs to remove, in (0, 1)")
    double macsReduction;

    @Option(names = "--criterion", defaultValue = "magnitude", description = "criterion (default ${DEFAULT-VALUE})")
    String criterion;

    @Option(
            names = "--schedule",
            defaultValue = "oneshot",
            description = "oneshot or iterative (default ${DEFAULT-VALUE})")
    String schedule;

    @Option(names = "--param", description = "criterion or workflow parameter KEY=VALUE, e.g. round_to=8 (repeatable)")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(
            names = "--train-epochs",
            defaultValue = "0",
            description = "epochs to train the model before measuring it (default ${DEFAULT-VALUE})")
    int trainEpochs;

    @Option(
            names = "--train-lr",
            defaultValue = "0.001",
            description = "Adam learning rate of those epochs, cosine schedule (default ${DEFAULT-VALUE})")
    double trainLearningRate;

    @Option(
            names = "--finetune-epochs",
            defaultValue = "2",
            description = "epochs to fine-tune after pruning (default ${DEFAULT-VALUE})")
    int finetuneEpochs;

    @Option(
            names = "--finetune-lr",
            defaultValue = "0.0005",
            description = "Adam learning rate of fine-tuning, cosine schedule (default ${DEFAULT-VALUE})")
    double finetuneLearningRate;

    @Option(
            names = "--batch1-repeats",
            defaultValue = "201",
            description = "timed runs at batch 1, after 20 warm-up runs (default ${DEFAULT-VALUE})")
    int batch1Repeats;

    @Option(
            names = "--batch64-repeats",
            defaultValue = "41",
            description = "timed runs at batch 64, after 5 warm-up runs (default ${DEFAULT-VALUE})")
    int batch64Repeats;

    @Option(names = "--seed", defaultValue = "42", description = "seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--work", description = "folder for the bundles (before, pruned, after); default a new temp folder")
    Path work;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws IOException {
        check();
        long start = System.nanoTime();
        PrintWriter err = spec.commandLine().getErr();
        EngineMode mode = EngineSetup.start();
        Path dir = work != null ? work : Files.createTempDirectory("onnx-bench");
        Path dataDir = SampleData.resolve(data);
        Map<String, String> options = Map.of("schedule", "cosine");

        EpochLog trainLog = new EpochLog("train", err);
        FineTuneResult trained = CompressionJobs.fineTune(
                new FineTuneRequest(
                        model, dataDir, dir.resolve("before"), trainEpochs, trainLearningRate, seed, options),
                trainLog);
        err.println("pruning by channels to " + macsReduction + " fewer MACs (" + criterion + ")");
        err.flush();
        CompressionJobs.prune(PruneRequest.withTarget(
                trained.bundleDir(),
                dataDir,
                dir.resolve("pruned"),
                criterion,
                "channel",
                TargetKind.MACS,
                macsReduction,
                Schedule.parse(schedule),
                false,
                params,
                seed));
        EpochLog finetuneLog = new EpochLog("fine-tune", err);
        FineTuneResult tuned = CompressionJobs.fineTune(
                new FineTuneRequest(
                        dir.resolve("pruned"),
                        dataDir,
                        dir.resolve("after"),
                        finetuneEpochs,
                        finetuneLearningRate,
                        seed,
                        options),
                finetuneLog);

        err.println("timing in ONNX Runtime and comparing its outputs with the engine's");
        err.flush();
        ModelBundle before = ModelBundle.load(trained.bundleDir());
        ModelBundle after = ModelBundle.load(tuned.bundleDir());
        ImageSet test = DataFolder.loadTest(dataDir, ImageShape.of(before.spec().inputShape()));
        ModelRun[] runs;
        try (OrtModel ortBefore = open(trained.bundleDir(), before, mode.threads());
                OrtModel ortAfter = open(tuned.bundleDir(), after, mode.threads())) {
            List<OrtModel> both = List.of(ortBefore, ortAfter);
            List<Latency> b1 = OrtLatency.compare(both, 1, BATCH1_WARMUP, batch1Repeats);
            List<Latency> b64 = OrtLatency.compare(both, 64, BATCH64_WARMUP, batch64Repeats);
            runs = new ModelRun[] {
                run(trained.bundleDir(), trained.after(), b1.get(0), b64.get(0), before, ortBefore, test),
                run(tuned.bundleDir(), tuned.after(), b1.get(1), b64.get(1), after, ortAfter, test)
            };
        }
        // The engine may have left oneDNN for the reference path on a convolution shape that failed its check.
        EngineMode ran = EngineSetup.current();
        OnnxBenchResult result = new OnnxBenchResult(
                name(model),
                criterion,
                macsReduction,
                trainEpochs,
                finetuneEpochs,
                trainLog.medianMillis(),
                finetuneLog.medianMillis(),
                runs[0],
                runs[1],
                ran.label() + ", " + ran.engineVersion(),
                OrtModel.version(),
                mode.threads(),
                (System.nanoTime() - start) / 1_000_000_000L);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? json(result.toJson()) : result.toTable());
        out.flush();
        return 0;
    }

    private void check() {
        if (!(macsReduction > 0 && macsReduction < 1)) {
            throw new CompressionException("--macs-reduction must be in (0, 1), got " + macsReduction);
        }
        if (trainEpochs < 0 || finetuneEpochs < 0) {
            throw new CompressionException("--train-epochs and --finetune-epochs must not be negative");
        }
        if (batch1Repeats < 1 || batch64Repeats < 1) {
            throw new CompressionException("--batch1-repeats and --batch64-repeats must be positive");
        }
    }

    private static OrtModel open(Path bundleDir, ModelBundle bundle, int threads) throws IOException {
        Path file = bundleDir.resolve(ModelBundle.MODEL_ONNX);
        boolean channelsLast =
                bundle.spec().onnx() != null && bundle.spec().onnx().channelsLast();
        return OrtModel.open(
                file.toString(), Files.readAllBytes(file), bundle.spec().inputShape(), channelsLast, threads);
    }

    private static ModelRun run(
            Path dir, StepMetrics metrics, Latency b1, Latency b64, ModelBundle bundle, OrtModel ort, ImageSet test) {
        return new ModelRun(dir, metrics, b1, b64, OutputAgreement.of(bundle, ort, test));
    }

    private static String name(Path model) {
        String file = model.toAbsolutePath().normalize().getFileName().toString();
        return file.endsWith(".onnx") ? file.substring(0, file.length() - ".onnx".length()) : file;
    }

    private static String json(Map<String, Object> value) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value)
                    + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
