#!/bin/sh
# Starts the Quarkus fast-jar. Where the image carries libtorch for a GPU flavour (/opt/libtorch/flavor: the flavour,
# then the PyTorch version), DJL is pointed at it; otherwise DJL takes the CPU natives from the classpath.
set -eu
if [ -f /opt/libtorch/flavor ]; then
    PYTORCH_FLAVOR=$(sed -n 1p /opt/libtorch/flavor)
    PYTORCH_VERSION=$(sed -n 2p /opt/libtorch/flavor)
    PYTORCH_LIBRARY_PATH=/opt/libtorch/lib
    export PYTORCH_FLAVOR PYTORCH_VERSION PYTORCH_LIBRARY_PATH
fi
# JAVA_OPTS is split on spaces on purpose: it holds several options.
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -jar /deployments/quarkus-run.jar "$@"
