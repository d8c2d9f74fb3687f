package dev.pruneline.core.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pruneline.core.CompressionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes and reads {@link CompressionReport}s as JSON. Version 2 added {@code plan},
 * {@code sensitivity}, {@code history} and {@code latency}; version 3 added {@code layersBefore}
 * and each layer's {@code width}. Older reports read with those empty (widths 0). Writing also puts
 * {@code report.html} ({@link HtmlReport}) beside the JSON.
 */
public final class ReportWriter {
    /** Report format version. */
    public static final int SCHEMA_VERSION = 3;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ReportWriter() {}

    /** Writes the report to {@code file}. */
    public static Path write(CompressionReport report, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            MAPPER.writeValue(file.toFile(), report);
            HtmlReport.write(report, file.toAbsolutePath().getParent());
            return file;
        } catch (IOException e) {
            throw new CompressionException("cannot write report " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a report. */
    public static CompressionReport read(Path file) {
        try {
            return MAPPER.readValue(file.toFile(), CompressionReport.class);
        } catch (IOException e) {
            throw new CompressionException("cannot read report " + file + ": " + e.getMessage(), e);
        }
    }
}
