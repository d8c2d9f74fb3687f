package dev.pruneline.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

/** deploy/kafka/topics.txt: the topics both deployments create, with their partition counts. */
final class TopicList {

    private TopicList() {}

    static Map<String, Integer> partitions() {
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (String line : Repository.read("deploy/kafka/topics.txt").split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length != 2 || topics.put(parts[0], Integer.parseInt(parts[1])) != null) {
                throw new AssertionError("deploy/kafka/topics.txt: bad or repeated line '" + line + "'");
            }
        }
        return topics;
    }
}
