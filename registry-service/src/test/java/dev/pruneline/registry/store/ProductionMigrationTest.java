package dev.pruneline.registry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pruneline.pipeline.event.ModelArtifact;
import dev.pruneline.pipeline.event.ReleaseDecision.Outcome;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * V2 fills the production history of a registry that V1 kept: its gate promotions, oldest first; V3 lists each older
 * candidate's bundle as its artifact.
 */
class ProductionMigrationTest {

    @Test
    void shouldCarryOverTheGatePromotionsOfAnOlderRegistry() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:migration;MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).target("1").load().migrate();
        // V1 has no production_changes table, so record the decisions through V1's tables only
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Events v1 = new Events("lenet", "1");
        Events v2 = new Events("lenet", "2");
        Events v3 = new Events("lenet", "3");
        new V1Store(dataSource, t0).record(v1, Outcome.PROMOTED);
        new V1Store(dataSource, t0.plusSeconds(60)).record(v2, Outcome.PROMOTED);
        new V1Store(dataSource, t0.plusSeconds(120)).record(v3, Outcome.REJECTED);

        Flyway.configure().dataSource(dataSource).load().migrate();
        RegistryStore store = new JdbcRegistryStore(dataSource);

        List<ProductionChange> history = store.productionHistory("lenet");
        assertEquals(
                List.of("2", "1"),
                history.stream().map(ProductionChange::version).toList());
        assertEquals(ProductionChange.Action.GATE, history.get(0).action());
        Candidate older = store.version("lenet", "3").orElseThrow().candidates().get(Candidate.RETRAINED);
        assertEquals(
                List.of(ModelArtifact.of(ModelArtifact.PRUNELINE, v3.retrained().bundle())),
                older.artifacts(),
                "V3 lists the bundle of an older candidate as its one artifact");
        assertEquals("2", store.production("lenet").orElseThrow().change().version());
        assertEquals(
                "1",
                store.rollback("lenet", "alice", "after the upgrade", null, p -> {})
                        .change()
                        .version());
    }

    /** Writes a decided release with V1's statements only (the store of this version also writes V2's table). */
    private record V1Store(JdbcDataSource dataSource, Instant at) {
        void record(Events e, Outcome outcome) {
            Transactions tx = new Transactions(dataSource);
            ReleaseWriter writer = new ReleaseWriter(new dev.pruneline.pipeline.event.EventCodec().mapper());
            tx.inTransaction("write", c -> {
                writer.ensureRelease(
                        c,
                        e.releaseId,
                        e.retrained().model(),
                        e.retrained().version(),
                        e.retrained().policy(),
                        ReleaseStatus.RETRAINED,
                        at);
                writer.putCandidate(
                        c,
                        e.releaseId,
                        new Candidate(
                                Candidate.RETRAINED,
                                e.retrained().bundle(),
                                e.retrained().report(),
                                e.retrained().engineMode(),
                                at,
                                null));
                writer.putMetrics(c, e.releaseId, "baseline", e.retrained().baseline());
                writer.putMetrics(c, e.releaseId, "retrained", e.retrained().retrained());
                writer.putDecision(c, e.releaseId, new Decision(outcome, "gate", 0.1, 1.0, at));
                writer.advance(c, e.releaseId, ReleaseStatus.valueOf(outcome.name()), at);
                return null;
            });
        }
    }
}
