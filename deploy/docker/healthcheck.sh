#!/bin/bash
# Docker HEALTHCHECK: HTTP GET /q/health/ready on the service's own port, with bash only (no curl in the JRE image).
set -eu
port=${QUARKUS_HTTP_PORT:?QUARKUS_HTTP_PORT is not set}
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET /q/health/ready HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
read -r status_line <&3
case "$status_line" in
    *" 200 "*) exit 0 ;;
    *) echo "not ready: ${status_line}" >&2; exit 1 ;;
esac
