# Shared by the bench scripts (sourced, not run): a work dir removed at exit, the jar and the
# test classpath, a free port, and the server started from the jar and stopped at exit.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/obshell-bench.XXXXXX")
SERVER_PID=""
BENCH_CLEANUP=()
bench_cleanup() {
  for pid in "${BENCH_CLEANUP[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [[ -n "$SERVER_PID" ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap 'stop; bench_cleanup' EXIT

# Sets JAR and CP (test classes, main classes, every dependency).
bench_build() {
  echo "== building jar and test classes"
  ./mvnw -q -B -pl server -am package dependency:build-classpath -DskipTests -Dmdep.includeScope=test \
    -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
  CP="server/target/test-classes:server/target/classes:$(cat "$WORK/cp.txt")"
  JAR=$(ls server/target/obshell-emulator-*.jar | grep -v original | head -1)
}

# Makes the launcher's start archive for each jar given (in OBSHELL_EMULATOR_CACHE), before
# anything is timed.
bench_prepare() {  # jar...
  local jar
  for jar in "$@"; do
    OBSHELL_EMULATOR_JAR="$jar" OBSHELL_EMULATOR_CDS=prepare bin/obshell-emulator --server.port=0 >/dev/null
  done
}

# Stops the process a script started last through the launcher, whose pid it keeps in PID.
PID=""
stop() {
  [[ -n $PID ]] || return 0
  kill "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  PID=""
}

# Sets PORT to a free port on 127.0.0.1.
bench_port() {
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
}

# Starts the jar in the background with the given JVM options, then "--", then app arguments.
bench_start() {
  local jvm=()
  while [[ $# -gt 0 && "$1" != "--" ]]; do jvm+=("$1"); shift; done
  shift
  # As a supervisor runs it: a heap exhausted once ends the process instead of leaving it half-alive.
  java -XX:+ExitOnOutOfMemoryError "${jvm[@]}" -jar "$JAR" --server.port="$PORT" --obshell.data-dir="$WORK/data" "$@" >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
}

# Samples a JVM's heap every 100 ms until it exits: one line per sample, "<epoch µs> <used KB>"
# (survivors + eden + old, as jstat -gc reports them: garbage not yet collected included). The
# columns are picked in bash, not awk: mawk reads a pipe in blocks, which would stamp samples
# seconds late and in bursts.
heap_sampler() {  # pid
  until jstat -gc "$1" >/dev/null 2>&1; do sleep 0.2; done
  jstat -gc "$1" 100 2>/dev/null | {
    local -a cols
    local i s0=0 s1=0 eden=0 old=0
    while read -r -a cols; do
      if [[ ${cols[0]} == S0C ]]; then
        for i in "${!cols[@]}"; do
          case ${cols[i]} in S0U) s0=$i ;; S1U) s1=$i ;; EU) eden=$i ;; OU) old=$i ;; esac
        done
        continue
      fi
      echo "${EPOCHREALTIME/./} $(( ${cols[s0]%.*} + ${cols[s1]%.*} + ${cols[eden]%.*} + ${cols[old]%.*} ))"
    done
  }
}

# The highest sample in MB, of all (no window) or of those between two epoch milliseconds.
heap_peak_mb() {  # samples file, [from ms, to ms]
  awk -v from="${2:-0}" -v to="${3:-0}" '
    to == 0 || ($1 / 1000 >= from && $1 / 1000 <= to) { if ($2 > max) max = $2 }
    END { printf "%.0f", max / 1024 }' "$1"
}
