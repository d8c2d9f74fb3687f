package dev.pruneline.registry.messaging;

import dev.pruneline.pipeline.event.PipelineEvent;

/**
 * A CDI event fired once the registry has committed a change to a release or to a model's production: a pipeline
 * event recorded by a consumer, or an operator's promote or roll back. The console's live pages listen to it.
 *
 * @param model     model name
 * @param version   model version, or null when the change names none
 * @param releaseId the release that changed
 * @param what      what was recorded: a topic ({@code model.released}, ...), {@value #PRODUCTION} or
 *                  {@value #WATCHDOG}
 */
public record RegistryChanged(String model, String version, String releaseId, String what) {

    /** {@link #what} of a production change. */
    public static final String PRODUCTION = "production";

    /** {@link #what} of a release the stage watchdog failed. */
    public static final String WATCHDOG = "stage-watchdog";

    /** The change an event of {@code topic} made. */
    public static RegistryChanged of(PipelineEvent event, String topic) {
        return new RegistryChanged(event.model(), event.version(), event.releaseId(), topic);
    }
}
