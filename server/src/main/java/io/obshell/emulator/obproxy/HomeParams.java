package io.obshell.emulator.obproxy;

import io.obshell.emulator.task.DagParams;

/** Params of a DAG that works on an ODP home: obshell's {@code homePath} context param. */
interface HomeParams extends DagParams {

    String homePath();
}
