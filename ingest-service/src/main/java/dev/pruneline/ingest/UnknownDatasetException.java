package dev.pruneline.ingest;

/** A release names a data set that has never been uploaded. Maps to 422. */
public class UnknownDatasetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnknownDatasetException(String name) {
        super("dataset '" + name + "' has not been uploaded; POST it to /api/v1/datasets/" + name + " first");
    }
}
