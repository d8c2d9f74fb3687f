package dev.pruneline.registry.console;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.store.ArtifactKeys;
import dev.pruneline.pipeline.store.ArtifactStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The console's reads of the artifact store: the stages' reports, which the workers store beside their bundles
 * ({@code releases/<id>/<stage>/report.json}, with {@code report.html} beside it), and presigned download links.
 * A report is verified against the SHA-256 its event carried, so it never changes: reports are kept in memory by
 * hash (the {@value #CACHED} most recently read).
 */
@ApplicationScoped
public class ArtifactSources implements Sources {

    private static final Logger LOG = Logger.getLogger(ArtifactSources.class);

    /** How long a download link on a page stays valid. */
    static final Duration LINK_VALIDITY = Duration.ofHours(1);
    /** Reports kept in memory. */
    static final int CACHED = 256;
    /** Larger reports are not read. */
    static final long MAX_REPORT_BYTES = 16L * 1024 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final ArtifactStore store;
    private final Map<String, StageReport> reports = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, StageReport> eldest) {
            return size() > CACHED;
        }
    });
    private final Map<String, Optional<String>> pages =
            Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Optional<String>> eldest) {
                    return size() > CACHED;
                }
            });

    public ArtifactSources(ArtifactStore store) {
        this.store = store;
    }

    @Override
    public Optional<StageReport> report(ArtifactRef ref) {
        StageReport cached = reports.get(ref.sha256());
        if (cached != null) {
            return Optional.of(cached);
        }
        if (ref.sizeBytes() > MAX_REPORT_BYTES) {
            LOG.warnf("report %s is %d bytes, more than the console reads", ref.key(), ref.sizeBytes());
            return Optional.empty();
        }
        Path file = null;
        try {
            file = Files.createTempFile("pruneline-report-", ".json");
            store.get(ref, file);
            StageReport report = parse(Files.readAllBytes(file));
            Optional<StageReport.Run> run = run(ArtifactKeys.stageRunBeside(ref.key()), file);
            if (run.isPresent()) {
                report = report.withRun(run.get());
            }
            reports.put(ref.sha256(), report);
            return Optional.of(report);
        } catch (IOException | RuntimeException e) {
            // a report that cannot be read leaves its section empty; the page itself still renders
            LOG.warnf("cannot read report %s: %s", ref.key(), e.getMessage());
            return Optional.empty();
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.debugf("cannot delete %s: %s", file, e.getMessage());
                }
            }
        }
    }

    /**
     * The stage's {@code run.json} beside its report, read through {@code scratch}; empty when the stage stored none
     * (reports written before runs were kept apart hold their times themselves) or it cannot be read.
     */
    private Optional<StageReport.Run> run(String key, Path scratch) {
        try {
            Optional<ArtifactRef> ref = store.stat(key);
            if (ref.isEmpty() || ref.get().sizeBytes() > MAX_REPORT_BYTES) {
                return Optional.empty();
            }
            store.get(ref.get(), scratch);
            return Optional.of(JSON.readValue(Files.readAllBytes(scratch), StageReport.Run.class));
        } catch (IOException | RuntimeException e) {
            LOG.debugf("cannot read %s: %s", key, e.getMessage());
            return Optional.empty();
        }
    }

    /** Reads a report.json. */
    public static StageReport parse(byte[] json) throws IOException {
        return JSON.readValue(json, StageReport.class);
    }

    @Override
    public String downloadUrl(String key) {
        return store.presignedGetUrl(key, LINK_VALIDITY);
    }

    @Override
    public Optional<String> optionalDownloadUrl(String key) {
        Optional<String> exists = pages.get(key);
        if (exists == null) {
            try {
                exists = store.stat(key).map(ArtifactRef::key);
            } catch (RuntimeException e) {
                LOG.debugf("cannot stat %s: %s", key, e.getMessage());
                return Optional.empty();
            }
            pages.put(key, exists);
        }
        return exists.map(this::downloadUrl);
    }
}
