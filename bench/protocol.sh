#!/usr/bin/env bash
# Benchmarks of the wire protocol and the DAG engine, against the packaged server.
#
#   1. builds the jar and the test classes (./mvnw package -DskipTests);
#   2. starts `java -jar target/obshell-emulator-*.jar` with a fresh data directory, an agent
#      password and stage delay 0, and times process start → first answered /api/v1/info
#      (curl polled in a tight loop);
#   3. runs io.obshell.emulator.bench.ProtocolBench (src/test) against it:
#        auth      signed GET /api/v1/task/dags/agent: header RSA decrypt + verify (THREADS, SECONDS)
#        rejected  POST /api/v1/obproxy/upgrade refused at the version check (row O)
#        dags      RUNS upgrades back to back, each polled to SUCCEED
#      The load client runs on the same 2-core machine: its own RSA/AES work competes with the
#      server's, so the numbers are a floor for the server alone.
#
# Usage: bench/protocol.sh   (env: THREADS=8 DURATION=15 seconds per throughput run, RUNS=100)
set -euo pipefail
cd "$(dirname "$0")/.."

THREADS=${THREADS:-8}
SECONDS_PER_RUN=${DURATION:-15}
RUNS=${RUNS:-100}
source bench/lib.sh
bench_build
bench_port
BASE="http://127.0.0.1:$PORT"

echo "== starting the server on $BASE"
START_NS=$(date +%s%N)
bench_start -- --obshell.agent.password=bench-pwd --obshell.emulator.stage-delay=0ms
# Polled every 20 ms: a busy loop of curl processes would take a core from the starting JVM.
until curl -sf "$BASE/api/v1/info" >/dev/null 2>&1; do sleep 0.02; done
END_NS=$(date +%s%N)
echo "startup_to_first_info_ms=$(( (END_NS - START_NS) / 1000000 ))"

echo "== auth: signed GET through decrypt + verify, $THREADS threads, ${SECONDS_PER_RUN}s"
java -cp "$CP" io.obshell.emulator.bench.ProtocolBench "$BASE" bench-pwd auth "$THREADS" "$SECONDS_PER_RUN"
echo "== rejected: upgrade refused at the version check, $THREADS threads, ${SECONDS_PER_RUN}s"
java -cp "$CP" io.obshell.emulator.bench.ProtocolBench "$BASE" bench-pwd rejected "$THREADS" "$SECONDS_PER_RUN"
echo "== dags: $RUNS upgrades back to back, stage delay 0"
java -cp "$CP" io.obshell.emulator.bench.ProtocolBench "$BASE" bench-pwd dags "$RUNS"
