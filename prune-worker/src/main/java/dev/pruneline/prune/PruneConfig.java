package dev.pruneline.prune;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the prune worker: keys {@code pruneline.prune.*} (env {@code PRUNELINE_PRUNE_*}). */
@ConfigMapping(prefix = "pruneline.prune")
public interface PruneConfig {

    /** Seed of every random choice a criterion makes, so a release always prunes the same way. */
    @WithDefault("42")
    long seed();
}
