/** An HTTP client of the ingest and registry REST APIs, as a user or a CI job would call them. */
package dev.pruneline.launcher.client;
