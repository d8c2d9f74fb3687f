/**
 * The stage watchdog: a scheduled pass that fails releases which sat too long in a status that is not final, so no
 * release waits for ever on a stage that will not finish.
 */
package dev.pruneline.registry.watchdog;
