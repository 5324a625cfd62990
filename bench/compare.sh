#!/usr/bin/env bash
# The emulator against WireMock standalone with static stubs (what a user would otherwise pick to
# fake obshell), in one run on this machine, figure by figure, with ratios (issue 11's table).
#
#   1. builds the jar and the test classes; fetches WireMock standalone from Maven Central with
#      the Maven wrapper (bench-only, never part of the project) into the local repository;
#   2. start → first answer: each process started STARTS times, interleaved, with a fresh data
#      directory, timed from fork to the first 200 from GET /api/v1/info (curl every 10 ms);
#   3. GET /api/v1/info with wrk -t2 -c16: the first COLD seconds (cold), then after WARM seconds
#      of warm-up in all, MEASURE seconds (warm); WireMock answers a static stub;
#   4. distinct encrypted POST /api/v1/obproxy/upgrade refused at the version check (400, three
#      RSA-1024 blocks in each header), pre-made by EncryptedRequests so the load client does no
#      RSA, sent by wrk -t2 -c16 cold and warm as above; RSS sampled every 0.5 s during the warm
#      part; WireMock gets the same requests on a static 400 stub; then what RSA decryption alone
#      allows here (RsaLimit: 2 threads, the provider the server picks);
#   5. RUNS upgrade DAGs back to back at stage delay 0 (ProtocolBench dags), cold (the first DAGs
#      this server runs), then after WARM seconds of unmeasured upgrades, RUNS more (warm);
#   6. a SIZE_MB package upload to a fresh emulator at -Xmx256m (UploadBench), heap by jstat
#      (young + old used) while the upload ran (after a full GC just before it), and over the whole run.
# The emulator runs through its launcher (bin/obshell-emulator) with the launcher's JVM options
# and class data sharing archive (an AOT cache on Java 25 and later), which is made first (its one-time cost is printed).
#
# Usage: bench/compare.sh   (env: STARTS=3 COLD=10 WARM=30 MEASURE=15 RUNS=100 SIZE_MB=100
#                            WIREMOCK_VERSION=3.13.2 ENC_REQUESTS=150000)
#        JAVA_HOME, when set, is the Java of everything: both servers, the build and the tools.
# Needs: a JDK 17+ (jstat), python3, curl, wrk (installed with apt-get when missing and root).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -n ${JAVA_HOME:-} ]] && export PATH="$JAVA_HOME/bin:$PATH"

STARTS=${STARTS:-3}
COLD=${COLD:-10}
WARM=${WARM:-30}
MEASURE=${MEASURE:-15}
RUNS=${RUNS:-100}
SIZE_MB=${SIZE_MB:-100}
WIREMOCK_VERSION=${WIREMOCK_VERSION:-3.13.2}
ENC_REQUESTS=${ENC_REQUESTS:-150000}
PASSWORD=bench-pwd
UPGRADE_BODY='{"version":"4.3.2.0","release":"26.el7"}'

if ! command -v wrk >/dev/null; then
  if [[ $(id -u) -eq 0 ]]; then
    apt-get install -y -qq wrk >/dev/null || { apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null; }
  else
    echo "wrk is missing: apt-get install wrk" >&2; exit 2
  fi
fi

source bench/lib.sh
bench_build
CP="$CP"
JAR=$(realpath "$JAR")

echo "== fetching WireMock $WIREMOCK_VERSION (bench only)"
./mvnw -q -B -N dependency:copy -Dartifact="org.wiremock:wiremock-standalone:$WIREMOCK_VERSION" \
  -DoutputDirectory="$WORK/wiremock" >/dev/null
WM_JAR=$(ls "$WORK"/wiremock/wiremock-standalone-*.jar)

# Static stubs for the two routes, answered as the emulator would (bodies of the same size).
mkdir -p "$WORK/wm/mappings"
cat >"$WORK/wm/mappings/info.json" <<'JSON'
{"request": {"method": "GET", "url": "/api/v1/info"},
 "response": {"status": 200, "headers": {"Content-Type": "application/json"},
  "body": "{\"successful\":true,\"timestamp\":\"2026-12-01T10:00:00.000000000Z\",\"duration\":0,\"status\":200,\"traceId\":\"0123456789abcdef\",\"data\":{\"pid\":12345,\"state\":2,\"startAt\":1764583200,\"homePath\":\"/home/admin/obproxy\",\"obVersion\":\"\",\"architecture\":\"x86_64\",\"ip\":\"127.0.0.1\",\"port\":2886,\"zone\":\"\",\"identity\":\"SINGLE\",\"version\":\"4.5.0.0\",\"isObproxyAgent\":true,\"security\":true,\"supportedAuth\":[\"v2\"]}}"}}
JSON
cat >"$WORK/wm/mappings/upgrade.json" <<'JSON'
{"request": {"method": "POST", "url": "/api/v1/obproxy/upgrade"},
 "response": {"status": 400, "headers": {"Content-Type": "application/json"},
  "body": "{\"successful\":false,\"timestamp\":\"2026-12-01T10:00:00.000000000Z\",\"duration\":0,\"status\":400,\"traceId\":\"0123456789abcdef\",\"data\":null,\"error\":{\"code\":0,\"errCode\":\"OBProxy.UpgradeToLowerVersion\",\"message\":\"obproxy can not upgrade to lower version 4.3.2.0-26, current version is 4.3.2.0-26\"}}"}}
JSON

# The emulator is started as users start it: bin/obshell-emulator (its JVM options, its class
# data sharing archive, made here once for this jar before anything is timed).
echo "emulator JVM options: $(grep '^JVM_OPTIONS=' bin/obshell-emulator)"
T0=$(date +%s%N)
OBSHELL_EMULATOR_JAR="$JAR" OBSHELL_EMULATOR_CDS=prepare bin/obshell-emulator --server.port=0 >/dev/null
echo "cds_archive_prepared_ms=$(( ($(date +%s%N) - T0) / 1000000 )) (once per jar and Java)"

start_wiremock() {  # port
  java -jar "$WM_JAR" --port "$1" --bind-address 127.0.0.1 --root-dir "$WORK/wm" --disable-banner \
    --max-request-journal-entries 1000 >"$WORK/wiremock.log" 2>&1 &
  PID=$!
}
EMU_ARGS=(--obshell.agent.password="$PASSWORD" --obshell.emulator.stage-delay=0ms)
start_emulator() {  # port, data dir, extra JVM options...
  local port=$1 data=$2; shift 2
  OBSHELL_EMULATOR_JAR="$JAR" JAVA_OPTS="$*" bin/obshell-emulator --server.port="$port" --obshell.data-dir="$data" \
    "${EMU_ARGS[@]}" >/dev/null 2>"$WORK/emulator.log" &
  PID=$!
}
# The JVM of the process started last (the launcher's child for the emulator).
jvm_pid() {
  local child
  child=$(pgrep -P "$PID" -x java | head -1)
  echo "${child:-$PID}"
}

# Prints milliseconds from fork to the first 200 from /api/v1/info.
time_start() {  # kind
  bench_port
  local t0 t1
  t0=$(date +%s%N)
  if [[ $1 == wiremock ]]; then start_wiremock "$PORT"; else start_emulator "$PORT" "$WORK/start-data-$RANDOM"; fi
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/v1/info"; do sleep 0.01; done
  t1=$(date +%s%N)
  stop
  echo $(( (t1 - t0) / 1000000 ))
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "== start → first answer, $STARTS times each, interleaved"
: >"$WORK/start.wiremock"; : >"$WORK/start.emulator"
for ((i = 0; i < STARTS; i++)); do
  time_start wiremock >>"$WORK/start.wiremock"
  time_start emulator >>"$WORK/start.emulator"
done
START_WM=$(median <"$WORK/start.wiremock")
START_EMU=$(median <"$WORK/start.emulator")
echo "wiremock_start_ms=$(paste -sd, "$WORK/start.wiremock") emulator_start_ms=$(paste -sd, "$WORK/start.emulator")"

# wrk's Requests/sec for the given arguments.
wrk_rps() { wrk "$@" | tee -a "$WORK/wrk.log" | awk '/^Requests\/sec:/ { printf "%.0f", $2 }'; }

# Sets INFO_COLD INFO_WARM for the server at $PORT.
info_load() {
  local url="http://127.0.0.1:$PORT/api/v1/info"
  INFO_COLD=$(wrk_rps -t2 -c16 -d"${COLD}s" "$url")
  wrk -t2 -c16 -d"$((WARM - COLD))s" "$url" >/dev/null
  INFO_WARM=$(wrk_rps -t2 -c16 -d"${MEASURE}s" "$url")
}

# Sets ENC_COLD ENC_WARM RSS_MB for the server $PID at $PORT.
encrypted_load() {
  local url="http://127.0.0.1:$PORT" args=(-- "$WORK/requests.txt" POST /api/v1/obproxy/upgrade 400 2)
  ENC_COLD=$(wrk_rps -t2 -c16 -d"${COLD}s" -s bench/wrk/requests.lua "$url" "${args[@]}")
  wrk -t2 -c16 -d"$((WARM - COLD))s" -s bench/wrk/requests.lua "$url" "${args[@]}" >/dev/null
  local jvm
  jvm=$(jvm_pid)
  ( while kill -0 "$jvm" 2>/dev/null; do awk '/^VmRSS:/ { print $2 }' "/proc/$jvm/status"; sleep 0.5; done ) \
    >"$WORK/rss.samples" 2>/dev/null &
  local sampler=$!
  ENC_WARM=$(wrk_rps -t2 -c16 -d"${MEASURE}s" -s bench/wrk/requests.lua "$url" "${args[@]}")
  kill "$sampler" 2>/dev/null || true
  RSS_MB=$(sort -n "$WORK/rss.samples" | tail -1 | awk '{ printf "%.0f", $1 / 1024 }')
  grep -h '^distinct_requests' "$WORK/wrk.log" | tail -1
  if grep -q 'unexpected_status=[1-9]' "$WORK/wrk.log"; then
    echo "some encrypted requests got an unexpected status" >&2; exit 1
  fi
}

echo "== emulator: distinct encrypted requests ($ENC_REQUESTS), /info and the refused upgrade"
bench_port
start_emulator "$PORT" "$WORK/data"
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/v1/info"; do sleep 0.05; done
java -cp "$CP" io.obshell.emulator.bench.EncryptedRequests "http://127.0.0.1:$PORT" "$PASSWORD" \
  /api/v1/obproxy/upgrade "$UPGRADE_BODY" "$ENC_REQUESTS" "$WORK/requests.txt"
# The requests are made while the emulator idles; it has answered only the key and a few polls.
info_load; E_INFO_COLD=$INFO_COLD; E_INFO_WARM=$INFO_WARM
echo "emulator info cold=$E_INFO_COLD warm=$E_INFO_WARM"
encrypted_load; E_ENC_COLD=$ENC_COLD; E_ENC_WARM=$ENC_WARM; E_RSS=$RSS_MB
echo "emulator encrypted cold=$E_ENC_COLD warm=$E_ENC_WARM rss_mb=$E_RSS"

echo "== DAGs: $RUNS upgrades back to back, stage delay 0: cold, then ${WARM} s of unmeasured upgrades, then warm"
DAGS=$(java -cp "$CP" io.obshell.emulator.bench.ProtocolBench "http://127.0.0.1:$PORT" "$PASSWORD" dags "$RUNS" 1 "$WARM" \
  | grep -E '^(cold|warm) ')
echo "$DAGS"
stop

echo "== WireMock: /info and the refused upgrade on static stubs"
bench_port
start_wiremock "$PORT"
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/v1/info"; do sleep 0.05; done
info_load; W_INFO_COLD=$INFO_COLD; W_INFO_WARM=$INFO_WARM
echo "wiremock info cold=$W_INFO_COLD warm=$W_INFO_WARM"
encrypted_load; W_ENC_COLD=$ENC_COLD; W_ENC_WARM=$ENC_WARM; W_RSS=$RSS_MB
echo "wiremock upgrade stub cold=$W_ENC_COLD warm=$W_ENC_WARM rss_mb=$W_RSS"
stop

echo "== RSA decryption alone (2 threads, nothing else running): the server's provider, then the JDK's"
RSA=$(java -cp "$CP" io.obshell.emulator.bench.RsaLimit 2 10 "$MEASURE" | tail -1)
echo "$RSA"
RSA_RPS=$(sed -n 's/.*rsa_requests_per_s=\([0-9]*\).*/\1/p' <<<"$RSA")
RSA_PROVIDER=$(sed -n 's/.*rsa_provider=\([^ ]*\).*/\1/p' <<<"$RSA")
RSA_JDK=$(java -Dobshell.emulator.native-rsa=false -cp "$CP" io.obshell.emulator.bench.RsaLimit 2 10 "$MEASURE" | tail -1)
echo "$RSA_JDK"
RSA_JDK_RPS=$(sed -n 's/.*rsa_requests_per_s=\([0-9]*\).*/\1/p' <<<"$RSA_JDK")

echo "== upload: ${SIZE_MB} MB package at -Xmx256m"
RPM=$(java -Xmx512m -cp "$CP" io.obshell.emulator.pkg.UploadBench build "$WORK/rpm" "$SIZE_MB" | tail -1)
bench_port
EMU_ARGS=()  # UploadBench sets the agent password itself
start_emulator "$PORT" "$WORK/upload-data" -Xmx256m
# The launcher checks its jar before it starts Java: wait for the JVM, whose pid jcmd needs below.
until pgrep -P "$PID" -x java >/dev/null; do sleep 0.1; done
(
  until jstat -gc "$(jvm_pid)" >/dev/null 2>&1; do sleep 0.2; done
  heap_sampler "$(jvm_pid)"
) >"$WORK/heap.samples" &
HEAP_SAMPLER=$!
BENCH_CLEANUP+=("$HEAP_SAMPLER")
UPLOAD=$(java -Xmx2g -cp "$CP" io.obshell.emulator.pkg.UploadBench upload "http://127.0.0.1:$PORT" "$RPM" 'Bench#Pwd1' \
  jcmd "$(jvm_pid)" GC.run \
  | grep -v '^reply=')
kill "$HEAP_SAMPLER" 2>/dev/null || true
UPLOAD_MBS=$(sed -n 's/^upload_mb_per_s=//p' <<<"$UPLOAD")
EXCHANGE_MBS=$(sed -n 's/^exchange_mb_per_s=//p' <<<"$UPLOAD")
PEAK_HEAP=$(heap_peak_mb "$WORK/heap.samples")
# Start-up's garbage counts in the whole run's peak; the upload's own peak is taken while it ran,
# after the full GC UploadBench has jcmd make just before it.
UPLOAD_HEAP=$(heap_peak_mb "$WORK/heap.samples" "$(sed -n 's/^upload_started_ms=//p' <<<"$UPLOAD")" \
  "$(sed -n 's/^upload_ended_ms=//p' <<<"$UPLOAD")")
stop

dag_figure() {  # cold|warm, field
  grep "^$1 " <<<"$DAGS" | sed -n "s/.* $2=\([0-9.]*\).*/\1/p"
}
DAG_RATE_COLD=$(dag_figure cold dags_per_second); DAG_MEDIAN_COLD=$(dag_figure cold median_ms)
DAG_RATE_WARM=$(dag_figure warm dags_per_second); DAG_MEDIAN_WARM=$(dag_figure warm median_ms)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "—" }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f %%", 100 * a / b; else print "—" }'; }

echo
echo "== results (cold = first ${COLD} s, warm = ${MEASURE} s after ${WARM} s of warm-up; $(nproc) cores; $(java -version 2>&1 | head -1))"
echo "| figure | WireMock | emulator | ratio | goal |"
echo "| --- | --- | --- | --- | --- |"
echo "| process start → first answer (median of $STARTS) | ${START_WM} ms | ${START_EMU} ms | $(ratio "$START_EMU" "$START_WM") | ≤ 1.0× |"
echo "| \`GET /api/v1/info\` req/s, cold | $W_INFO_COLD | $E_INFO_COLD | $(ratio "$E_INFO_COLD" "$W_INFO_COLD") | |"
echo "| \`GET /api/v1/info\` req/s, warm | $W_INFO_WARM | $E_INFO_WARM | $(ratio "$E_INFO_WARM" "$W_INFO_WARM") | ≥ 1.0× |"
echo "| encrypted upgrade refused at the version check req/s, cold | ($W_ENC_COLD, static stub) | $E_ENC_COLD | $(pct "$E_ENC_COLD" "$RSA_RPS") of RSA alone | |"
echo "| encrypted upgrade refused at the version check req/s, warm | ($W_ENC_WARM, static stub) | $E_ENC_WARM | $(pct "$E_ENC_WARM" "$RSA_RPS") of RSA alone, $(ratio "$E_ENC_WARM" 3000) of 3,000 | ≥ 3,000 and ≥ 75 % |"
echo "| RSA decryption alone, requests/s (3 blocks, 2 threads) | — | $RSA_RPS ($RSA_PROVIDER); JDK: $RSA_JDK_RPS | | |"
echo "| RSS under that load | ${W_RSS} MB | ${E_RSS} MB | $(ratio "$E_RSS" "$W_RSS") | ≤ 0.5× |"
echo "| upgrade DAGs back to back, stage delay 0, cold (the first $RUNS) | — | ${DAG_RATE_COLD} DAGs/s, median ${DAG_MEDIAN_COLD} ms | $(ratio "$DAG_RATE_COLD" 50) of 50/s | ≥ 50/s, median ≤ 20 ms |"
echo "| upgrade DAGs back to back, stage delay 0, warm ($RUNS after ${WARM} s of upgrades) | — | ${DAG_RATE_WARM} DAGs/s, median ${DAG_MEDIAN_WARM} ms | $(ratio "$DAG_RATE_WARM" 50) of 50/s | ≥ 50/s, median ≤ 20 ms |"
echo "| ${SIZE_MB} MB upload at -Xmx256m | — | ${EXCHANGE_MBS} MB/s sending the encrypted form to the reply (${UPLOAD_MBS} MB/s with the client's own reading and encryption), peak heap ${UPLOAD_HEAP} MB while uploading (${PEAK_HEAP} MB over the run, start-up included) | $(ratio "$EXCHANGE_MBS" 100) of 100 MB/s | ≥ 100 MB/s, heap ≤ 64 MB |"
