/**
 * The registry's REST API under {@code /api/v1/models}: models, their versions, one version's full history and
 * the production (most recently promoted) version with a download link. Responses are plain records rendered as
 * JSON; errors are {@code {"error": "..."}} through one {@link jakarta.ws.rs.ext.ExceptionMapper}.
 */
package dev.pruneline.registry.api;
