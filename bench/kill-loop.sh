#!/usr/bin/env bash
# Crash safety: SIGKILL the emulator at random moments, N times, and check after each kill.
#
#   1. builds the jar and the test classes;
#   2. runs io.obshell.emulator.bench.KillLoopBench (src/test): it starts the jar on one data
#      directory (-Xmx256m, stage delay 30 ms), drives uploads (256 KB RPMs), upgrade DAGs with
#      faults armed now and then, operators on failed DAGs and resets from three threads, and
#      SIGKILLs the server after 0.2-2 s. While it is down it checks the database (integrity_check,
#      the maintenance lock against the unfinished maintenance DAGs, every DAG whole, a FAILED
#      DAG has a FAILED node, at most one package without content (the upload whose row had
#      committed and whose chunks, in their own file, had not), every package acknowledged with
#      no reset overlapping its upload or sent since still there); after the restart, that every
#      unfinished DAG that had not failed resumes and ends. A kill after which anything is wrong is a loss.
#   3. prints one line per kill (what was in flight: dag-running, upload, upgrade, operator,
#      reset) and "kills=N losses=L"; exits 1 if there was a loss.
#
# Usage: bench/kill-loop.sh   (env: KILLS=100, SEED=<number> to replay a run)
set -euo pipefail
cd "$(dirname "$0")/.."

KILLS=${KILLS:-100}
source bench/lib.sh
bench_build
echo "== $KILLS kills, work dir $WORK"
java -cp "$CP" io.obshell.emulator.bench.KillLoopBench "$JAR" "$WORK" "$KILLS" ${SEED:+"$SEED"}
