package dev.pruneline.core.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pruneline.core.job.StepMetrics;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON output of the commands. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    static Map<String, Object> metrics(StepMetrics m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accuracy", m.accuracy());
        out.put("parameters", m.parameters());
        out.put("nonzero_parameters", m.nonzeroParameters());
        out.put("macs", m.macs());
        out.put("sparsity", m.sparsity());
        return out;
    }

    static void print(PrintWriter out, Object value) {
        try {
            out.println(MAPPER.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
