#!/usr/bin/env bash
# The encrypted figure of bench/compare.sh alone, for two server jars interleaved (A/B) on this
# machine: distinct encrypted POST /api/v1/obproxy/upgrade refused at the version check (400,
# three RSA-1024 blocks each, pre-made by EncryptedRequests), wrk -t2 -c16, WARM seconds of
# warm-up then MEASURE seconds measured; then what RSA decryption alone allows (RsaLimit) in the
# same round, and each jar's figure as a share of it. Servers start through bin/obshell-emulator
# (its JVM options and class data sharing archive, made first for each jar). Also the server's CPU
# per answered request in the measured part (user + system time of its JVM), which other load on
# the machine disturbs far less than req/s, against what RsaLimit's three blocks cost per request.
#
# Usage: bench/encrypted-ab.sh A.jar B.jar   (env: ROUNDS=3 WARM=30 MEASURE=15 ENC_REQUESTS=100000
#                                            NICE=-15: priority of the server, wrk and RsaLimit;
#                                            A_ARGS, B_ARGS: more --key=value for that server;
#                                            A_JAVA_OPTS, B_JAVA_OPTS: JVM options for it, the
#                                            launcher's JAVA_OPTS, after its own)
# The same jar twice with different A_ARGS and B_ARGS (or *_JAVA_OPTS) compares two settings.
# Needs: what bench/compare.sh needs (wrk, python3, curl); root for a negative NICE.
set -euo pipefail
cd "$(dirname "$0")/.."

[[ $# -eq 2 ]] || { echo "usage: $0 A.jar B.jar" >&2; exit 2; }
JARS=("$(realpath "$1")" "$(realpath "$2")")
ROUNDS=${ROUNDS:-3}
WARM=${WARM:-30}
MEASURE=${MEASURE:-15}
ENC_REQUESTS=${ENC_REQUESTS:-100000}
NICE=${NICE:--15}
PASSWORD=bench-pwd
UPGRADE_BODY='{"version":"4.3.2.0","release":"26.el7"}'

source bench/lib.sh
# The test classes only (EncryptedRequests, RsaLimit); the jars under test are given.
./mvnw -q -B -pl server -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="server/target/test-classes:server/target/classes:$(cat "$WORK/cp.txt")"
export OBSHELL_EMULATOR_CACHE="$WORK/cache"
bench_prepare "${JARS[@]}"

run() {  # jar, extra server arguments, JVM options → prints req/s and server CPU µs per request
  local jar=$1 url waited=0
  local extra=()
  read -r -a extra <<<"$2"
  bench_port
  url="http://127.0.0.1:$PORT"
  OBSHELL_EMULATOR_JAR="$jar" JAVA_OPTS="$3" nice -n "$NICE" bin/obshell-emulator --server.port="$PORT" \
    --obshell.data-dir="$WORK/data-$RANDOM" --obshell.agent.password="$PASSWORD" "${extra[@]}" >/dev/null 2>"$WORK/server.log" &
  PID=$!
  until curl -sf -o /dev/null "$url/api/v1/info"; do
    ((waited++ < 1200)) || { echo "no answer after 60 s" >&2; cat "$WORK/server.log" >&2; stop; exit 1; }
    sleep 0.05
  done
  java -cp "$CP" io.obshell.emulator.bench.EncryptedRequests "$url" "$PASSWORD" /api/v1/obproxy/upgrade \
    "$UPGRADE_BODY" "$ENC_REQUESTS" "$WORK/requests.txt" >/dev/null
  local args=(-s bench/wrk/requests.lua "$url" -- "$WORK/requests.txt" POST /api/v1/obproxy/upgrade 400 2)
  nice -n "$NICE" wrk -t2 -c16 -d"${WARM}s" "${args[@]}" >/dev/null
  local jvm ticks0 ticks1
  jvm=$(pgrep -P "$PID" -x java | head -1)
  ticks0=$(awk '{ print $14 + $15 }' "/proc/$jvm/stat")
  nice -n "$NICE" wrk -t2 -c16 -d"${MEASURE}s" "${args[@]}" >"$WORK/wrk.out"
  ticks1=$(awk '{ print $14 + $15 }' "/proc/$jvm/stat")
  stop
  if grep -q 'unexpected_status=[1-9]' "$WORK/wrk.out"; then
    echo "unexpected answers:" >&2; cat "$WORK/wrk.out" >&2; exit 1
  fi
  # "<req/s> <server CPU µs per request>"
  awk -v t=$((ticks1 - ticks0)) -v hz="$(getconf CLK_TCK)" '
    / requests in / { n = $1 } /^Requests\/sec:/ { r = $2 }
    END { printf "%.0f %.0f", r, t * 1e6 / hz / n }' "$WORK/wrk.out"
}

echo "round a_rps b_rps rsa_rps a_pct b_pct b_over_a a_cpu_us b_cpu_us rsa_cpu_us"
for ((round = 1; round <= ROUNDS; round++)); do
  if ((round % 2)); then
    a=$(run "${JARS[0]}" "${A_ARGS:-}" "${A_JAVA_OPTS:-}"); b=$(run "${JARS[1]}" "${B_ARGS:-}" "${B_JAVA_OPTS:-}")
  else
    b=$(run "${JARS[1]}" "${B_ARGS:-}" "${B_JAVA_OPTS:-}"); a=$(run "${JARS[0]}" "${A_ARGS:-}" "${A_JAVA_OPTS:-}")
  fi
  rsa=$(nice -n "$NICE" java -cp "$CP" io.obshell.emulator.bench.RsaLimit 2 10 "$MEASURE" | tail -1 \
    | sed -n 's/.*rsa_requests_per_s=\([0-9]*\).*/\1/p')
  # RsaLimit keeps both cores busy: its CPU per request is 2 s / its requests per second.
  read -r a_rps a_cpu <<<"$a"
  read -r b_rps b_cpu <<<"$b"
  awk -v r="$round" -v a="$a_rps" -v b="$b_rps" -v s="$rsa" -v ac="$a_cpu" -v bc="$b_cpu" \
    'BEGIN { printf "%d %d %d %d %.1f%% %.1f%% %.3f %d %d %.0f\n", r, a, b, s, 100 * a / s, 100 * b / s, b / a, ac, bc, 2e6 / s }'
done
