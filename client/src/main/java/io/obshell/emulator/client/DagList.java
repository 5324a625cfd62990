package io.obshell.emulator.client;

import java.util.List;

/** {@code GET /__emulator/dags}: the newest DAGs, newest first, and how many the emulator has in all. */
public record DagList(int total, List<Dag> dags) {
}
