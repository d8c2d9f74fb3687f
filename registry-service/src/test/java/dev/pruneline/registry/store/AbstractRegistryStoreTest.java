package dev.pruneline.registry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.pipeline.event.ModelArtifact;
import dev.pruneline.pipeline.event.ModelPruned;
import dev.pruneline.pipeline.event.ReleaseDecision.Outcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link RegistryStore} keeps, run against each backend by a short subclass. Each test works on
 * models of its own (random names), so the suite shares one database without cleaning it between tests.
 */
public abstract class AbstractRegistryStoreTest {

    private RegistryStore store;
    private String model;

    /** The store under test, over a freshly migrated schema. */
    protected abstract RegistryStore store();

    /** The database of {@link #store()}. */
    protected abstract DataSource dataSource();

    @BeforeEach
    void setUp() {
        store = store();
        model = "lenet-" + UUID.randomUUID();
    }

    private ReleaseHistory history(String version) {
        return store.version(model, version).orElseThrow(() -> new AssertionError("no " + model + " " + version));
    }

    @Test
    void shouldRecordAReleaseThroughItsStagesToPromotion() {
        Events e = new Events(model, "1");
        assertTrue(store.recordReleased(e.released(), "{}"));
        assertTrue(store.recordPruned(e.pruned(), "{}"));
        Optional<StoredDecision> decided =
                store.recordRetrained(e.retrained(), "{}", Events.decision(Outcome.PROMOTED));

        assertTrue(decided.orElseThrow().newlyMade());
        ReleaseHistory h = history("1");
        assertEquals(ReleaseStatus.PROMOTED, h.release().status());
        assertEquals(e.releaseId, h.release().releaseId());
        assertEquals("mnist", h.release().dataset());
        assertEquals(e.released().bundle(), h.release().bundle());
        assertEquals(e.released().policy(), h.release().policy());
        assertEquals(
                e.retrained().bundle(), h.candidates().get(Candidate.RETRAINED).bundle());
        assertEquals(e.pruned().report(), h.candidates().get(Candidate.PRUNED).report());
        assertEquals(Events.BASELINE, h.metrics().get("baseline"));
        assertEquals(Events.PRUNED, h.metrics().get("pruned"));
        assertEquals(Events.RETRAINED, h.metrics().get("retrained"));
        assertEquals(decided.get().decision(), h.decision());
        assertNull(h.release().failure());
    }

    @Test
    void shouldKeepEachCandidatesArtifactsByFormat() {
        Events e = new Events(model, "1");
        store.recordPruned(e.pruned(), "{}");
        store.recordRetrained(e.retrained(), "{}", Events.decision(Outcome.PROMOTED));

        ReleaseHistory h = history("1");
        Candidate candidate = h.candidates().get(Candidate.RETRAINED);
        assertEquals(e.retrained().artifacts(), candidate.artifacts());
        assertEquals(
                e.retrained().artifacts().get(1),
                candidate.artifact(ModelArtifact.ONNX).orElseThrow());
        assertEquals(
                List.of(ModelArtifact.of(ModelArtifact.PRUNELINE, e.pruned().bundle())),
                h.candidates().get(Candidate.PRUNED).artifacts(),
                "an event without an artifact list has its bundle as its one artifact");
        assertEquals(
                e.retrained().artifacts(),
                store.production(model)
                        .orElseThrow()
                        .release()
                        .candidates()
                        .get(Candidate.RETRAINED)
                        .artifacts());
    }

    @Test
    void shouldTreatARedeliveredEventAsANoOp() {
        Events e = new Events(model, "1");
        assertTrue(store.recordReleased(e.released(), "{}"));
        assertFalse(store.recordReleased(e.released(), "{}"));

        assertEquals(1, store.versions(model).size());
        assertEquals(1, store.auditCount(e.releaseId));
    }

    @Test
    void shouldReturnTheStoredDecisionWhenRetrainedIsRedelivered() {
        Events e = new Events(model, "1");
        StoredDecision first = store.recordRetrained(e.retrained(), "{}", Events.decision(Outcome.REJECTED))
                .orElseThrow();
        StoredDecision again = store.recordRetrained(e.retrained(), "{}", Events.decision(Outcome.PROMOTED))
                .orElseThrow();

        assertFalse(again.newlyMade());
        assertEquals(first.decision(), again.decision());
        assertEquals(ReleaseStatus.REJECTED, history("1").release().status());
    }

    @Test
    void shouldReportADecisionPublishedOnlyOnceItsPublicationIsMarked() {
        Events e = new Events(model, "1");
        StoredDecision made = store.recordRetrained(e.retrained(), "{}", Events.decision(Outcome.PROMOTED))
                .orElseThrow();
        StoredDecision beforeTheAck = store.recordRetrained(e.retrained(), "{}", Events.decision(Outcome.PROMOTED))
                .orElseThrow();
        store.markPublished(e.releaseId);
        store.markPublished(e.releaseId);
        StoredDecision afterTheAck = store.recordRetrained(e.retrained(), "{}", Events.decision(Outcome.PROMOTED))
                .orElseThrow();

        assertFalse(made.published(), "a new decision is not published yet");
        assertFalse(beforeTheAck.published(), "a crash before the acknowledgement leaves it unpublished");
        assertTrue(afterTheAck.published(), "once acknowledged, a redelivery does not publish it again");
        assertEquals(made.decision(), afterTheAck.decision());
    }

    @Test
    void shouldNeverMoveAStatusBackwards() {
        Events e = new Events(model, "1");
        store.recordRetrained(e.retrained(), "{}", Events.decision(Outcome.PROMOTED));
        store.recordPruned(e.pruned(), "{}");
        store.recordReleased(e.released(), "{}");

        ReleaseHistory h = history("1");
        assertEquals(ReleaseStatus.PROMOTED, h.release().status());
        assertEquals(e.pruned().bundle(), h.candidates().get(Candidate.PRUNED).bundle());
        assertEquals(e.released().bundle(), h.release().bundle(), "late released event still fills in the bundle");
    }

    @Test
    void shouldFailASecondReleaseOfTheSameVersion() {
        Events first = new Events(model, "1");
        Events second = new Events(model, "1");
        store.recordReleased(first.released(), "{}");
        store.recordReleased(second.released(), "{}");

        assertEquals(first.releaseId, history("1").release().releaseId());
        List<VersionSummary> versions = store.versions(model);
        assertEquals(2, versions.size());
        VersionSummary duplicate = versions.get(1);
        assertEquals(second.releaseId, duplicate.releaseId());
        assertEquals(ReleaseStatus.FAILED, duplicate.status());
        assertEquals(
                1,
                store.models().stream()
                        .filter(m -> m.model().equals(model))
                        .findFirst()
                        .orElseThrow()
                        .versions());
    }

    @Test
    void shouldNotDecideForAFailedDuplicate() {
        Events first = new Events(model, "1");
        Events second = new Events(model, "1");
        store.recordReleased(first.released(), "{}");

        assertTrue(store.recordRetrained(second.retrained(), "{}", Events.decision(Outcome.PROMOTED))
                .isEmpty());
        assertEquals(ReleaseStatus.RELEASED, history("1").release().status());
    }

    @Test
    void shouldMarkAReleaseFailedWithTheDeadLetterReason() {
        Events e = new Events(model, "1");
        store.recordReleased(e.released(), "{}");
        DeadLetter dl = new DeadLetter(
                UUID.randomUUID().toString(),
                e.releaseId,
                model,
                "1",
                null,
                "model.pruned.dlq",
                "retrained",
                "fine-tuning diverged",
                "{}");

        assertTrue(store.recordDeadLetter(dl));
        assertFalse(store.recordDeadLetter(dl));

        Release r = history("1").release();
        assertEquals(ReleaseStatus.FAILED, r.status());
        assertEquals(new Failure("retrained", "fine-tuning diverged"), r.failure());
    }

    @Test
    void shouldNotFailAReleaseThatIsAlreadyDecided() {
        Events e = new Events(model, "1");
        store.recordRetrained(e.retrained(), "{}", Events.decision(Outcome.PROMOTED));
        store.recordDeadLetter(new DeadLetter(
                UUID.randomUUID().toString(),
                e.releaseId,
                model,
                "1",
                null,
                "model.pruned.dlq",
                "retrained",
                "late failure",
                "{}"));

        assertEquals(ReleaseStatus.PROMOTED, history("1").release().status());
    }

    @Test
    void shouldCreateAFailedReleaseFromADeadLetterOfAnUnknownRelease() {
        Events e = new Events(model, "7");
        store.recordDeadLetter(new DeadLetter(
                UUID.randomUUID().toString(),
                e.releaseId,
                model,
                "7",
                null,
                "model.released.dlq",
                "pruned",
                "bundle refused",
                "{}"));

        assertEquals(ReleaseStatus.FAILED, history("7").release().status());
    }

    @Test
    void shouldAuditARefusedRecordOnceAndFailTheReleaseItNames() {
        Events e = new Events(model, "1");
        store.recordReleased(e.released(), "{}");
        RejectedRecord refused = refused(e.releaseId, "model.pruned event at partition 0, offset 7 is unreadable");
        List<RejectedRecord> parked = new ArrayList<>();

        Rejection first = store.recordRejected(refused, parked::add);
        Rejection again = store.recordRejected(refused, parked::add);

        assertTrue(first.first());
        assertEquals(e.releaseId, first.failed().releaseId());
        assertFalse(again.first(), "a redelivered record is handled once");
        assertEquals(List.of(refused), parked, "parked once");
        assertEquals(
                new Failure("pruned", refused.reason()), history("1").release().failure());
        assertEquals(ReleaseStatus.FAILED, history("1").release().status());
        assertEquals(2, store.auditCount(e.releaseId));
    }

    @Test
    void shouldOnlyAuditARefusedRecordOfAnUnknownRelease() {
        String unknown = UUID.randomUUID().toString();
        List<RejectedRecord> parked = new ArrayList<>();

        Rejection done = store.recordRejected(refused(unknown, "not JSON"), parked::add);

        assertTrue(done.first());
        assertNull(done.failed());
        assertEquals(1, parked.size());
        assertEquals(1, store.auditCount(unknown));
        assertTrue(store.versions(model).isEmpty(), "no release is made up");
    }

    @Test
    void shouldStoreNothingWhenARefusedRecordCannotBeParked() {
        Events e = new Events(model, "1");
        store.recordReleased(e.released(), "{}");
        RejectedRecord refused = refused(e.releaseId, "unreadable");

        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class,
                () -> store.recordRejected(refused, r -> {
                    throw new IllegalStateException("broker down");
                }));

        assertEquals(ReleaseStatus.RELEASED, history("1").release().status());
        assertTrue(store.recordRejected(refused, r -> {}).first(), "handled in full when read again");
    }

    @Test
    void shouldNotChangeADecidedReleaseForALateRefusedRecord() {
        Events e = new Events(model, "1");
        store.recordRetrained(e.retrained(), "{}", Events.decision(Outcome.PROMOTED));

        assertNull(store.recordRejected(refused(e.releaseId, "unreadable"), r -> {})
                .failed());
        assertEquals(ReleaseStatus.PROMOTED, history("1").release().status());
    }

    @Test
    void shouldRefuseAFieldLongerThanItsColumnAndStoreNothing() {
        Events e = new Events(model, "1");
        ModelPruned p = e.pruned();
        ModelPruned longEngine = new ModelPruned(
                p.schemaVersion(),
                p.eventId(),
                p.releaseId(),
                p.model(),
                p.version(),
                p.occurredAt(),
                p.bundle(),
                p.report(),
                p.dataset(),
                p.policy(),
                p.baseline(),
                p.pruned(),
                "x".repeat(201),
                p.artifacts(),
                p.claimedAccuracy());

        UnrecordableEventException refused = org.junit.jupiter.api.Assertions.assertThrows(
                UnrecordableEventException.class, () -> store.recordPruned(longEngine, "{}"));

        assertEquals(
                "field 'engineMode' is 201 characters long, more than the 200 the registry stores"
                        + " (candidates.engine_mode)",
                refused.getMessage());
        assertTrue(store.versions(model).isEmpty());
        assertEquals(0, store.auditCount(e.releaseId));
    }

    @Test
    void shouldKnowTheLengthOfEveryColumnTheSchemaHas() throws Exception {
        try (Connection c = dataSource().getConnection();
                PreparedStatement s =
                        c.prepareStatement("SELECT character_maximum_length FROM information_schema.columns"
                                + " WHERE LOWER(table_schema) = LOWER(CURRENT_SCHEMA) AND LOWER(table_name) = ?"
                                + " AND LOWER(column_name) = ?")) {
            for (var column : ColumnLimits.COLUMNS.entrySet()) {
                String[] name = column.getKey().split("\\.");
                s.setString(1, name[0]);
                s.setString(2, name[1]);
                try (ResultSet rs = s.executeQuery()) {
                    assertTrue(rs.next(), "no column " + column.getKey());
                    assertEquals(column.getValue().intValue(), rs.getInt(1), column.getKey());
                }
            }
        }
    }

    private static RejectedRecord refused(String releaseId, String reason) {
        return new RejectedRecord(UUID.randomUUID().toString(), releaseId, "model.pruned", "pruned", reason, "{}");
    }

    @Test
    void shouldSummariseModelsWithLatestAndProductionVersions() {
        Events v1 = new Events(model, "1");
        Events v2 = new Events(model, "2");
        store.recordRetrained(v1.retrained(), "{}", Events.decision(Outcome.PROMOTED));
        store.recordRetrained(v2.retrained(), "{}", Events.decision(Outcome.REJECTED));

        ModelSummary summary = store.models().stream()
                .filter(m -> m.model().equals(model))
                .findFirst()
                .orElseThrow();
        assertEquals(new ModelSummary(model, "2", "1", 2), summary);
        assertEquals(
                v1.releaseId,
                store.production(model).orElseThrow().release().release().releaseId());
        assertEquals(
                List.of("1", "2"),
                store.versions(model).stream().map(VersionSummary::version).toList());
        assertEquals(Outcome.REJECTED, store.versions(model).get(1).outcome());
    }

    @Test
    void shouldKeepANonFiniteAccuracyDropReadable() {
        Events e = new Events(model, "1");
        Decision nan =
                new Decision(Outcome.REJECTED, "accuracy is not a number", Double.NaN, 1.0, java.time.Instant.now());
        store.recordRetrained(e.retrained(), "{}", nan);

        assertTrue(Double.isNaN(history("1").decision().accuracyDropPp()));
    }

    @Test
    void shouldFindNothingForUnknownModels() {
        assertTrue(store.version(model, "1").isEmpty());
        assertTrue(store.production(model).isEmpty());
        assertTrue(store.versions(model).isEmpty());
        assertTrue(store.productionHistory(model).isEmpty());
    }

    private static final java.util.function.Consumer<Production> NO_ANNOUNCE = p -> {};

    private String productionVersion() {
        return store.production(model).orElseThrow().change().version();
    }

    @Test
    void shouldLetAnOperatorPromoteARejectedVersionAndRollBack() {
        Events v1 = new Events(model, "1");
        Events v2 = new Events(model, "2");
        Events v3 = new Events(model, "3");
        store.recordRetrained(v1.retrained(), "{}", Events.decision(Outcome.PROMOTED));
        store.recordRetrained(v2.retrained(), "{}", Events.decision(Outcome.PROMOTED));
        store.recordRetrained(v3.retrained(), "{}", Events.decision(Outcome.REJECTED));
        assertEquals("2", productionVersion());

        Production promoted =
                store.promote(model, "3", "alice", "the rejected candidate is fine on our data", "2", NO_ANNOUNCE);
        assertEquals("3", promoted.change().version());
        assertEquals(ProductionChange.Action.PROMOTE, promoted.change().action());
        assertEquals(v3.releaseId, promoted.release().release().releaseId());
        assertEquals("3", productionVersion());
        assertEquals(ReleaseStatus.REJECTED, history("3").release().status(), "the gate's decision stays as it was");
        assertEquals(
                new ModelSummary(model, "3", "3", 3),
                store.models().stream()
                        .filter(m -> m.model().equals(model))
                        .findFirst()
                        .orElseThrow());

        ProductionChangeException stale = org.junit.jupiter.api.Assertions.assertThrows(
                ProductionChangeException.class, () -> store.rollback(model, "bob", "a retry", "2", NO_ANNOUNCE));
        assertEquals(ProductionChangeException.Kind.CONFLICT, stale.kind());
        assertEquals(
                "production of " + model + " is version 3, not version 2 as the request expected; nothing " + "changed",
                stale.getMessage());
        Production back = store.rollback(model, "bob", "latency regression", "3", NO_ANNOUNCE);
        assertEquals("2", back.change().version());
        assertEquals(ProductionChange.Action.ROLLBACK, back.change().action());
        assertEquals("2", productionVersion());
        // a second roll back undoes the first
        assertEquals(
                "3",
                store.rollback(model, "bob", "undo", null, NO_ANNOUNCE).change().version());

        List<ProductionChange> history = store.productionHistory(model);
        assertEquals(
                List.of("3", "2", "3", "2", "1"),
                history.stream().map(ProductionChange::version).toList());
        assertEquals(
                List.of("bob", "bob", "alice", ProductionChange.GATE_ACTOR, ProductionChange.GATE_ACTOR),
                history.stream().map(ProductionChange::actor).toList());
        assertEquals("latency regression", history.get(1).reason());
        assertTrue(history.get(0).id() > history.get(1).id());
    }

    @Test
    void shouldStoreNothingWhenTheChangeCannotBeAnnounced() {
        Events v1 = new Events(model, "1");
        Events v2 = new Events(model, "2");
        store.recordRetrained(v1.retrained(), "{}", Events.decision(Outcome.PROMOTED));
        store.recordRetrained(v2.retrained(), "{}", Events.decision(Outcome.REJECTED));

        IllegalStateException down = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class,
                () -> store.promote(model, "2", "alice", "broker down", null, p -> {
                    assertEquals("2", p.change().version());
                    assertNotNull(p.change().eventId());
                    throw new IllegalStateException("broker down");
                }));
        assertEquals("broker down", down.getMessage());
        assertEquals("1", productionVersion());
        assertEquals(1, store.productionHistory(model).size());
    }

    @Test
    void shouldRefuseProductionChangesThatCannotBeMade() {
        Events v1 = new Events(model, "1");
        Events v2 = new Events(model, "2");
        ProductionChangeException neverProduction = org.junit.jupiter.api.Assertions.assertThrows(
                ProductionChangeException.class, () -> store.rollback(model, "alice", "why not", null, NO_ANNOUNCE));
        assertEquals(ProductionChangeException.Kind.NOT_FOUND, neverProduction.kind());

        store.recordRetrained(v1.retrained(), "{}", Events.decision(Outcome.PROMOTED));
        store.recordReleased(v2.released(), "{}");
        ProductionChangeException unknown = org.junit.jupiter.api.Assertions.assertThrows(
                ProductionChangeException.class, () -> store.promote(model, "9", "alice", "typo", null, NO_ANNOUNCE));
        assertEquals(ProductionChangeException.Kind.NOT_FOUND, unknown.kind());
        assertEquals("model " + model + " has no version 9", unknown.getMessage());
        ProductionChangeException undecided = org.junit.jupiter.api.Assertions.assertThrows(
                ProductionChangeException.class,
                () -> store.promote(model, "2", "alice", "too early", null, NO_ANNOUNCE));
        assertEquals(ProductionChangeException.Kind.CONFLICT, undecided.kind());
        assertTrue(
                undecided.getMessage().contains("is RELEASED: only a release the gate has decided on"),
                undecided.getMessage());
        ProductionChangeException already = org.junit.jupiter.api.Assertions.assertThrows(
                ProductionChangeException.class, () -> store.promote(model, "1", "alice", "again", null, NO_ANNOUNCE));
        assertTrue(already.getMessage().endsWith("is production already"), already.getMessage());
        ProductionChangeException alone = org.junit.jupiter.api.Assertions.assertThrows(
                ProductionChangeException.class,
                () -> store.rollback(model, "alice", "nothing before", null, NO_ANNOUNCE));
        assertEquals(ProductionChangeException.Kind.CONFLICT, alone.kind());
        assertEquals(
                List.of("1"),
                store.productionHistory(model).stream()
                        .map(ProductionChange::version)
                        .toList());
    }

    @Test
    void shouldNotLetALateCandidateOfAnOlderVersionReplaceProduction() {
        Events v2 = new Events(model, "2");
        Events v3 = new Events(model, "3");
        store.recordReleased(v2.released(), "{}");
        store.recordRetrained(v3.retrained(), "{}", Events.decision(Outcome.PROMOTED));
        assertEquals("3", productionVersion());

        StoredDecision late = store.recordRetrained(v2.retrained(), "{}", Events.decision(Outcome.PROMOTED))
                .orElseThrow();

        assertEquals(Outcome.REJECTED, late.decision().outcome());
        assertEquals(
                "passed the gate (within tolerance) but not promoted: production of " + model
                        + " is at version 3, newer than 2, and the gate never moves production back",
                late.decision().reason());
        assertEquals(0.3, late.decision().accuracyDropPp(), "the gate's figures are kept");
        assertEquals(ReleaseStatus.REJECTED, history("2").release().status());
        assertEquals("3", productionVersion());
        assertEquals(1, store.productionHistory(model).size());
        // Redelivered, it finds the stored decision: still not production.
        assertEquals(
                late.decision(),
                store.recordRetrained(v2.retrained(), "{}", Events.decision(Outcome.PROMOTED))
                        .orElseThrow()
                        .decision());
        assertEquals("3", productionVersion());
        // An operator may still put it into production by hand.
        assertEquals(
                "2",
                store.promote(model, "2", "alice", "we want 2", null, NO_ANNOUNCE)
                        .change()
                        .version());
    }

    @Test
    void shouldNotUndoAnOperatorsRollBackWithACandidateThatWasInFlight() {
        Events v1 = new Events(model, "1");
        Events v2 = new Events(model, "2");
        Events v3 = new Events(model, "3");
        store.recordRetrained(v1.retrained(), "{}", Events.decision(Outcome.PROMOTED));
        store.recordReleased(v2.released(), "{}"); // in flight during what follows
        store.recordPruned(v2.pruned(), "{}");
        store.recordRetrained(v3.retrained(), "{}", Events.decision(Outcome.PROMOTED));
        assertEquals("3", productionVersion());
        store.rollback(model, "bob", "3 breaks our clients", "3", NO_ANNOUNCE);
        assertEquals("1", productionVersion());

        Decision late = store.recordRetrained(v2.retrained(), "{}", Events.decision(Outcome.PROMOTED))
                .orElseThrow()
                .decision();

        assertEquals(Outcome.REJECTED, late.outcome());
        assertTrue(
                late.reason()
                        .startsWith("passed the gate (within tolerance) but not promoted: operator bob rolled"
                                + " production back to version 1 at "),
                late.reason());
        assertTrue(late.reason().contains("already in flight"), late.reason());
        assertEquals("1", productionVersion(), "the roll back holds");

        // A release that arrives after the roll back goes through the gate as usual.
        Events v4 = new Events(model, "4");
        store.recordReleased(v4.released(), "{}");
        assertEquals(
                Outcome.PROMOTED,
                store.recordRetrained(v4.retrained(), "{}", Events.decision(Outcome.PROMOTED))
                        .orElseThrow()
                        .decision()
                        .outcome());
        assertEquals("4", productionVersion());
        assertEquals(
                List.of("4", "1", "3", "1"),
                store.productionHistory(model).stream()
                        .map(ProductionChange::version)
                        .toList());
    }

    private static final dev.pruneline.pipeline.event.EventCodec CODEC = new dev.pruneline.pipeline.event.EventCodec();

    private DeadLetter deadLetter(Events e, String eventJson, String dlqTopic, String stage, String reason) {
        String eventId =
                dev.pruneline.pipeline.event.EventIds.of(UUID.randomUUID().toString(), dlqTopic);
        return new DeadLetter(eventId, e.releaseId, model, e.version, null, dlqTopic, stage, reason, eventJson);
    }

    @Test
    void shouldRedriveAFailedStageWithItsInputEventUnderANewId() {
        Events e = new Events(model, "1");
        String released = CODEC.encode(e.released());
        store.recordReleased(e.released(), released);
        store.recordDeadLetter(deadLetter(e, released, "model.released.dlq", "pruned", "S3 down"));
        assertEquals(ReleaseStatus.FAILED, history("1").release().status());

        List<Redrive> published = new java.util.ArrayList<>();
        ReleaseHistory h = store.redrive(model, "1", "alice", "S3 is back", published::add);

        assertEquals(ReleaseStatus.RELEASED, h.release().status());
        assertNull(h.release().failure());
        assertEquals(1, published.size());
        Redrive redrive = published.get(0);
        assertEquals("model.released", redrive.topic());
        assertEquals("pruned", redrive.stage());
        assertEquals(e.releaseId, redrive.releaseId());
        dev.pruneline.pipeline.event.ModelReleased again =
                CODEC.decode(redrive.payload(), dev.pruneline.pipeline.event.ModelReleased.class);
        assertEquals(redrive.eventId(), again.eventId());
        assertTrue(!again.eventId().equals(e.released().eventId()), "a new event id for the new attempt");
        assertEquals(e.released().bundle(), again.bundle());
        assertEquals(e.released().policy(), again.policy());

        // The new attempt fails too: a dead letter of the new event, recorded, not dropped as a duplicate.
        store.recordDeadLetter(new DeadLetter(
                dev.pruneline.pipeline.event.EventIds.of(again.eventId(), "model.released.dlq"),
                e.releaseId,
                model,
                "1",
                null,
                "model.released.dlq",
                "pruned",
                "S3 down again",
                redrive.payload()));
        assertEquals(ReleaseStatus.FAILED, history("1").release().status());
        assertEquals("S3 down again", history("1").release().failure().reason());
        // ... and is re-driven again from the first event, as recorded.
        published.clear();
        store.redrive(model, "1", "alice", "really back", published::add);
        assertEquals(
                e.released().bundle(),
                CODEC.decode(published.get(0).payload(), dev.pruneline.pipeline.event.ModelReleased.class)
                        .bundle());
        assertEquals(ReleaseStatus.RELEASED, history("1").release().status());
    }

    @Test
    void shouldRedriveAFailedFineTuneWithThePrunedEventAndGoOnToADecision() {
        Events e = new Events(model, "1");
        store.recordReleased(e.released(), CODEC.encode(e.released()));
        String pruned = CODEC.encode(e.pruned());
        store.recordPruned(e.pruned(), pruned);
        store.recordDeadLetter(deadLetter(e, pruned, "model.pruned.dlq", "retrained", "broker timed out"));

        List<Redrive> published = new java.util.ArrayList<>();
        assertEquals(
                ReleaseStatus.PRUNED,
                store.redrive(model, "1", "alice", "broker back", published::add)
                        .release()
                        .status());
        assertEquals("model.pruned", published.get(0).topic());
        assertEquals(
                e.pruned().bundle(),
                CODEC.decode(published.get(0).payload(), dev.pruneline.pipeline.event.ModelPruned.class)
                        .bundle());

        assertTrue(store.recordRetrained(e.retrained(), "{}", Events.decision(Outcome.PROMOTED))
                .isPresent());
        assertEquals(ReleaseStatus.PROMOTED, history("1").release().status());
    }

    @Test
    void shouldRefuseARedriveThatCannotBeMadeAndChangeNothing() {
        Events e = new Events(model, "1");
        String released = CODEC.encode(e.released());
        store.recordReleased(e.released(), released);
        RedriveException notFailed = org.junit.jupiter.api.Assertions.assertThrows(
                RedriveException.class, () -> store.redrive(model, "1", "alice", "why", r -> {}));
        assertEquals(RedriveException.Kind.CONFLICT, notFailed.kind());
        assertEquals(model + " 1 is RELEASED: only a failed release can be re-driven", notFailed.getMessage());
        RedriveException unknown = org.junit.jupiter.api.Assertions.assertThrows(
                RedriveException.class, () -> store.redrive(model, "9", "alice", "why", r -> {}));
        assertEquals(RedriveException.Kind.NOT_FOUND, unknown.kind());

        store.recordDeadLetter(deadLetter(e, released, "model.released.dlq", "pruned", "S3 down"));
        IllegalStateException down = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class,
                () -> store.redrive(model, "1", "alice", "why", r -> {
                    throw new IllegalStateException("broker down");
                }));
        assertEquals("broker down", down.getMessage());
        assertEquals(ReleaseStatus.FAILED, history("1").release().status(), "nothing changed");
        assertEquals("S3 down", history("1").release().failure().reason());

        Events decided = new Events(model, "2");
        store.recordReleased(decided.released(), CODEC.encode(decided.released()));
        store.recordDeadLetter(deadLetter(decided, "{}", "model.retrained.dlq", "decided", "registry refused"));
        RedriveException nothingToRun = org.junit.jupiter.api.Assertions.assertThrows(
                RedriveException.class, () -> store.redrive(model, "2", "alice", "why", r -> {}));
        assertTrue(
                nothingToRun.getMessage().startsWith(model + " 2 failed at stage decided, which no worker runs again"),
                nothingToRun.getMessage());
    }

    private static final Duration TIMEOUT = Duration.ofHours(6);

    /** The watchdog's pass as if it ran just over the timeout after {@code release} last changed. */
    private List<Release> failStalledJustAfter(Release release) {
        return store.failStalled(release.updatedAt().plus(TIMEOUT).plusMillis(1), TIMEOUT).stream()
                .filter(r -> r.model().equals(model))
                .toList();
    }

    @Test
    void shouldFailAReleaseStalledPastTheTimeoutAndLeaveFinishedAndRecentOnesAlone() {
        Events decided = new Events(model, "1");
        store.recordRetrained(decided.retrained(), "{}", Events.decision(Outcome.REJECTED));
        Events stuck = new Events(model, "2");
        store.recordReleased(stuck.released(), "{}");
        Events recent = new Events(model, "3");
        store.recordReleased(recent.released(), "{}");
        store.recordPruned(recent.pruned(), "{}");

        List<Release> failed = failStalledJustAfter(history("2").release());

        assertEquals(
                List.of(stuck.releaseId),
                failed.stream().map(Release::releaseId).toList());
        assertEquals(ReleaseStatus.FAILED, history("2").release().status());
        assertEquals(
                new Failure(
                        "pruned",
                        "no model.pruned within 6h of model.released (stage timeout pruneline.registry.stage-timeout)"),
                history("2").release().failure());
        assertEquals(ReleaseStatus.REJECTED, history("1").release().status());
        assertEquals(ReleaseStatus.PRUNED, history("3").release().status());
        assertEquals(
                "no model.retrained within 6h of model.pruned (stage timeout pruneline.registry.stage-timeout)",
                failStalledJustAfter(history("3").release()).get(0).failure().reason());
    }

    @Test
    void shouldFailAStalledReleaseOnceWhenTwoRegistriesCheckAtOnce() throws Exception {
        store.recordReleased(new Events(model, "1").released(), "{}");
        Release stuck = history("1").release();
        ExecutorService registries = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<Release>>> passes = List.of(
                    registries.submit(() -> failStalledJustAfter(stuck)),
                    registries.submit(() -> failStalledJustAfter(stuck)));
            int failed = 0;
            for (Future<List<Release>> pass : passes) {
                failed += pass.get(30, TimeUnit.SECONDS).size();
            }
            assertEquals(1, failed, "one of the two passes failed the release");
        } finally {
            registries.shutdownNow();
        }
        assertTrue(failStalledJustAfter(stuck).isEmpty(), "a failed release is not failed again");
    }

    @Test
    void shouldMoveAStalledReleaseOnWhenItsLateEventsCome() {
        Events e = new Events(model, "1");
        store.recordReleased(e.released(), "{}");
        failStalledJustAfter(history("1").release());

        store.recordPruned(e.pruned(), "{}");
        assertEquals(ReleaseStatus.PRUNED, history("1").release().status(), "the late model.pruned revives it");
        assertNull(history("1").release().failure());

        failStalledJustAfter(history("1").release());
        assertEquals(ReleaseStatus.FAILED, history("1").release().status());
        StoredDecision decided = store.recordRetrained(e.retrained(), "{}", Events.decision(Outcome.PROMOTED))
                .orElseThrow();
        assertTrue(decided.newlyMade(), "the late model.retrained is decided");
        assertEquals(ReleaseStatus.PROMOTED, history("1").release().status());
        assertEquals("1", productionVersion());
    }

    @Test
    void shouldLetAWorkersDeadLetterReplaceTheWatchdogsFailureForGood() {
        Events e = new Events(model, "1");
        store.recordReleased(e.released(), "{}");
        failStalledJustAfter(history("1").release());

        store.recordDeadLetter(deadLetter(e, "{}", "model.released.dlq", "pruned", "bundle refused"));
        store.recordPruned(e.pruned(), "{}");

        assertEquals(ReleaseStatus.FAILED, history("1").release().status());
        assertEquals(
                new Failure("pruned", "bundle refused"), history("1").release().failure());
    }

    @Test
    void shouldRedriveAStalledRelease() {
        Events e = new Events(model, "1");
        String released = CODEC.encode(e.released());
        store.recordReleased(e.released(), released);
        failStalledJustAfter(history("1").release());
        List<Redrive> published = new ArrayList<>();

        ReleaseHistory h = store.redrive(model, "1", "alice", "prune worker is back", published::add);

        assertEquals(ReleaseStatus.RELEASED, h.release().status());
        assertNull(h.release().failure());
        assertEquals("model.released", published.get(0).topic());
        assertEquals(1, failStalledJustAfter(history("1").release()).size(), "watched again after the re-drive");
    }
}
