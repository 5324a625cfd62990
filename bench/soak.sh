#!/usr/bin/env bash
# Soak: mixed load for a chosen time, watching the server's footprint.
#
#   1. builds the jar and the test classes;
#   2. starts the jar (-Xmx256m, a configured agent password, stage delay 10 ms) with a fresh
#      data directory;
#   3. runs io.obshell.emulator.bench.SoakBench (src/test) against it: three threads of reads
#      (/api/v1/info, /time, /status, signed DAG lists), one of control-plane reads (journal,
#      pacing, health, ODP), one of upgrade cycles (upload, upgrade polled to SUCCEED, a fault
#      and a RETRY one cycle in three, a reset every eight cycles);
#   4. prints every INTERVAL seconds: requests and errors so far, heap used after a full GC
#      (jcmd GC.run, then jstat), RSS, open descriptors and threads of the server; an error is
#      any answer other than the one the call expects, or none.
#
# Usage: bench/soak.sh   (env: DURATION=600 seconds, INTERVAL=30 seconds)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-600}
INTERVAL=${INTERVAL:-30}
source bench/lib.sh
bench_build
bench_port
BASE="http://127.0.0.1:$PORT"
# The password through the environment, as the README recommends (never on the command line).
OBSHELL_AGENT_PASSWORD=bench-pwd bench_start -Xmx256m -- --obshell.emulator.stage-delay=10ms --logging.level.root=WARN
until curl -sf "$BASE/api/v1/info" >/dev/null 2>&1; do sleep 0.1; done
echo "== soak for ${DURATION}s against $BASE (pid $SERVER_PID)"
java -cp "$CP" io.obshell.emulator.bench.SoakBench "$BASE" bench-pwd "$SERVER_PID" "$DURATION" "$INTERVAL" "$WORK"
