package dev.pruneline.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KafkaBrokerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void shouldRoundTripARecordThroughAGroupConsumer() throws Exception {
        try (KafkaBroker broker = KafkaBroker.builder().start()) {
            Path dataDir = broker.dataDir();
            assertTrue(Files.exists(dataDir.resolve("meta.properties")), "formatted");
            broker.createTopics(Map.of("round-trip", 3));
            broker.createTopics(Map.of("round-trip", 3)); // existing topics are left alone
            assertEquals(3, describe(broker, "round-trip").partitions().size());

            send(broker, "round-trip", "k1", "hello");
            try (KafkaConsumer<String, String> consumer = consumer(broker, "group-" + UUID.randomUUID())) {
                consumer.subscribe(List.of("round-trip"));
                ConsumerRecord<String, String> record = pollFor(consumer, "hello");
                assertEquals("k1", record.key());
            }
            // auto.create.topics.enable=true: an unknown topic is created by the first producer
            send(broker, "auto-created", "k", "v");
            assertEquals(1, describe(broker, "auto-created").partitions().size());
            broker.close();
            assertFalse(Files.exists(dataDir), "temporary folder deleted on close");
        }
    }

    @Test
    void shouldKeepATopicsRecordsWhenRestartedOnTheSameFolder(@TempDir Path dir) throws Exception {
        String topic = "kept";
        int firstPort;
        try (KafkaBroker broker =
                KafkaBroker.builder().dataDir(dir).autoCreateTopics(false).start()) {
            firstPort = broker.port();
            broker.createTopics(Map.of(topic, 1));
            send(broker, topic, "key", "survives restart");
        }
        assertTrue(Files.exists(dir.resolve("meta.properties")), "data folder kept");

        try (KafkaBroker again = KafkaBroker.builder().dataDir(dir).start()) {
            assertTrue(firstPort > 0 && again.port() > 0);
            try (KafkaConsumer<String, String> consumer = consumer(again, "restart-" + UUID.randomUUID())) {
                TopicPartition partition = new TopicPartition(topic, 0);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                assertEquals("key", pollFor(consumer, "survives restart").key());
            }
        }
    }

    private static TopicDescription describe(KafkaBroker broker, String topic) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic);
        }
    }

    private static void send(KafkaBroker broker, String topic, String key, String value) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(60, TimeUnit.SECONDS);
        }
    }

    private static KafkaConsumer<String, String> consumer(KafkaBroker broker, String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    private static ConsumerRecord<String, String> pollFor(KafkaConsumer<String, String> consumer, String value) {
        return Polling.await("record '" + value + "'", WAIT, () -> {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                if (value.equals(record.value())) {
                    return Optional.of(record);
                }
            }
            return Optional.empty();
        });
    }
}
