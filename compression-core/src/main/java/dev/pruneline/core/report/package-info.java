/** The JSON report written next to every bundle a compression step produces. */
package dev.pruneline.core.report;
