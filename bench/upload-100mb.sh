#!/usr/bin/env bash
# Benchmark: upload a ~100 MB obproxy package to the packaged server running with -Xmx256m.
#
# What it does, reproducibly (fixed random seed, no network beyond 127.0.0.1):
#   1. builds the server jar and the test classes (./mvnw package -DskipTests);
#   2. builds obproxy-ce-4.3.3.0-5.el7.x86_64.rpm whose bin/obproxy is SIZE_MB of random,
#      incompressible bytes (xz preset 0), with UploadBench (src/test, Eclipse Packager);
#   3. starts `java -Xmx256m -jar target/obshell-emulator-*.jar` on a free port with a fresh
#      data directory, and samples its heap with `jstat -gc` every 100 ms;
#   4. sets the agent password and uploads the RPM through ObshellClient.upload (multipart
#      body AES-encrypted as the python SDK does; the client JVM gets -Xmx2g because the client
#      holds the whole body, the server must not);
#   5. prints the upload time and MB/s as the client sees them (client-side encryption
#      included) and for the exchange alone (the prepared, encrypted form sent until the
#      reply: the server's part), the server's peak sampled heap use (jstat: young + old used, so garbage not
#      yet collected counts) over the whole run and while the upload ran (after a full GC just
#      before it, so start-up's garbage is not counted), and its heap after a final full GC.
#
# Usage: bench/upload-100mb.sh   (env: SIZE_MB=100 by default, SIZE_MB=20 for a quick run;
#                                 SERVER_XMX=256m by default)
# Needs: a JDK 17+ with jstat/jcmd on PATH. Leaves everything in a temp dir it deletes at exit.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE_MB=${SIZE_MB:-100}
SERVER_XMX=${SERVER_XMX:-256m}
source bench/lib.sh
bench_build

echo "== building a ${SIZE_MB} MB obproxy RPM"
RPM=$(java -Xmx512m -cp "$CP" io.obshell.emulator.pkg.UploadBench build "$WORK/rpm" "$SIZE_MB" | tail -1)
ls -l "$RPM"

bench_port
echo "== starting the server with -Xmx$SERVER_XMX on 127.0.0.1:$PORT"
bench_start -Xmx"$SERVER_XMX" --

heap_sampler "$SERVER_PID" >"$WORK/heap.samples" &
SAMPLER_PID=$!
BENCH_CLEANUP+=("$SAMPLER_PID")

echo "== uploading"
java -Xmx2g -cp "$CP" io.obshell.emulator.pkg.UploadBench upload "http://127.0.0.1:$PORT" "$RPM" 'Bench#Pwd1' \
  jcmd "$SERVER_PID" GC.run \
  | tee "$WORK/upload.out" | grep -v '^reply='
grep '^reply=' "$WORK/upload.out" | cut -c7- | cut -c1-400

sleep 0.5
kill "$SAMPLER_PID" 2>/dev/null || true
echo "heap_samples=$(wc -l <"$WORK/heap.samples")"
# The whole run's peak counts start-up's garbage too; the upload's own is the peak while it ran,
# after the full GC UploadBench has jcmd make just before it.
echo "server_peak_heap_used_mb=$(heap_peak_mb "$WORK/heap.samples")"
echo "server_peak_heap_during_upload_mb=$(heap_peak_mb "$WORK/heap.samples" \
  "$(sed -n 's/^upload_started_ms=//p' "$WORK/upload.out")" "$(sed -n 's/^upload_ended_ms=//p' "$WORK/upload.out")")"
jcmd "$SERVER_PID" GC.run >/dev/null
echo "server_heap_after_full_gc: $(jcmd "$SERVER_PID" GC.heap_info | grep -iE 'garbage-first heap|total' | head -1 | sed 's/^ *//')"

if grep -q OutOfMemoryError "$WORK/server.log"; then
  echo "server ran out of memory"; exit 1
fi
