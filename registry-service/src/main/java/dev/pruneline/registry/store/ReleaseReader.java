package dev.pruneline.registry.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.CompressionPolicy;
import dev.pruneline.pipeline.event.ModelArtifact;
import dev.pruneline.pipeline.event.ModelMetrics;
import dev.pruneline.pipeline.event.ReleaseDecision.Outcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The queries of {@link JdbcRegistryStore}. */
final class ReleaseReader {

    private static final String RELEASE_COLUMNS = "release_id, model, version, status, policy, dataset, bundle_key, "
            + "bundle_sha256, bundle_size, released_at, created_at, updated_at, failed_stage, failure_reason";

    private final ObjectMapper json;

    ReleaseReader(ObjectMapper json) {
        this.json = json;
    }

    Optional<ReleaseHistory> history(Connection c, String releaseId) throws SQLException {
        Optional<Release> release = release(c, releaseId);
        if (release.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ReleaseHistory(
                release.get(),
                candidates(c, releaseId),
                metrics(c, releaseId),
                decision(c, releaseId).orElse(null)));
    }

    /** The release id that owns a model version. */
    Optional<String> owner(Connection c, String model, String version) throws SQLException {
        return firstString(
                c, "SELECT release_id FROM releases WHERE model = ? AND claimed_version = ?", model, version);
    }

    /**
     * The payloads of a release's audit entries from {@code topics}, oldest first, leaving out re-drive entries (whose
     * payload describes the re-drive).
     */
    List<String> auditPayloads(Connection c, String releaseId, List<String> topics) throws SQLException {
        List<String> payloads = new ArrayList<>();
        String in = String.join(", ", java.util.Collections.nCopies(topics.size(), "?"));
        try (PreparedStatement s = c.prepareStatement("SELECT payload FROM audit WHERE release_id = ? AND topic IN ("
                + in + ") AND event_type <> '" + JdbcRegistryStore.REDRIVE_TYPE + "' AND payload IS NOT NULL "
                + "ORDER BY id")) {
            s.setString(1, releaseId);
            for (int i = 0; i < topics.size(); i++) {
                s.setString(i + 2, topics.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    payloads.add(rs.getString(1));
                }
            }
        }
        return payloads;
    }

    /** When the registry first recorded a release (any of its events). */
    Optional<Instant> createdAt(Connection c, String releaseId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT created_at FROM releases WHERE release_id = ?")) {
            s.setString(1, releaseId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(instant(rs, 1)) : Optional.empty();
            }
        }
    }

    /** A model's production changes, newest first. */
    List<ProductionChange> productionChanges(Connection c, String model) throws SQLException {
        List<ProductionChange> changes = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT p.id, p.model, p.release_id, r.version, p.action, "
                + "p.actor, p.reason, p.changed_at, p.event_id FROM production_changes p "
                + "JOIN releases r ON r.release_id = p.release_id WHERE p.model = ? ORDER BY p.id DESC")) {
            s.setString(1, model);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    changes.add(new ProductionChange(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            ProductionChange.Action.valueOf(rs.getString(5)),
                            rs.getString(6),
                            rs.getString(7),
                            instant(rs, 8),
                            rs.getString(9)));
                }
            }
        }
        return changes;
    }

    Optional<Decision> decision(Connection c, String releaseId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT outcome, reason, accuracy_drop_pp, tolerance_pp, "
                + "decided_at FROM decisions WHERE release_id = ?")) {
            s.setString(1, releaseId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(decision(rs)) : Optional.empty();
            }
        }
    }

    /** The decision in the first five columns of {@code rs}: outcome, reason, drop, tolerance, decided at. */
    private static Decision decision(ResultSet rs) throws SQLException {
        double drop = rs.getDouble(3);
        if (rs.wasNull()) {
            drop = Double.NaN;
        }
        return new Decision(Outcome.valueOf(rs.getString(1)), rs.getString(2), drop, rs.getDouble(4), instant(rs, 5));
    }

    /**
     * The decision a release already holds, as an earlier delivery of {@code model.retrained} stored it, with whether
     * its publication was acknowledged; empty when it has none.
     */
    Optional<StoredDecision> storedDecision(Connection c, String releaseId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT outcome, reason, accuracy_drop_pp, tolerance_pp, "
                + "decided_at, published_at IS NOT NULL FROM decisions WHERE release_id = ?")) {
            s.setString(1, releaseId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next()
                        ? Optional.of(new StoredDecision(decision(rs), false, rs.getBoolean(6)))
                        : Optional.empty();
            }
        }
    }

    List<ModelSummary> models(Connection c) throws SQLException {
        Map<String, List<VersionSummary>> byModel = new LinkedHashMap<>();
        Map<String, String> production = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                        "SELECT r.model, r.version, r.release_id, r.status, "
                                + "r.created_at, d.outcome, r.claimed_version FROM releases r "
                                + "LEFT JOIN decisions d ON d.release_id = r.release_id ORDER BY r.model, r.created_at, r.release_id");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                String model = rs.getString(1);
                if (rs.getString(7) == null) {
                    continue;
                }
                byModel.computeIfAbsent(model, m -> new ArrayList<>()).add(versionSummary(rs, 2));
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT p.model, r.version FROM production_changes p "
                        + "JOIN releases r ON r.release_id = p.release_id "
                        + "WHERE p.id = (SELECT MAX(q.id) FROM production_changes q WHERE q.model = p.model)");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                production.put(rs.getString(1), rs.getString(2));
            }
        }
        List<ModelSummary> models = new ArrayList<>();
        byModel.forEach((model, versions) -> models.add(new ModelSummary(
                model, versions.get(versions.size() - 1).version(), production.get(model), versions.size())));
        return models;
    }

    List<VersionSummary> versions(Connection c, String model) throws SQLException {
        List<VersionSummary> versions = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT r.version, r.release_id, r.status, r.created_at, "
                + "d.outcome FROM releases r LEFT JOIN decisions d ON d.release_id = r.release_id "
                + "WHERE r.model = ? ORDER BY r.created_at, r.release_id")) {
            s.setString(1, model);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    versions.add(versionSummary(rs, 1));
                }
            }
        }
        return versions;
    }

    int auditCount(Connection c, String releaseId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM audit WHERE release_id = ?")) {
            s.setString(1, releaseId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private Optional<Release> release(Connection c, String releaseId) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT " + RELEASE_COLUMNS + " FROM releases WHERE release_id = ?")) {
            s.setString(1, releaseId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String failedStage = rs.getString(13);
                return Optional.of(new Release(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        ReleaseStatus.valueOf(rs.getString(4)),
                        policy(rs.getString(5)),
                        rs.getString(6),
                        artifact(rs, 7),
                        instant(rs, 10),
                        instant(rs, 11),
                        instant(rs, 12),
                        failedStage == null ? null : new Failure(failedStage, rs.getString(14))));
            }
        }
    }

    private Map<String, Candidate> candidates(Connection c, String releaseId) throws SQLException {
        Map<String, Candidate> candidates = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT stage, bundle_key, bundle_sha256, bundle_size, "
                + "report_key, report_sha256, report_size, engine_mode, created_at FROM candidates "
                + "WHERE release_id = ?")) {
            s.setString(1, releaseId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    candidates.put(
                            rs.getString(1),
                            new Candidate(
                                    rs.getString(1),
                                    artifact(rs, 2),
                                    artifact(rs, 5),
                                    rs.getString(8),
                                    instant(rs, 9),
                                    null));
                }
            }
        }
        Map<String, List<ModelArtifact>> artifacts = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT stage, format, artifact_key, artifact_sha256, "
                + "artifact_size FROM candidate_artifacts WHERE release_id = ?")) {
            s.setString(1, releaseId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    artifacts
                            .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new ModelArtifact(rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
                }
            }
        }
        Map<String, Candidate> withArtifacts = new HashMap<>();
        candidates.forEach((stage, cand) -> withArtifacts.put(
                stage,
                new Candidate(
                        cand.stage(),
                        cand.bundle(),
                        cand.report(),
                        cand.engineMode(),
                        cand.createdAt(),
                        inFormatOrder(artifacts.get(stage)))));
        return withArtifacts;
    }

    /** Artifacts in the order of {@link ModelArtifact#FORMATS} (unknown formats last); null stays null. */
    private static List<ModelArtifact> inFormatOrder(List<ModelArtifact> artifacts) {
        if (artifacts == null) {
            return null;
        }
        List<ModelArtifact> sorted = new ArrayList<>(artifacts);
        sorted.sort(Comparator.comparingInt((ModelArtifact a) -> {
                    int i = ModelArtifact.FORMATS.indexOf(a.format());
                    return i < 0 ? Integer.MAX_VALUE : i;
                })
                .thenComparing(ModelArtifact::format));
        return sorted;
    }

    private Map<String, ModelMetrics> metrics(Connection c, String releaseId) throws SQLException {
        Map<String, ModelMetrics> metrics = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT stage, accuracy, parameters, nonzero_parameters, macs, "
                + "sparsity FROM metrics WHERE release_id = ?")) {
            s.setString(1, releaseId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    metrics.put(
                            rs.getString(1),
                            new ModelMetrics(
                                    rs.getDouble(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getDouble(6)));
                }
            }
        }
        return metrics;
    }

    private static VersionSummary versionSummary(ResultSet rs, int first) throws SQLException {
        String outcome = rs.getString(first + 4);
        return new VersionSummary(
                rs.getString(first),
                rs.getString(first + 1),
                ReleaseStatus.valueOf(rs.getString(first + 2)),
                instant(rs, first + 3),
                outcome == null ? null : Outcome.valueOf(outcome));
    }

    private static Optional<String> firstString(Connection c, String sql, String a, String b) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, a);
            if (b != null) {
                s.setString(2, b);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static ArtifactRef artifact(ResultSet rs, int first) throws SQLException {
        String key = rs.getString(first);
        return key == null ? null : new ArtifactRef(key, rs.getString(first + 1), rs.getLong(first + 2));
    }

    private static Instant instant(ResultSet rs, int index) throws SQLException {
        OffsetDateTime t = rs.getObject(index, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private CompressionPolicy policy(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, CompressionPolicy.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored policy is not readable: " + e.getOriginalMessage(), e);
        }
    }
}
