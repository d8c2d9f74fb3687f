package dev.pruneline.pipeline.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/events.md against the event classes: every topic, every event type and every field an event
 * carries (nested records included) is documented, and the page names no topic that does not exist.
 */
class EventDocsTest {
    private static final Path DOC = Path.of("..", "docs", "events.md");

    @Test
    void shouldDocumentEveryTopic() throws IOException {
        String doc = doc();
        for (String topic : Topics.all()) {
            assertTrue(doc.contains("`" + topic + "`"), "docs/events.md does not name topic " + topic);
        }
    }

    @Test
    void shouldListNoTopicThatDoesNotExist() throws IOException {
        // The topic table: rows whose first cell lists topics in backticks.
        Matcher row = Pattern.compile("(?m)^\\| (`model\\.[^|]*)\\|").matcher(doc());
        List<String> unknown = new ArrayList<>();
        while (row.find()) {
            Matcher topic = Pattern.compile("`([^`]+)`").matcher(row.group(1));
            while (topic.find()) {
                if (!Topics.all().contains(topic.group(1))) {
                    unknown.add(topic.group(1));
                }
            }
        }
        assertEquals(List.of(), unknown, "topics in the table of docs/events.md that Topics.all() does not have");
    }

    @Test
    void shouldDocumentEveryEventTypeAndField() throws IOException {
        String doc = doc();
        Set<String> missing = new LinkedHashSet<>();
        for (Class<?> event : PipelineEvent.class.getPermittedSubclasses()) {
            if (!doc.contains("`" + event.getSimpleName() + "`")) {
                missing.add("event " + event.getSimpleName());
            }
            for (Class<?> type : recordsReachableFrom(event)) {
                for (RecordComponent c : type.getRecordComponents()) {
                    if (!doc.contains("`" + c.getName() + "`")) {
                        missing.add(type.getSimpleName() + "." + c.getName());
                    }
                }
            }
        }
        assertEquals(Set.of(), missing, "fields the event classes carry but docs/events.md does not name");
    }

    /** {@code type} and every record type of this package its components hold, transitively. */
    private static Set<Class<?>> recordsReachableFrom(Class<?> type) {
        Set<Class<?>> seen = new LinkedHashSet<>();
        List<Class<?>> todo = new ArrayList<>(List.of(type));
        while (!todo.isEmpty()) {
            Class<?> t = todo.remove(todo.size() - 1);
            if (!t.isRecord() || !t.getPackageName().equals(PipelineEvent.class.getPackageName()) || !seen.add(t)) {
                continue;
            }
            for (RecordComponent c : t.getRecordComponents()) {
                todo.add(c.getType());
            }
        }
        return seen;
    }

    private static String doc() throws IOException {
        assertTrue(Files.isRegularFile(DOC), "run from the module folder: " + DOC.toAbsolutePath() + " is missing");
        return Files.readString(DOC);
    }
}
