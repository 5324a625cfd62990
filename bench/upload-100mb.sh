#!/usr/bin/env bash
# Benchmark: upload a ~100 MB obproxy package to a fresh emulator running at -Xmx256m, started
# as users start it (bin/obshell-emulator: its JVM options, Serial GC among them, and its class
# data sharing archive), as bench/compare.sh's upload figure does; several runs, optionally
# interleaved with another server jar (A/B on a shared, noisy machine).
#
# What it does, reproducibly (fixed random seed, no network beyond 127.0.0.1):
#   1. builds the server jar and the test classes (./mvnw package -DskipTests);
#   2. builds obproxy-ce-4.3.3.0-5.el7.x86_64.rpm whose bin/obproxy is SIZE_MB of random,
#      incompressible bytes (xz preset 0), with UploadBench (src/test, Eclipse Packager);
#   3. makes the launcher's class data sharing archive for each jar (once, untimed);
#   4. RUNS times (each jar in turn when BASELINE_JAR is set): starts the launcher with
#      JAVA_OPTS=-Xmx$SERVER_XMX on a free port with a fresh data directory, samples its heap
#      with `jstat -gc` every 100 ms, sets the agent password and uploads the RPM through
#      ObshellClient (multipart body AES-encrypted as the python SDK does; the client JVM gets
#      -Xmx2g because the client holds the whole body, the server must not);
#   5. prints per run the MB/s of the exchange alone (the prepared, encrypted form sent until
#      the reply: the server's part) and as the client sees it (its encryption included), the
#      server's peak sampled heap while the upload ran (young + old used, after a full GC just
#      before it, so garbage not yet collected counts and start-up's does not), and the CPU the
#      server used from that GC to the reply; then the median exchange MB/s of each jar.
#
# Usage: bench/upload-100mb.sh   (env: SIZE_MB=100, RUNS=3, SERVER_XMX=256m,
#                                 BASELINE_JAR=path/to/another/obshell-emulator.jar for A/B,
#                                 THIS_JAVA_OPTS, BASELINE_JAVA_OPTS: more JVM options for that
#                                 jar's server; a copy of this tree's jar as BASELINE_JAR with
#                                 them compares two settings)
# Needs: a JDK 17+ with jstat/jcmd on PATH. Leaves everything in a temp dir it deletes at exit.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE_MB=${SIZE_MB:-100}
RUNS=${RUNS:-3}
SERVER_XMX=${SERVER_XMX:-256m}
source bench/lib.sh
bench_build
JARS=("$(realpath "$JAR")")
[[ -n ${BASELINE_JAR:-} ]] && JARS=("$(realpath "$BASELINE_JAR")" "${JARS[@]}")
jar_options() {  # jar → its extra JVM options
  if [[ -n ${BASELINE_JAR:-} && $1 == "${JARS[0]}" ]]; then echo "${BASELINE_JAVA_OPTS:-}"; else echo "${THIS_JAVA_OPTS:-}"; fi
}

echo "== building a ${SIZE_MB} MB obproxy RPM"
RPM=$(java -Xmx512m -cp "$CP" io.obshell.emulator.pkg.UploadBench build "$WORK/rpm" "$SIZE_MB" | tail -1)
ls -l "$RPM"

echo "emulator JVM options: $(grep '^JVM_OPTIONS=' bin/obshell-emulator) + -Xmx$SERVER_XMX"
bench_prepare "${JARS[@]}"


for ((run = 1; run <= RUNS; run++)); do
  for jar in "${JARS[@]}"; do
    bench_port
    data="$WORK/data-$run-${#jar}-$RANDOM"
    OBSHELL_EMULATOR_JAR="$jar" JAVA_OPTS="-Xmx$SERVER_XMX $(jar_options "$jar")" bin/obshell-emulator --server.port="$PORT" \
      --obshell.data-dir="$data" >/dev/null 2>"$WORK/server.log" &
    PID=$!
    # The launcher checks its jar before it starts Java: wait for the JVM, which jstat and jcmd need.
    until pgrep -P "$PID" -x java >/dev/null; do sleep 0.1; done
    JVM=$(pgrep -P "$PID" -x java | head -1)
    heap_sampler "$JVM" >"$WORK/heap.samples" &
    SAMPLER=$!
    BENCH_CLEANUP+=("$SAMPLER")
    # Just before the upload: a full GC (start-up's garbage is not the upload's), and the CPU
    # the server has used so far (utime + stime, in clock ticks).
    printf 'jcmd %s GC.run >/dev/null\nawk %q /proc/%s/stat >%q\n' "$JVM" '{ print $14 + $15 }' "$JVM" "$WORK/cpu.before" \
      >"$WORK/before.sh"
    java -Xmx2g -cp "$CP" io.obshell.emulator.pkg.UploadBench upload "http://127.0.0.1:$PORT" "$RPM" 'Bench#Pwd1' \
      bash "$WORK/before.sh" >"$WORK/upload.out"
    CPU_MS=$(( ($(awk '{ print $14 + $15 }' "/proc/$JVM/stat") - $(cat "$WORK/cpu.before")) * 1000 / $(getconf CLK_TCK) ))
    kill "$SAMPLER" 2>/dev/null || true
    if grep -q OutOfMemoryError "$WORK/server.log"; then
      echo "server ran out of memory"; exit 1
    fi
    EXCHANGE=$(sed -n 's/^exchange_mb_per_s=//p' "$WORK/upload.out")
    echo "$jar $EXCHANGE" >>"$WORK/results"
    echo "run=$run jar=${jar#"$PWD"/} exchange_mb_per_s=$EXCHANGE" \
      "upload_mb_per_s=$(sed -n 's/^upload_mb_per_s=//p' "$WORK/upload.out")" \
      "server_peak_heap_during_upload_mb=$(heap_peak_mb "$WORK/heap.samples" \
        "$(sed -n 's/^upload_started_ms=//p' "$WORK/upload.out")" "$(sed -n 's/^upload_ended_ms=//p' "$WORK/upload.out")")" \
      "server_cpu_ms=$CPU_MS chunk_count=$(sed -n 's/^chunk_count=//p' "$WORK/upload.out")"
    stop
  done
done

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for jar in "${JARS[@]}"; do
  echo "median exchange_mb_per_s=$(awk -v j="$jar" '$1 == j { print $2 }' "$WORK/results" | median) jar=${jar#"$PWD"/}"
done
