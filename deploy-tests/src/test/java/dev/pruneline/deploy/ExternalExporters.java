package dev.pruneline.deploy;

import java.util.Map;
import java.util.Set;

/**
 * Metrics the dashboard takes from exporters that are not pruneline services, which no test here can scrape: the
 * families each exporter documents, by name prefix. kafka-exporter (danielqsj/kafka-exporter, also what Strimzi's
 * {@code spec.kafkaExporter} runs): consumer group lag and offsets. NVIDIA dcgm-exporter: GPU fields.
 */
final class ExternalExporters {

    static final Map<String, Set<String>> FAMILIES = Map.of(
            "kafka-exporter",
                    Set.of(
                            "kafka_consumergroup_lag",
                            "kafka_consumergroup_lag_sum",
                            "kafka_consumergroup_current_offset",
                            "kafka_consumergroup_members",
                            "kafka_topic_partitions",
                            "kafka_topic_partition_current_offset",
                            "kafka_brokers"),
            "dcgm-exporter",
                    Set.of(
                            "DCGM_FI_DEV_GPU_UTIL",
                            "DCGM_FI_DEV_FB_USED",
                            "DCGM_FI_DEV_FB_FREE",
                            "DCGM_FI_DEV_POWER_USAGE",
                            "DCGM_FI_DEV_GPU_TEMP"));

    private ExternalExporters() {}

    static boolean exports(String metric) {
        return FAMILIES.values().stream().anyMatch(f -> f.contains(metric));
    }
}
