package dev.pruneline.registry.console;

import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.CompressionPolicy;
import dev.pruneline.pipeline.event.ModelArtifact;
import dev.pruneline.pipeline.event.ModelMetrics;
import dev.pruneline.pipeline.event.ReleaseDecision.Outcome;
import dev.pruneline.pipeline.store.ArtifactKeys;
import dev.pruneline.registry.store.Candidate;
import dev.pruneline.registry.store.Decision;
import dev.pruneline.registry.store.Failure;
import dev.pruneline.registry.store.Release;
import dev.pruneline.registry.store.ReleaseHistory;
import dev.pruneline.registry.store.ReleaseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hand-made release histories and the real reports of a LeNet-5 pruned two ways (src/test/resources/console:
 * {@code weight}, magnitude at 80% sparsity with sensitivity curves; {@code channel}, half the MACs removed by
 * channel), for the view tests.
 */
final class Fixtures {

    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    static final ModelMetrics BASELINE = new ModelMetrics(0.9455, 61_706, 61_706, 416_520, 0.0);
    static final ModelMetrics PRUNED = new ModelMetrics(0.3775, 61_706, 12_341, 416_520, 0.8);
    static final ModelMetrics RETRAINED = new ModelMetrics(0.938, 61_706, 12_341, 416_520, 0.8);

    private Fixtures() {}

    /** The bytes of a test resource. */
    static byte[] resource(String path) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture report: {@code kind} weight or channel, {@code stage} pruned or retrained. */
    static StageReport report(String kind, String stage) {
        try {
            return ArtifactSources.parse(resource("console/" + kind + "/" + stage + "/report.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ArtifactRef ref(String key, long size) {
        return new ArtifactRef(
                key,
                Integer.toHexString(key.hashCode()).repeat(8).substring(0, 8).repeat(8),
                size);
    }

    /** A release up to {@code status}: decided ones have both candidates, metrics and a decision. */
    static ReleaseHistory release(String model, String version, ReleaseStatus status, int minute) {
        String id = model + "-" + version;
        Instant released = T0.plusSeconds(60L * minute);
        Map<String, Candidate> candidates = new HashMap<>();
        Map<String, ModelMetrics> metrics = new HashMap<>();
        Decision decision = null;
        Failure failure = null;
        boolean pruned = status != ReleaseStatus.RELEASED && status != ReleaseStatus.FAILED;
        if (pruned) {
            candidates.put(Candidate.PRUNED, candidate(id, Candidate.PRUNED, released.plusSeconds(42)));
            metrics.put("baseline", BASELINE);
            metrics.put(Candidate.PRUNED, PRUNED);
        }
        if (status.isFinal() && status != ReleaseStatus.FAILED || status == ReleaseStatus.RETRAINED) {
            candidates.put(Candidate.RETRAINED, candidate(id, Candidate.RETRAINED, released.plusSeconds(100)));
            metrics.put(Candidate.RETRAINED, RETRAINED);
        }
        if (status == ReleaseStatus.PROMOTED || status == ReleaseStatus.REJECTED) {
            decision = new Decision(
                    Outcome.valueOf(status.name()),
                    status == ReleaseStatus.PROMOTED ? "accuracy fell 0.75 points" : "accuracy fell 1.80 points",
                    status == ReleaseStatus.PROMOTED ? 0.75 : 1.8,
                    1.0,
                    released.plusSeconds(101));
        }
        if (status == ReleaseStatus.FAILED) {
            failure = new Failure(Candidate.PRUNED, "prune failed: <script>alert(1)</script>");
        }
        Release r = new Release(
                id,
                model,
                version,
                status,
                CompressionPolicy.defaults(),
                "mnist-sample",
                ref(ArtifactKeys.releasedBundle(id), 506_195),
                released,
                released,
                released.plusSeconds(101),
                failure);
        return new ReleaseHistory(r, candidates, metrics, decision);
    }

    private static Candidate candidate(String id, String stage, Instant at) {
        ArtifactRef bundle = ref(ArtifactKeys.stageBundle(id, stage), 341_030);
        return new Candidate(
                stage,
                bundle,
                ref(ArtifactKeys.stageReport(id, stage), 7_000),
                "onednn-aligned (kernels verified)",
                at,
                List.of(
                        ModelArtifact.of(ModelArtifact.PRUNELINE, bundle),
                        ModelArtifact.of(ModelArtifact.ONNX, ref(ArtifactKeys.stageOnnx(id, stage), 248_031))));
    }

    /** Sources over fixed reports by key; download links name the key. */
    static Sources sources(Map<String, StageReport> reportsByKey) {
        return new Sources() {
            @Override
            public Optional<StageReport> report(ArtifactRef ref) {
                return Optional.ofNullable(reportsByKey.get(ref.key()));
            }

            @Override
            public String downloadUrl(String key) {
                return "http://s3.test/" + key + "?signed";
            }

            @Override
            public Optional<String> optionalDownloadUrl(String key) {
                return key.endsWith("report.html") ? Optional.of(downloadUrl(key)) : Optional.empty();
            }
        };
    }

    /** Sources whose every pruned and fine-tuned report of {@code releases} is the fixture of {@code kind}. */
    static Sources sources(String kind, ReleaseHistory... releases) {
        Map<String, StageReport> byKey = new HashMap<>();
        for (ReleaseHistory h : releases) {
            h.candidates().forEach((stage, c) -> byKey.put(c.report().key(), report(kind, stage)));
        }
        return sources(byKey);
    }
}
