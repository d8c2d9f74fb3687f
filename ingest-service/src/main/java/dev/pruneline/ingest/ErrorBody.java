package dev.pruneline.ingest;

/**
 * The JSON body of every refused request.
 *
 * @param error what is wrong, in words the client can act on
 */
public record ErrorBody(String error) {}
