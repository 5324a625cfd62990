package io.obshell.emulator.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * The emulator's control plane ({@code /__emulator}), typed: faults, pacing and single steps,
 * the ODP's state, the OceanBase cluster, the DAGs and their operators, the agent, the catalog of
 * DAGs and tasks, reset, the request journal, health. Every call is one HTTP request; a
 * problem detail the emulator answers becomes an {@link EmulatorControlException} (or one of
 * its subclasses) whose message is the problem's detail.
 *
 * <pre>{@code
 * EmulatorControl control = EmulatorControl.connect(URI.create("http://127.0.0.1:2886"));
 * control.reset();
 * control.armFault(Fault.on("Hot restart obproxy").times(1).errCode("OBProxy.HotRestartFailed"));
 * control.pause();
 * }</pre>
 */
public interface EmulatorControl {

    /** The control plane of the emulator at {@code base}, with no control token. */
    static EmulatorControl connect(URI base) {
        return new HttpEmulatorControl(base, null);
    }

    /**
     * The control plane of the emulator at {@code base}, sending {@code Authorization: Bearer token}
     * (the emulator's {@code obshell.emulator.control.token}); a null token sends none.
     */
    static EmulatorControl connect(URI base, String token) {
        return new HttpEmulatorControl(base, token);
    }

    /** The emulator's base URL, e.g. {@code http://127.0.0.1:2886}. */
    URI baseUri();

    /** {@code GET /__emulator/health}. */
    Health health();

    /** {@code POST /__emulator/reset}: back to the configured initial state, keeping the RSA key pair. */
    default ResetResult reset() {
        return reset(false);
    }

    /** {@code POST /__emulator/reset?keys=true} when {@code newKeys}: a new RSA key pair too. */
    ResetResult reset(boolean newKeys);

    /** {@code POST /__emulator/faults}: arms a rule; the answer carries its {@code id}. */
    FaultRule armFault(Fault fault);

    /** {@code GET /__emulator/faults}: the armed rules, in the order they are tried. */
    List<FaultRule> faults();

    /** {@code GET /__emulator/faults/{id}}; {@link ControlNotFoundException} when there is none. */
    FaultRule fault(String id);

    /** {@code DELETE /__emulator/faults/{id}}; {@link ControlNotFoundException} when there is none. */
    void removeFault(String id);

    /** {@code DELETE /__emulator/faults}. */
    void clearFaults();

    /** {@code GET /__emulator/pacing}. */
    Pacing pacing();

    /** {@code PUT /__emulator/pacing}: fields left null keep their value. */
    Pacing updatePacing(PacingUpdate update);

    /** No DAG moves until {@link #step()} or {@link #resume()}. */
    default Pacing pause() {
        return updatePacing(PacingUpdate.paused(true));
    }

    default Pacing resume() {
        return updatePacing(PacingUpdate.paused(false));
    }

    /** How long each task stays RUNNING; {@link Duration#ZERO} runs DAGs as fast as possible. */
    default Pacing stageDelay(Duration delay) {
        return updatePacing(PacingUpdate.stageDelay(delay));
    }

    /** Per-task delays by task name; replaces every earlier override. */
    default Pacing taskDelays(Map<String, Duration> delays) {
        return updatePacing(PacingUpdate.taskDelays(delays));
    }

    /** {@code POST /__emulator/pacing/step}: while paused, one DAG takes one step ({@link ControlConflictException} when not paused). */
    void step();

    /** {@code GET /__emulator/obproxy}: the emulated ODP. */
    ObproxyState obproxy();

    /** {@code PUT /__emulator/obproxy}: fields left null keep their value. */
    ObproxyState updateObproxy(ObproxyUpdate update);

    /** {@code GET /__emulator/requests}: the journal of {@code /api/v1} requests, newest first. */
    default List<JournalEntry> requests() {
        return requests(JournalQuery.all());
    }

    /** {@code GET /__emulator/requests?limit=&path=&status=}. */
    List<JournalEntry> requests(JournalQuery query);

    /** {@code DELETE /__emulator/requests}. */
    void clearRequests();

    /** {@code GET /__emulator/cluster}: the OceanBase cluster behind an added ODP's {@code rs_list}. */
    Cluster cluster();

    /** {@code PUT /__emulator/cluster}: fields left null keep their value. */
    Cluster updateCluster(ClusterUpdate update);

    /** {@code GET /__emulator/dags}: the 50 newest DAGs, newest first. */
    DagList dags();

    /** {@code GET /__emulator/dags?limit=}: the {@code limit} (1..1000) newest DAGs, newest first. */
    DagList dags(int limit);

    /**
     * {@code GET /__emulator/dags/{id}}: one DAG by its generic ID, with its nodes, logs and the
     * operators obshell would accept now. An unknown ID is a {@link ControlNotFoundException} and a
     * malformed one a {@link ControlBadRequestException}, with obshell's {@link
     * EmulatorControlException#errCode() errCode} ({@code Task.NotFound}, {@code Task.GenericID.Invalid}).
     */
    DagDetail dag(String id);

    /**
     * {@code POST /__emulator/dags/{id}/operator}: what {@code POST /api/v1/task/dag/{id}} does,
     * without the agent password; answers the DAG after the change. A refusal carries obshell's
     * status, message and {@link EmulatorControlException#errCode() errCode}.
     */
    DagDetail operateDag(String id, DagOperator operator);

    /** {@code GET /__emulator/agent}: the agent's identity, whether it has a password, who holds its lock. */
    AgentState agent();

    /** {@code GET /__emulator/catalog}: the DAGs the emulator can run and their tasks in stage order. */
    List<CatalogDag> catalog();

    /**
     * Any control route as plain JSON, for routes this interface does not type yet: {@code body}
     * (JSON text, may be null) is sent as {@code application/json}; the answer's JSON, or null when
     * it has none. Problem details throw as in the typed calls.
     */
    JsonNode call(String method, String path, String body);
}
