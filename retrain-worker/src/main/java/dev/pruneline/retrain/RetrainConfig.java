package dev.pruneline.retrain;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the retrain worker: keys {@code pruneline.retrain.*} (env {@code PRUNELINE_RETRAIN_*}). */
@ConfigMapping(prefix = "pruneline.retrain")
public interface RetrainConfig {

    /** Seed of data order and dropout during fine-tuning. */
    @WithDefault("42")
    long seed();
}
