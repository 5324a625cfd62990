#!/usr/bin/env bash
# The DAG figure of bench/compare.sh alone, interleaved against an anchor jar: upgrade DAGs back
# to back at stage delay 0, cold (the first RUNS DAGs a fresh server runs) and, with DAG_WARM > 0,
# warm (RUNS more after DAG_WARM seconds of unmeasured upgrades).
#
#   1. builds this tree's jar and test classes (the load client, ProtocolBench, comes from here
#      for both jars, so the comparison is of the servers);
#   2. for each round and each jar (this tree's, then ANCHOR_JAR's when set): starts it through
#      bin/obshell-emulator (its JVM options and its class data sharing archive, made once per
#      jar first, in a cache of this run), gives it WARM seconds of load that leaves the DAG code
#      cold, as compare.sh does before its DAGs (GET /api/v1/info with wrk, then encrypted
#      upgrades refused at the version check), then runs ProtocolBench dags RUNS 1 DAG_WARM;
#   3. prints ProtocolBench's cold (and warm) line per run, with the CPU the server and the
#      client used over the cold DAGs (from /proc, user + system), and the cold phases before
#      them: launcher start to the first answer (ms, and the server's CPU by then), the first
#      WARM/2 s of /info (wrk req/s) and the refused upgrades after it (req/s, the client's
#      own RSA included).
# The jars alternate which goes first from round to round. THIS_JAVA_OPTS and ANCHOR_JAVA_OPTS are
# JVM options for that side's server (the launcher's JAVA_OPTS, after its own); with ANCHOR_JAR
# set to this tree's jar they compare two settings of one jar.
#
# Usage: bench/dag-cold.sh   (env: ROUNDS=3 RUNS=100 WARM=20 DAG_WARM=0 ANCHOR_JAR=<a server jar>
#                            THIS_JAVA_OPTS=... ANCHOR_JAVA_OPTS=...)
# Needs: a JDK 17+, python3, curl, wrk.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
RUNS=${RUNS:-100}
WARM=${WARM:-20}
DAG_WARM=${DAG_WARM:-0}
PASSWORD=bench-pwd

source bench/lib.sh
bench_build
JAR=$(realpath "$JAR")
JARS=("$JAR")
if [[ -n ${ANCHOR_JAR:-} ]]; then
  JARS+=("$(realpath "$ANCHOR_JAR")")
fi

# Each jar its own archive: the launcher keys its cache by jar, Java and options.
export OBSHELL_EMULATOR_CACHE="$WORK/cache"
bench_prepare "${JARS[@]}"

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
TICK_MS=$((1000 / $(getconf CLK_TCK)))

run() {  # jar, label, JVM options
  local jar=$1 label=$2 launcher jvm client line cold="" warm="" s0=0 c0=0 s1=0 c1=0 t0 t1 waited=0
  local start start_cpu info_rps=- rejected_rps=-
  bench_port
  t0=$(date +%s%N)
  OBSHELL_EMULATOR_JAR="$jar" JAVA_OPTS="$3" bin/obshell-emulator --server.port="$PORT" --obshell.data-dir="$WORK/data-$RANDOM" \
    --obshell.agent.password="$PASSWORD" --obshell.emulator.stage-delay=0ms >/dev/null 2>"$WORK/server.log" &
  launcher=$!
  BENCH_CLEANUP+=("$launcher")
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/v1/info"; do
    # Never hold the bench lock for a server that does not come up.
    if ((++waited > 6000)) || ! kill -0 "$launcher" 2>/dev/null; then
      echo "$label: no answer from the server within 60 s" >&2
      cat "$WORK/server.log" >&2
      exit 1
    fi
    sleep 0.01
  done
  t1=$(date +%s%N)
  jvm=$(pgrep -P "$launcher" -x java | head -1)
  start="start_ms=$(((t1 - t0) / 1000000)) start_cpu_ms=$(($(cpu_ticks "$jvm") * TICK_MS))"
  if ((WARM > 0)); then
    info_rps=$(wrk -t2 -c16 -d"$((WARM / 2))s" "http://127.0.0.1:$PORT/api/v1/info" | awk '/^Requests\/sec:/ { printf "%.0f", $2 }')
    rejected_rps=$(java -cp "$CP" io.obshell.emulator.bench.ProtocolBench "http://127.0.0.1:$PORT" "$PASSWORD" \
      rejected 2 "$((WARM - WARM / 2))" | sed -n 's/.*requests_per_second=\([0-9]*\).*/\1/p')
  fi
  coproc DAGS { exec java -cp "$CP" io.obshell.emulator.bench.ProtocolBench "http://127.0.0.1:$PORT" "$PASSWORD" \
    dags "$RUNS" 1 "$DAG_WARM"; }
  client=$DAGS_PID
  while read -r line <&"${DAGS[0]}"; do
    case $line in
      "packages uploaded, upgrading") s0=$(cpu_ticks "$jvm"); c0=$(cpu_ticks "$client") ;;
      "cold "*) s1=$(cpu_ticks "$jvm"); c1=$(cpu_ticks "$client"); cold=$line ;;
      "warm "*) warm=$line ;;
    esac
  done
  wait "$client" 2>/dev/null || true
  kill "$launcher" 2>/dev/null || true
  wait "$launcher" 2>/dev/null || true
  echo "$label $cold server_cpu_ms=$(((s1 - s0) * TICK_MS)) client_cpu_ms=$(((c1 - c0) * TICK_MS)) $start cold_info_rps=$info_rps cold_rejected_rps=$rejected_rps"
  if [[ -n $warm ]]; then
    echo "$label $warm"
  fi
}

echo "== $ROUNDS rounds of $RUNS DAGs per jar, after ${WARM} s of /info and refused upgrades$( ((DAG_WARM > 0)) && echo ", warm after ${DAG_WARM} s of upgrades")"
for ((round = 1; round <= ROUNDS; round++)); do
  if [[ -z ${ANCHOR_JAR:-} ]]; then
    run "$JAR" this "${THIS_JAVA_OPTS:-}"
  elif ((round % 2)); then
    run "$JAR" this "${THIS_JAVA_OPTS:-}"; run "${JARS[1]}" anchor "${ANCHOR_JAVA_OPTS:-}"
  else
    run "${JARS[1]}" anchor "${ANCHOR_JAVA_OPTS:-}"; run "$JAR" this "${THIS_JAVA_OPTS:-}"
  fi
done
