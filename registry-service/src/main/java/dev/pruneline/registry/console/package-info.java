/**
 * The registry's web console under {@code /ui}: Qute pages rendered on the server from the registry's store and the
 * stages' reports in the artifact store ({@link dev.pruneline.registry.console.ConsoleViews} builds their view
 * models, {@link dev.pruneline.registry.console.Charts} draws their SVG charts), updated live by server-sent events
 * fed by the events the registry records ({@link dev.pruneline.registry.console.ConsoleUpdates}), with operators'
 * promote and roll back going through the REST API's own method.
 */
package dev.pruneline.registry.console;
