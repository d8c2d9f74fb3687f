package dev.pruneline.registry.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.EventIds;
import dev.pruneline.pipeline.event.MalformedEventException;
import dev.pruneline.pipeline.event.ModelMetrics;
import dev.pruneline.pipeline.event.ModelPruned;
import dev.pruneline.pipeline.event.ModelReleased;
import dev.pruneline.pipeline.event.ModelRetrained;
import dev.pruneline.pipeline.event.PipelineEvent;
import dev.pruneline.pipeline.event.ReleaseDecision.Outcome;
import dev.pruneline.pipeline.event.Topics;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * {@link RegistryStore} over plain JDBC. The schema comes from the Flyway migrations in {@code db/migration};
 * the SQL is portable between PostgreSQL and H2 in PostgreSQL mode. Each record method is one local transaction
 * that starts with the audit entry: if the event id is already audited the method changes nothing. Thread-safe.
 */
public final class JdbcRegistryStore implements RegistryStore {

    /** The audit's event type of an operator's re-drive. */
    static final String REDRIVE_TYPE = "Redrive";

    /** The audit's event type of a record the registry refused and parked on {@code registry.dlq}. */
    static final String REJECTED_TYPE = "Rejected";

    private final EventCodec codec = new EventCodec();
    private final Transactions tx;
    private final ReleaseWriter writer;
    private final ReleaseReader reader;
    private final Clock clock;

    /** A store over {@code dataSource}, whose schema must be migrated already. */
    public JdbcRegistryStore(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    /** A store whose timestamps come from {@code clock}. */
    public JdbcRegistryStore(DataSource dataSource, Clock clock) {
        ObjectMapper json = new EventCodec().mapper();
        this.tx = new Transactions(dataSource);
        this.writer = new ReleaseWriter(json);
        this.reader = new ReleaseReader(json);
        this.clock = clock;
    }

    @Override
    public boolean recordReleased(ModelReleased e, String payload) {
        ColumnLimits.check(e);
        return tx.inTransaction("record " + describe(e), c -> {
            Instant now = now();
            if (!audit(c, e, Topics.RELEASED, payload, now)) {
                return false;
            }
            writer.ensureRelease(c, e.releaseId(), e.model(), e.version(), e.policy(), ReleaseStatus.RELEASED, now);
            writer.setReleased(c, e.releaseId(), e.dataset().name(), e.bundle(), now);
            return true;
        });
    }

    @Override
    public boolean recordPruned(ModelPruned e, String payload) {
        ColumnLimits.check(e);
        return tx.inTransaction("record " + describe(e), c -> {
            Instant now = now();
            if (!audit(c, e, Topics.PRUNED, payload, now)) {
                return false;
            }
            writer.ensureRelease(c, e.releaseId(), e.model(), e.version(), e.policy(), ReleaseStatus.PRUNED, now);
            Candidate pruned =
                    new Candidate(Candidate.PRUNED, e.bundle(), e.report(), e.engineMode(), now, e.artifactsOrBundle());
            writer.putCandidate(c, e.releaseId(), pruned);
            writer.putArtifacts(c, e.releaseId(), pruned);
            writer.putMetrics(c, e.releaseId(), "baseline", e.baseline());
            writer.putMetrics(c, e.releaseId(), "pruned", e.pruned());
            if (e.claimedAccuracy() != null) {
                // what the released model.json states, beside the baseline measured on the data set
                ModelMetrics b = e.baseline();
                writer.putMetrics(
                        c,
                        e.releaseId(),
                        "claimed",
                        new ModelMetrics(
                                e.claimedAccuracy(), b.parameters(), b.nonzeroParameters(), b.macs(), b.sparsity()));
            }
            writer.revive(c, e.releaseId(), ReleaseStatus.PRUNED, now);
            writer.advance(c, e.releaseId(), ReleaseStatus.PRUNED, now);
            return true;
        });
    }

    @Override
    public Optional<StoredDecision> recordRetrained(ModelRetrained e, String payload, Decision decision) {
        ColumnLimits.check(e);
        return tx.inTransaction("record " + describe(e), c -> {
            Instant now = now();
            if (!audit(c, e, Topics.RETRAINED, payload, now)) {
                return reader.storedDecision(c, e.releaseId());
            }
            writer.lockModel(c, e.model()); // first, as operators' changes do: a promotion may write production
            ReleaseStatus status = writer.ensureRelease(
                    c, e.releaseId(), e.model(), e.version(), e.policy(), ReleaseStatus.RETRAINED, now);
            Candidate candidate = new Candidate(
                    Candidate.RETRAINED, e.bundle(), e.report(), e.engineMode(), now, e.artifactsOrBundle());
            writer.putCandidate(c, e.releaseId(), candidate);
            writer.putArtifacts(c, e.releaseId(), candidate);
            writer.putMetrics(c, e.releaseId(), "baseline", e.baseline());
            writer.putMetrics(c, e.releaseId(), "pruned", e.pruned());
            writer.putMetrics(c, e.releaseId(), "retrained", e.retrained());
            Optional<StoredDecision> stored = reader.storedDecision(c, e.releaseId());
            if (stored.isPresent()) {
                return stored;
            }
            if (status == ReleaseStatus.FAILED && !writer.revive(c, e.releaseId(), ReleaseStatus.RETRAINED, now)) {
                return Optional.empty();
            }
            Decision made = new Decision(
                    decision.outcome(), decision.reason(), decision.accuracyDropPp(), decision.tolerancePp(), now);
            if (made.outcome() == Outcome.PROMOTED) {
                made = keepProductionInOrder(c, e, made);
            }
            writer.putDecision(c, e.releaseId(), made);
            writer.advance(
                    c, e.releaseId(), ReleaseStatus.valueOf(made.outcome().name()), now);
            if (made.outcome() == Outcome.PROMOTED) {
                writer.addProductionChange(
                        c,
                        e.model(),
                        e.releaseId(),
                        ProductionChange.Action.GATE,
                        ProductionChange.GATE_ACTOR,
                        made.reason(),
                        now,
                        null);
            }
            return Optional.of(new StoredDecision(made, true, false));
        });
    }

    @Override
    public void markPublished(String releaseId) {
        tx.inTransaction("mark the decision on " + releaseId + " published", c -> {
            writer.markDecisionPublished(c, releaseId, now());
            return null;
        });
    }

    /**
     * The gate's promotion, or, when {@link ProductionOrder} holds production where it is, a rejection with the gate's
     * reason and why production does not change. Runs under the model's lock.
     */
    private Decision keepProductionInOrder(Connection c, ModelRetrained e, Decision promoted) throws SQLException {
        List<ProductionChange> changes = reader.productionChanges(c, e.model());
        Instant arrived = reader.createdAt(c, e.releaseId()).orElseThrow();
        Optional<String> held =
                ProductionOrder.holdBack(e.model(), changes.isEmpty() ? null : changes.get(0), e.version(), arrived);
        if (held.isEmpty()) {
            return promoted;
        }
        return new Decision(
                Outcome.REJECTED,
                "passed the gate (" + promoted.reason() + ") but not promoted: " + held.get(),
                promoted.accuracyDropPp(),
                promoted.tolerancePp(),
                promoted.decidedAt());
    }

    @Override
    public boolean recordDeadLetter(DeadLetter d) {
        ColumnLimits.check(d);
        return tx.inTransaction("record the dead letter of release " + d.releaseId() + " on " + d.topic(), c -> {
            Instant now = now();
            if (!writer.audit(c, d.eventId(), d.releaseId(), d.topic(), "DeadLetter", d.payload(), now)) {
                return false;
            }
            if (writer.status(c, d.releaseId()).isEmpty()) {
                if (d.model() == null || d.version() == null) {
                    return true;
                }
                writer.ensureRelease(c, d.releaseId(), d.model(), d.version(), d.policy(), ReleaseStatus.RELEASED, now);
            }
            writer.fail(c, d.releaseId(), new Failure(d.stage(), d.reason()), now);
            return true;
        });
    }

    @Override
    public Rejection recordRejected(RejectedRecord r, Consumer<RejectedRecord> publish) {
        return tx.inTransaction("record the refused record " + r.eventId() + " of " + r.topic(), c -> {
            Instant now = now();
            String releaseId =
                    r.releaseId() != null && r.releaseId().length() <= ColumnLimits.COLUMNS.get("releases.release_id")
                            ? r.releaseId()
                            : null;
            if (!writer.audit(c, r.eventId(), releaseId, r.topic(), REJECTED_TYPE, r.payload(), now)) {
                return new Rejection(false, null);
            }
            publish.accept(r);
            if (releaseId != null
                    && writer.status(c, releaseId).isPresent()
                    && writer.fail(c, releaseId, new Failure(r.stage(), r.reason()), now)) {
                return new Rejection(
                        true, reader.history(c, releaseId).orElseThrow().release());
            }
            return new Rejection(true, null);
        });
    }

    @Override
    public List<Release> failStalled(Instant now, Duration timeout) {
        Instant cutoff = now.minus(timeout);
        List<String> candidates = tx.read("find releases stalled before " + cutoff, c -> writer.stalled(c, cutoff));
        List<Release> failed = new ArrayList<>();
        for (String releaseId : candidates) {
            tx.inTransaction("mark release " + releaseId + " stalled", c -> {
                Optional<ReleaseStatus> status = writer.status(c, releaseId);
                if (status.isPresent()
                        && !status.get().isFinal()
                        && writer.stall(
                                c,
                                releaseId,
                                status.get(),
                                cutoff,
                                StageTimeouts.failure(status.get(), timeout),
                                now())) {
                    failed.add(reader.history(c, releaseId).orElseThrow().release());
                }
                return null;
            });
        }
        return failed;
    }

    @Override
    public List<ModelSummary> models() {
        return tx.read("list models", reader::models);
    }

    @Override
    public List<VersionSummary> versions(String model) {
        return tx.read("list the versions of " + model, c -> reader.versions(c, model));
    }

    @Override
    public Optional<ReleaseHistory> version(String model, String version) {
        return tx.read("read " + model + " " + version, c -> {
            Optional<String> owner = reader.owner(c, model, version);
            return owner.isPresent() ? reader.history(c, owner.get()) : Optional.empty();
        });
    }

    @Override
    public Optional<Production> production(String model) {
        return tx.read("read the production release of " + model, c -> production(c, model));
    }

    @Override
    public List<ProductionChange> productionHistory(String model) {
        return tx.read("read the production changes of " + model, c -> reader.productionChanges(c, model));
    }

    @Override
    public Production promote(
            String model,
            String version,
            String actor,
            String reason,
            String expectedVersion,
            Consumer<Production> announce) {
        return tx.inTransaction("promote " + model + " " + version, c -> {
            writer.lockModel(c, model);
            List<ProductionChange> changes = reader.productionChanges(c, model);
            expect(changes, model, expectedVersion);
            String releaseId = reader.owner(c, model, version)
                    .orElseThrow(() -> new ProductionChangeException(
                            ProductionChangeException.Kind.NOT_FOUND, "model " + model + " has no version " + version));
            ReleaseHistory h = reader.history(c, releaseId).orElseThrow();
            if (h.decision() == null || h.candidates().get(Candidate.RETRAINED) == null) {
                throw new ProductionChangeException(
                        ProductionChangeException.Kind.CONFLICT,
                        model + " " + version + " is " + h.release().status()
                                + ": only a release the gate has decided on can be promoted");
            }
            if (!changes.isEmpty() && changes.get(0).releaseId().equals(releaseId)) {
                throw new ProductionChangeException(
                        ProductionChangeException.Kind.CONFLICT, model + " " + version + " is production already");
            }
            return change(c, h, ProductionChange.Action.PROMOTE, actor, reason, announce);
        });
    }

    @Override
    public Production rollback(
            String model, String actor, String reason, String expectedVersion, Consumer<Production> announce) {
        return tx.inTransaction("roll back " + model, c -> {
            writer.lockModel(c, model);
            List<ProductionChange> changes = reader.productionChanges(c, model);
            expect(changes, model, expectedVersion);
            if (changes.isEmpty()) {
                throw new ProductionChangeException(
                        ProductionChangeException.Kind.NOT_FOUND, "model " + model + " has never been in production");
            }
            if (changes.size() < 2) {
                throw new ProductionChangeException(
                        ProductionChangeException.Kind.CONFLICT,
                        "model " + model
                                + " has had one production release (version "
                                + changes.get(0).version()
                                + "): nothing to roll back to");
            }
            ReleaseHistory previous =
                    reader.history(c, changes.get(1).releaseId()).orElseThrow();
            return change(c, previous, ProductionChange.Action.ROLLBACK, actor, reason, announce);
        });
    }

    /** Refuses the change unless {@code expectedVersion} (when given) is production now (newest of {@code changes}). */
    private static void expect(List<ProductionChange> changes, String model, String expectedVersion) {
        if (expectedVersion == null) {
            return;
        }
        String current = changes.isEmpty() ? null : changes.get(0).version();
        if (!expectedVersion.equals(current)) {
            throw new ProductionChangeException(
                    ProductionChangeException.Kind.CONFLICT,
                    "production of " + model
                            + " is " + (current == null ? "not set" : "version " + current) + ", not version "
                            + expectedVersion + " as the request expected; nothing changed");
        }
    }

    private Optional<Production> production(Connection c, String model) throws SQLException {
        List<ProductionChange> changes = reader.productionChanges(c, model);
        if (changes.isEmpty()) {
            return Optional.empty();
        }
        ProductionChange newest = changes.get(0);
        return reader.history(c, newest.releaseId()).map(h -> new Production(h, newest));
    }

    private Production change(
            Connection c,
            ReleaseHistory h,
            ProductionChange.Action action,
            String actor,
            String reason,
            Consumer<Production> announce)
            throws SQLException {
        Instant now = now();
        String eventId = UUID.randomUUID().toString();
        long id = writer.addProductionChange(
                c, h.release().model(), h.release().releaseId(), action, actor, reason, now, eventId);
        Production p = new Production(
                h,
                new ProductionChange(
                        id,
                        h.release().model(),
                        h.release().releaseId(),
                        h.release().version(),
                        action,
                        actor,
                        reason,
                        now,
                        eventId));
        announce.accept(p);
        return p;
    }

    @Override
    public ReleaseHistory redrive(
            String model, String version, String actor, String reason, Consumer<Redrive> publish) {
        return tx.inTransaction("re-drive " + model + " " + version, c -> {
            writer.lockModel(c, model);
            String releaseId = reader.owner(c, model, version)
                    .orElseThrow(() -> new RedriveException(
                            RedriveException.Kind.NOT_FOUND, "model " + model + " has no version " + version));
            Release release = reader.history(c, releaseId).orElseThrow().release();
            if (release.status() != ReleaseStatus.FAILED) {
                throw new RedriveException(
                        RedriveException.Kind.CONFLICT,
                        model + " " + version + " is " + release.status() + ": only a failed release can be re-driven");
            }
            Failure failure = release.failure();
            String stage = failure == null ? null : failure.stage();
            RedriveStage rerun = RedriveStage.of(stage)
                    .orElseThrow(() -> new RedriveException(
                            RedriveException.Kind.CONFLICT,
                            model + " " + version + " failed at stage " + stage
                                    + ", which no worker runs again; release it as a new version ("
                                    + (failure == null ? "no reason recorded" : failure.reason()) + ")"));
            String eventId = UUID.randomUUID().toString();
            String payload = inputEvent(c, release, rerun, eventId);
            Instant now = now();
            writer.reopen(c, releaseId, rerun.backTo(), now);
            ObjectNode entry = codec.mapper().createObjectNode();
            entry.put("actor", actor);
            entry.put("reason", reason);
            entry.put("stage", stage);
            entry.put("failure", failure.reason());
            entry.put("eventId", eventId);
            writer.audit(
                    c, EventIds.of(eventId, "redrive"), releaseId, rerun.topic(), REDRIVE_TYPE, entry.toString(), now);
            publish.accept(new Redrive(releaseId, model, version, stage, rerun.topic(), eventId, payload));
            return reader.history(c, releaseId).orElseThrow();
        });
    }

    /** The input event of the stage to run again, as first recorded, under {@code eventId}. */
    private String inputEvent(Connection c, Release release, RedriveStage rerun, String eventId) throws SQLException {
        List<String> payloads =
                reader.auditPayloads(c, release.releaseId(), List.of(rerun.topic(), Topics.dlq(rerun.topic())));
        String problem = "the registry has no " + rerun.topic() + " event of it";
        for (String payload : payloads) {
            try {
                PipelineEvent event = codec.decode(payload, rerun.type());
                if (!release.releaseId().equals(event.releaseId())) {
                    continue;
                }
                ObjectNode tree = (ObjectNode) codec.mapper().readTree(payload);
                tree.put("eventId", eventId);
                return codec.mapper().writeValueAsString(tree);
            } catch (MalformedEventException | JsonProcessingException | ClassCastException e) {
                problem = "its " + rerun.topic() + " event cannot be read (" + e.getMessage() + ")";
            }
        }
        throw new RedriveException(
                RedriveException.Kind.CONFLICT,
                release.model() + " " + release.version() + " cannot be re-driven: " + problem);
    }

    /** A stage a worker runs again: where its input goes, and the status the release returns to. */
    private record RedriveStage(String topic, Class<? extends PipelineEvent> type, ReleaseStatus backTo) {
        static Optional<RedriveStage> of(String failedStage) {
            if (failedStage == null) {
                return Optional.empty();
            }
            return switch (failedStage) {
                case "pruned" ->
                    Optional.of(new RedriveStage(Topics.RELEASED, ModelReleased.class, ReleaseStatus.RELEASED));
                case "retrained" ->
                    Optional.of(new RedriveStage(Topics.PRUNED, ModelPruned.class, ReleaseStatus.PRUNED));
                default -> Optional.empty();
            };
        }
    }

    @Override
    public int auditCount(String releaseId) {
        return tx.read("count audit entries", c -> reader.auditCount(c, releaseId));
    }

    private boolean audit(Connection c, PipelineEvent e, String topic, String payload, Instant now)
            throws SQLException {
        return writer.audit(c, e.eventId(), e.releaseId(), topic, e.getClass().getSimpleName(), payload, now);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static String describe(PipelineEvent e) {
        return e.getClass().getSimpleName() + " " + e.eventId() + " of release " + e.releaseId();
    }
}
