/**
 * The retrain worker: consumes {@code model.pruned}, fine-tunes the pruned model with its masks held, evaluates it on
 * the test split, stores bundle and report, and publishes {@code model.retrained}.
 */
package dev.pruneline.retrain;
