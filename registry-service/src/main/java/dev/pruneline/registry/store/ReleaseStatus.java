package dev.pruneline.registry.store;

/**
 * Where a release stands. Statuses only move forward: a late event for an earlier stage records its data but
 * leaves the status alone, and the three final statuses are never left.
 */
public enum ReleaseStatus {
    RELEASED(0),
    PRUNED(1),
    RETRAINED(2),
    PROMOTED(3),
    REJECTED(3),
    FAILED(3);

    private final int rank;

    ReleaseStatus(int rank) {
        this.rank = rank;
    }

    /** Whether the release is done: promoted, rejected or failed. */
    public boolean isFinal() {
        return rank == 3;
    }

    /** Whether a release in this status may move to {@code next}. */
    public boolean canAdvanceTo(ReleaseStatus next) {
        return !isFinal() && next.rank > rank;
    }
}
