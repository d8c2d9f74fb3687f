package dev.pruneline.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every record of some topics from their beginning, kept in the order read: the suite's witness of what the
 * services published, duplicates included. The consumer reconnects by itself when the broker comes back.
 */
final class TopicLog implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> records = new ArrayList<>();

    TopicLog(String bootstrapServers, List<String> topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(4 * 1024 * 1024));
        consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** The records of {@code topic} keyed {@code key} (a release id) read so far, after one more poll. */
    synchronized List<ConsumerRecord<String, String>> of(String topic, String key) {
        poll(Duration.ofMillis(200));
        return records.stream()
                .filter(r -> r.topic().equals(topic) && key.equals(r.key()))
                .toList();
    }

    /** Every record of {@code topic} read so far, after one more poll. */
    synchronized List<ConsumerRecord<String, String>> all(String topic) {
        poll(Duration.ofMillis(200));
        return records.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    /** Polls until {@code condition} holds for the records of {@code topic} keyed {@code key}. */
    synchronized List<ConsumerRecord<String, String>> await(
            String topic, String key, Predicate<List<ConsumerRecord<String, String>>> condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<ConsumerRecord<String, String>> found = of(topic, key);
            if (condition.test(found)) {
                return found;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no such records of " + key + " on " + topic + " within " + timeout
                        + "; found " + found.size());
            }
        }
    }

    /**
     * The records of {@code topic} keyed {@code key} once {@code quiet} passed with no new record on any topic: for
     * asserting that nothing more was published.
     */
    synchronized List<ConsumerRecord<String, String>> settled(String topic, String key, Duration quiet) {
        quiet(quiet);
        return of(topic, key);
    }

    /** Reads until {@code quiet} passed with no new record. */
    synchronized void quiet(Duration quiet) {
        Instant deadline = Instant.now().plus(quiet);
        while (Instant.now().isBefore(deadline)) {
            int before = records.size();
            poll(Duration.ofMillis(200));
            if (records.size() > before) {
                deadline = Instant.now().plus(quiet);
            }
        }
    }

    private void poll(Duration timeout) {
        consumer.poll(timeout).forEach(records::add);
    }

    @Override
    public synchronized void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
