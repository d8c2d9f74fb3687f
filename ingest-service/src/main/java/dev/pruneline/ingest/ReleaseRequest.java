package dev.pruneline.ingest;

import jakarta.ws.rs.core.MultivaluedMap;

/**
 * What a client asks for besides the bundle bytes.
 *
 * @param model   model name from the path
 * @param version release version, or null to take the one in model.json
 * @param dataset data set name, or null to take the one in model.json
 * @param query   all query parameters, read by {@link PolicyQuery} once the body has been received
 */
record ReleaseRequest(String model, String version, String dataset, MultivaluedMap<String, String> query) {}
