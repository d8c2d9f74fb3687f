/**
 * Kafka adapters (SmallRye Reactive Messaging): one consumer per consumed topic records the event in the
 * {@link dev.pruneline.registry.store.RegistryStore}; the {@code model.retrained} consumer also runs the
 * {@link dev.pruneline.registry.gate.PromotionGate} and publishes the decision; the dead-letter consumer marks
 * releases failed. Channels are mapped to topics in {@code application.properties}.
 */
package dev.pruneline.registry.messaging;
