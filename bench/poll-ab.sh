#!/usr/bin/env bash
# A DAG poll's route alone, two server jars interleaved: signed GETs of /api/v1/task/dag/{id}
# (ProtocolBench poll: a path with a variable, answered "not found"), THREADS client threads,
# WARM unmeasured seconds, then MEASURE measured, per round and jar; prints req/s and the
# server's CPU per request over the measured run (user + system, from /proc).
#
# Usage: bench/poll-ab.sh A.jar B.jar   (env: ROUNDS=3 THREADS=2 WARM=20 MEASURE=15)
# Needs: a JDK 17+, python3, curl.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
THREADS=${THREADS:-2}
WARM=${WARM:-20}
MEASURE=${MEASURE:-15}
PASSWORD=bench-pwd
JARS=("$(realpath "$1")" "$(realpath "$2")")

source bench/lib.sh
bench_build
export OBSHELL_EMULATOR_CACHE="$WORK/cache"
bench_prepare "${JARS[@]}"

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
TICK_MS=$((1000 / $(getconf CLK_TCK)))

run() {  # jar, label
  local jar=$1 label=$2 launcher jvm s0 s1 line
  bench_port
  OBSHELL_EMULATOR_JAR="$jar" bin/obshell-emulator --server.port="$PORT" --obshell.data-dir="$WORK/data-$RANDOM" \
    --obshell.agent.password="$PASSWORD" >/dev/null 2>"$WORK/server.log" &
  launcher=$!
  BENCH_CLEANUP+=("$launcher")
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/v1/info"; do sleep 0.05; done
  jvm=$(pgrep -P "$launcher" -x java | head -1)
  java -cp "$CP" io.obshell.emulator.bench.ProtocolBench "http://127.0.0.1:$PORT" "$PASSWORD" poll "$THREADS" "$WARM" >/dev/null
  s0=$(cpu_ticks "$jvm")
  line=$(java -cp "$CP" io.obshell.emulator.bench.ProtocolBench "http://127.0.0.1:$PORT" "$PASSWORD" poll "$THREADS" "$MEASURE")
  s1=$(cpu_ticks "$jvm")
  kill "$launcher" 2>/dev/null || true
  wait "$launcher" 2>/dev/null || true
  local requests=${line#requests=}
  requests=${requests%% *}
  # The measured run's own 3 s of warm-up requests are not counted: the CPU per request is a
  # bound from above, alike for both jars.
  echo "$label $line server_cpu_ms=$(((s1 - s0) * TICK_MS)) server_cpu_us_per_request=$(((s1 - s0) * TICK_MS * 1000 / requests))"
}

echo "== $ROUNDS rounds, $THREADS threads, ${WARM} s unmeasured then ${MEASURE} s measured per jar"
for ((round = 1; round <= ROUNDS; round++)); do
  run "${JARS[0]}" A
  run "${JARS[1]}" B
done
