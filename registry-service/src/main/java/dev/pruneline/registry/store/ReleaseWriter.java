package dev.pruneline.registry.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.CompressionPolicy;
import dev.pruneline.pipeline.event.ModelArtifact;
import dev.pruneline.pipeline.event.ModelMetrics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The write statements of {@link JdbcRegistryStore}, each on a connection whose transaction the caller owns. */
final class ReleaseWriter {

    private final ObjectMapper json;

    ReleaseWriter(ObjectMapper json) {
        this.json = json;
    }

    /** Adds an audit entry; false if the event id is already there. */
    boolean audit(
            Connection c, String eventId, String releaseId, String topic, String type, String payload, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM audit WHERE event_id = ?")) {
            s.setString(1, eventId);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO audit (event_id, release_id, topic, event_type, "
                + "payload, recorded_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, eventId);
            s.setString(2, releaseId);
            s.setString(3, topic);
            s.setString(4, type);
            s.setString(5, payload);
            s.setObject(6, timestamp(now));
            s.executeUpdate();
        }
        return true;
    }

    /**
     * The status of a release, creating the release in {@code initial} status if it is new. A new release whose
     * (model, version) another release owns is created {@link ReleaseStatus#FAILED}.
     */
    ReleaseStatus ensureRelease(
            Connection c,
            String releaseId,
            String model,
            String version,
            CompressionPolicy policy,
            ReleaseStatus initial,
            Instant now)
            throws SQLException {
        Optional<ReleaseStatus> existing = status(c, releaseId);
        if (existing.isPresent()) {
            return existing.get();
        }
        boolean taken;
        try (PreparedStatement s =
                c.prepareStatement("SELECT release_id FROM releases WHERE model = ? AND claimed_version = ?")) {
            s.setString(1, model);
            s.setString(2, version);
            try (ResultSet rs = s.executeQuery()) {
                taken = rs.next();
            }
        }
        ReleaseStatus status = taken ? ReleaseStatus.FAILED : initial;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO releases (release_id, model, version, "
                + "claimed_version, status, policy, created_at, updated_at, failed_stage, failure_reason) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, releaseId);
            s.setString(2, model);
            s.setString(3, version);
            s.setString(4, taken ? null : version);
            s.setString(5, status.name());
            s.setString(6, policy == null ? null : toJson(policy));
            s.setObject(7, timestamp(now));
            s.setObject(8, timestamp(now));
            s.setString(9, taken ? "released" : null);
            s.setString(
                    10,
                    taken
                            ? "version " + version + " of model " + model
                                    + " was already released with a different bundle"
                            : null);
            s.executeUpdate();
        }
        return status;
    }

    Optional<ReleaseStatus> status(Connection c, String releaseId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT status FROM releases WHERE release_id = ?")) {
            s.setString(1, releaseId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(ReleaseStatus.valueOf(rs.getString(1))) : Optional.empty();
            }
        }
    }

    /** Fills in what only {@code model.released} carries, if not there yet. */
    void setReleased(Connection c, String releaseId, String dataset, ArtifactRef bundle, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE releases SET dataset = ?, bundle_key = ?, "
                + "bundle_sha256 = ?, bundle_size = ?, released_at = ?, updated_at = ? "
                + "WHERE release_id = ? AND bundle_key IS NULL")) {
            s.setString(1, dataset);
            s.setString(2, bundle.key());
            s.setString(3, bundle.sha256());
            s.setLong(4, bundle.sizeBytes());
            s.setObject(5, timestamp(now));
            s.setObject(6, timestamp(now));
            s.setString(7, releaseId);
            s.executeUpdate();
        }
    }

    /** Moves a release to {@code next} if that is forward; otherwise leaves it. */
    void advance(Connection c, String releaseId, ReleaseStatus next, Instant now) throws SQLException {
        String from = Arrays.stream(ReleaseStatus.values())
                .filter(s -> s.canAdvanceTo(next))
                .map(s -> "'" + s.name() + "'")
                .collect(Collectors.joining(", "));
        try (PreparedStatement s = c.prepareStatement("UPDATE releases SET status = ?, updated_at = ? "
                + "WHERE release_id = ? AND status IN (" + from + ")")) {
            s.setString(1, next.name());
            s.setObject(2, timestamp(now));
            s.setString(3, releaseId);
            s.executeUpdate();
        }
    }

    /** Returns a failed release to {@code status} and clears its failure (a re-drive); false if it was not failed. */
    boolean reopen(Connection c, String releaseId, ReleaseStatus status, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE releases SET status = ?, failed_stage = NULL, "
                + "failure_reason = NULL, stalled_status = NULL, updated_at = ? "
                + "WHERE release_id = ? AND status = 'FAILED'")) {
            s.setString(1, status.name());
            s.setObject(2, timestamp(now));
            s.setString(3, releaseId);
            return s.executeUpdate() == 1;
        }
    }

    /**
     * Marks a release failed unless it is already final; a stalled release (failed by the stage watchdog) takes the
     * new failure instead of the watchdog's. False if nothing changed.
     */
    boolean fail(Connection c, String releaseId, Failure failure, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE releases SET status = 'FAILED', failed_stage = ?, "
                + "failure_reason = ?, stalled_status = NULL, updated_at = ? WHERE release_id = ? "
                + "AND (status IN (" + inList(ReleaseStatus.inFlight()) + ") "
                + "OR (status = 'FAILED' AND stalled_status IS NOT NULL))")) {
            s.setString(1, failure.stage());
            s.setString(2, failure.reason());
            s.setObject(3, timestamp(now));
            s.setString(4, releaseId);
            return s.executeUpdate() == 1;
        }
    }

    /**
     * Returns a stalled release to the status it stalled in, clearing the watchdog's failure, if a release in that
     * status may move to {@code next}: a late stage event revives it. False if the release was not so stalled.
     */
    boolean revive(Connection c, String releaseId, ReleaseStatus next, Instant now) throws SQLException {
        List<ReleaseStatus> from = Arrays.stream(ReleaseStatus.values())
                .filter(st -> st.canAdvanceTo(next))
                .toList();
        try (PreparedStatement s = c.prepareStatement("UPDATE releases SET status = stalled_status, "
                + "stalled_status = NULL, failed_stage = NULL, failure_reason = NULL, updated_at = ? "
                + "WHERE release_id = ? AND status = 'FAILED' AND stalled_status IN (" + inList(from) + ")")) {
            s.setObject(1, timestamp(now));
            s.setString(2, releaseId);
            return s.executeUpdate() == 1;
        }
    }

    /** Releases in a status that is not final and unchanged since before {@code cutoff}, oldest first. */
    List<String> stalled(Connection c, Instant cutoff) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT release_id FROM releases WHERE status IN ("
                + inList(ReleaseStatus.inFlight()) + ") AND updated_at < ? ORDER BY updated_at, release_id")) {
            s.setObject(1, timestamp(cutoff));
            try (ResultSet rs = s.executeQuery()) {
                List<String> ids = new ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
                return ids;
            }
        }
    }

    /**
     * Marks a release failed by the stage watchdog if it is still in {@code status} and unchanged since before
     * {@code cutoff}; the condition is in the statement, so of two registries checking at once only one changes the
     * row. False if the release moved on meanwhile (or another registry got there first).
     */
    boolean stall(Connection c, String releaseId, ReleaseStatus status, Instant cutoff, Failure failure, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE releases SET status = 'FAILED', stalled_status = ?, "
                + "failed_stage = ?, failure_reason = ?, updated_at = ? "
                + "WHERE release_id = ? AND status = ? AND updated_at < ?")) {
            s.setString(1, status.name());
            s.setString(2, failure.stage());
            s.setString(3, failure.reason());
            s.setObject(4, timestamp(now));
            s.setString(5, releaseId);
            s.setString(6, status.name());
            s.setObject(7, timestamp(cutoff));
            return s.executeUpdate() == 1;
        }
    }

    private static String inList(List<ReleaseStatus> statuses) {
        return statuses.stream().map(st -> "'" + st.name() + "'").collect(Collectors.joining(", "));
    }

    /** Stores a stage's bundle unless the stage already has one. */
    void putCandidate(Connection c, String releaseId, Candidate candidate) throws SQLException {
        if (exists(c, "SELECT 1 FROM candidates WHERE release_id = ? AND stage = ?", releaseId, candidate.stage())) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO candidates (release_id, stage, bundle_key, "
                + "bundle_sha256, bundle_size, report_key, report_sha256, report_size, engine_mode, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, releaseId);
            s.setString(2, candidate.stage());
            s.setString(3, candidate.bundle().key());
            s.setString(4, candidate.bundle().sha256());
            s.setLong(5, candidate.bundle().sizeBytes());
            s.setString(6, candidate.report().key());
            s.setString(7, candidate.report().sha256());
            s.setLong(8, candidate.report().sizeBytes());
            s.setString(9, candidate.engineMode());
            s.setObject(10, timestamp(candidate.createdAt()));
            s.executeUpdate();
        }
    }

    /** Stores a stage's artifacts by format unless the stage already has them (call after {@link #putCandidate}). */
    void putArtifacts(Connection c, String releaseId, Candidate candidate) throws SQLException {
        if (exists(
                c,
                "SELECT 1 FROM candidate_artifacts WHERE release_id = ? AND stage = ?",
                releaseId,
                candidate.stage())) {
            return;
        }
        for (ModelArtifact a : candidate.artifacts()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO candidate_artifacts (release_id, stage, format, "
                    + "artifact_key, artifact_sha256, artifact_size) VALUES (?, ?, ?, ?, ?, ?)")) {
                s.setString(1, releaseId);
                s.setString(2, candidate.stage());
                s.setString(3, a.format());
                s.setString(4, a.key());
                s.setString(5, a.sha256());
                s.setLong(6, a.sizeBytes());
                s.executeUpdate();
            }
        }
    }

    /** Stores a stage's metrics unless the stage already has them. */
    void putMetrics(Connection c, String releaseId, String stage, ModelMetrics m) throws SQLException {
        if (m == null || exists(c, "SELECT 1 FROM metrics WHERE release_id = ? AND stage = ?", releaseId, stage)) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO metrics (release_id, stage, accuracy, parameters, "
                + "nonzero_parameters, macs, sparsity) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, releaseId);
            s.setString(2, stage);
            s.setDouble(3, m.accuracy());
            s.setLong(4, m.parameters());
            s.setLong(5, m.nonzeroParameters());
            s.setLong(6, m.macs());
            s.setDouble(7, m.sparsity());
            s.executeUpdate();
        }
    }

    void putDecision(Connection c, String releaseId, Decision d) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO decisions (release_id, outcome, reason, "
                + "accuracy_drop_pp, tolerance_pp, decided_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, releaseId);
            s.setString(2, d.outcome().name());
            s.setString(3, d.reason());
            setDouble(s, 4, d.accuracyDropPp());
            s.setDouble(5, d.tolerancePp());
            s.setObject(6, timestamp(d.decidedAt()));
            s.executeUpdate();
        }
    }

    /** Records that the broker acknowledged the decision's publication (the first time only). */
    void markDecisionPublished(Connection c, String releaseId, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE decisions SET published_at = ? WHERE release_id = ? AND published_at IS NULL")) {
            s.setObject(1, timestamp(at));
            s.setString(2, releaseId);
            s.executeUpdate();
        }
    }

    /** Appends a production change; returns its id. */
    long addProductionChange(
            Connection c,
            String model,
            String releaseId,
            ProductionChange.Action action,
            String actor,
            String reason,
            Instant at,
            String eventId)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO production_changes (model, release_id, action, "
                        + "actor, reason, changed_at, event_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                new String[] {"id"})) {
            s.setString(1, model);
            s.setString(2, releaseId);
            s.setString(3, action.name());
            s.setString(4, actor);
            s.setString(5, reason);
            s.setObject(6, timestamp(at));
            s.setString(7, eventId);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /**
     * Locks every release row of a model until the transaction ends: the writers of its production history take this
     * lock first, so their changes are serialised and their ids increase in commit order.
     */
    void lockModel(Connection c, String model) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT release_id FROM releases WHERE model = ? ORDER BY release_id FOR UPDATE")) {
            s.setString(1, model);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rs.getString(1);
                }
            }
        }
    }

    /** NaN and infinities are not portable SQL values: a non-finite number is stored as NULL. */
    private static void setDouble(PreparedStatement s, int index, double value) throws SQLException {
        if (Double.isFinite(value)) {
            s.setDouble(index, value);
        } else {
            s.setNull(index, Types.DOUBLE);
        }
    }

    private static boolean exists(Connection c, String sql, String a, String b) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, a);
            s.setString(2, b);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private String toJson(CompressionPolicy policy) {
        try {
            return json.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write policy", e);
        }
    }

    /** A timestamp column value; callers pass instants already truncated to microseconds (PostgreSQL's precision). */
    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
