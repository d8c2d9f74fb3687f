package dev.pruneline.ingest;

import dev.pruneline.pipeline.event.CompressionPolicy;

/**
 * What a client asks for besides the bundle bytes.
 *
 * @param model   model name from the path
 * @param version release version, or null to take the one in model.json
 * @param dataset data set name, or null to take the one in model.json
 * @param policy  how to compress the release
 */
record ReleaseRequest(String model, String version, String dataset, CompressionPolicy policy) {
}
