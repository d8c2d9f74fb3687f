package dev.pruneline.ingest;

import dev.pruneline.pipeline.event.PipelineEvent;
import java.util.regex.Pattern;

/** Names that become part of object keys and REST paths: model names, versions, data set names. */
final class Names {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]+");

    private Names() {}

    /**
     * Returns {@code value} if it is a valid name.
     *
     * @throws BadUploadException naming {@code what} and the rule
     */
    static String require(String what, String value) {
        if (value == null
                || !VALID.matcher(value).matches()
                || value.equals(".")
                || value.equals("..")
                || value.length() > PipelineEvent.MAX_NAME_LENGTH) {
            throw new BadUploadException(what + " '" + (value == null ? "" : value) + "' is not a valid name: use 1 to "
                    + PipelineEvent.MAX_NAME_LENGTH + " letters, digits, '.', '_' or '-' (and not '.' or '..')");
        }
        return value;
    }
}
