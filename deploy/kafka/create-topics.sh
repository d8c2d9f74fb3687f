#!/bin/bash
# Creates the pipeline's topics with explicit partitions and replication (the broker does not auto-create topics).
# Usage: create-topics.sh BOOTSTRAP_SERVERS REPLICATION_FACTOR [TOPICS_FILE]
# Idempotent: an existing topic is left as it is, except that its partition count is raised to the file's.
set -euo pipefail
bootstrap=${1:?bootstrap servers}
replication=${2:?replication factor}
topics_file=${3:-/pruneline/kafka/topics.txt}
kafka_topics=/opt/kafka/bin/kafka-topics.sh

for attempt in $(seq 1 60); do
    if "$kafka_topics" --bootstrap-server "$bootstrap" --list >/dev/null 2>&1; then
        break
    fi
    [ "$attempt" -eq 60 ] && { echo "Kafka at $bootstrap did not answer" >&2; exit 1; }
    sleep 2
done

grep -v -e '^#' -e '^[[:space:]]*$' "$topics_file" | while read -r topic partitions; do
    "$kafka_topics" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$topic" \
        --partitions "$partitions" --replication-factor "$replication" --config min.insync.replicas=1
    current=$("$kafka_topics" --bootstrap-server "$bootstrap" --describe --topic "$topic" \
        | sed -n 's/.*PartitionCount: *\([0-9]*\).*/\1/p' | head -1)
    if [ -n "$current" ] && [ "$current" -lt "$partitions" ]; then
        "$kafka_topics" --bootstrap-server "$bootstrap" --alter --topic "$topic" --partitions "$partitions"
    fi
    echo "topic $topic: $partitions partitions, replication $replication"
done
