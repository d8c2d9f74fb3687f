package dev.pruneline.devstack;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reads a topic from the moment it is opened, for tests that publish an event and wait for what the services
 * publish in answer. Each {@link #await} returns the next matching record after those already returned, so a test
 * can wait for a first and then a second answer. Waiting polls the broker; it never sleeps.
 */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final Deque<ConsumerRecord<String, String>> unread = new ArrayDeque<>();
    private final String topic;

    /** Opens a reader positioned at the current end of {@code topic} (created if missing). */
    public TopicReader(String bootstrapServers, String topic) {
        this.topic = topic;
        ensureTopic(bootstrapServers, topic);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = partitions(topic);
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /**
     * The topic's partitions. Right after the topic is created the consumer's metadata may not list them yet (an
     * empty list, and a reader assigned nothing fails on its first poll), so this asks again until it does.
     */
    private List<TopicPartition> partitions(String topic) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            if (!partitions.isEmpty()) {
                return partitions;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("topic " + topic + " has no partitions after 30 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the partitions of " + topic, e);
            }
        }
    }

    /** The next record matching {@code condition}, waiting up to {@code timeout}. */
    public ConsumerRecord<String, String> await(Predicate<ConsumerRecord<String, String>> condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            while (!unread.isEmpty()) {
                ConsumerRecord<String, String> record = unread.poll();
                if (condition.test(record)) {
                    return record;
                }
            }
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative()) {
                throw new AssertionError("no matching record on " + topic + " within " + timeout.toSeconds() + " s");
            }
            consumer.poll(left.compareTo(Duration.ofMillis(200)) < 0 ? left : Duration.ofMillis(200))
                    .forEach(unread::add);
        }
    }

    /** Every record that arrives within {@code window}: for asserting that something was NOT published. */
    public List<ConsumerRecord<String, String>> drain(Duration window) {
        Instant deadline = Instant.now().plus(window);
        while (Instant.now().isBefore(deadline)) {
            consumer.poll(Duration.ofMillis(200)).forEach(unread::add);
        }
        List<ConsumerRecord<String, String>> all = List.copyOf(unread);
        unread.clear();
        return all;
    }

    /** Publishes one record and waits for the broker's acknowledgement. */
    public static void send(String bootstrapServers, String topic, String key, String value) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot publish to " + topic + ": " + e.getMessage(), e);
        }
    }

    private static void ensureTopic(String bootstrapServers, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                admin.createTopics(Set.of(new NewTopic(topic, 1, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic + ": " + e.getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + bootstrapServers, e);
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
