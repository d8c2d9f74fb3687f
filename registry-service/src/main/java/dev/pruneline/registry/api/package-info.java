/**
 * The registry's REST API under {@code /api/v1/models}: models, their versions, one version's full history, the
 * production version with a download link and its history, and operators' promote and roll back. Responses are
 * plain records rendered as JSON; errors are {@code {"error": "..."}} through one
 * {@link jakarta.ws.rs.ext.ExceptionMapper}.
 */
package dev.pruneline.registry.api;
