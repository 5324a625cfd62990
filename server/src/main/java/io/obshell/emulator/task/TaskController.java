package io.obshell.emulator.task;

import java.util.List;

import io.obshell.emulator.agent.AgentIdentity;
import io.obshell.emulator.api.ApiBody;
import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;
import io.obshell.emulator.api.GoJson;
import io.obshell.emulator.api.GoStruct;
import io.obshell.emulator.api.NoData;
import io.obshell.emulator.secure.RouteType;
import io.obshell.emulator.secure.Verify;
import org.springframework.web.bind.annotation.GetMapping;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The task routes a client polls (dag-engine.md §3); IDs starting 4/5 need the agent password. */
@RestController
@RequestMapping("/api/v1/task")
@Verify(RouteType.TASK)
class TaskController {

    /** The first release whose {@code dags/agent} honours {@code show_details} (obshell #576). */
    static final String DAGS_AGENT_HONOURS_SHOW_DETAILS = "4.3.2.0";

    private final TaskQueries queries;
    private final DagOperations operations;
    private final AgentIdentity agent;

    TaskController(TaskQueries queries, DagOperations operations, AgentIdentity agent) {
        this.queries = queries;
        this.operations = operations;
        this.agent = agent;
    }

    @GetMapping("/dag/{id}")
    TaskDtos.DagDetailDTO dag(@PathVariable("id") String id, HttpServletRequest request) {
        Dag dag = queries.findDag(id);
        return queries.dag(dag, ShowDetails.of(request).get());
    }

    /** obshell's DagOperator body, shared by the DAG and node operator routes. */
    static final GoStruct OPERATOR_PARAM = GoStruct.of("task.DagOperator", GoStruct.required("Operator", "operator"));

    /** obshell's order: a malformed ID, then the body, then the agent and the row. */
    @PostMapping("/dag/{id}")
    NoData operateDag(@PathVariable("id") String id, HttpServletRequest request) {
        GenericIdCodec.decode(id);
        String operator = GoJson.bind(ApiBody.bytes(request), OPERATOR_PARAM).string("Operator");
        operations.operate(queries.findDag(id), operator);
        return NoData.INSTANCE;
    }

    /** As the DAG route, with the operator refused before the node is looked for. */
    @PostMapping("/node/{id}")
    NoData operateNode(@PathVariable("id") String id, HttpServletRequest request) {
        GenericIdCodec.decode(id);
        String operator = GoJson.bind(ApiBody.bytes(request), OPERATOR_PARAM).string("Operator");
        DagOperations.requireNodePass(operator);
        operations.passNode(queries.findNode(id));
        return NoData.INSTANCE;
    }

    @GetMapping("/node/{id}")
    TaskDtos.NodeDetailDTO node(@PathVariable("id") String id, HttpServletRequest request) {
        Node node = queries.findNode(id);
        if (!ShowDetails.of(request).get()) {
            // obshell dereferences the missing details and its Recovery answers (dag-engine.md §3).
            throw ApiException.panic();
        }
        return queries.node(node, id);
    }

    @GetMapping("/sub_task/{id}")
    TaskDtos.TaskDetailDTO subTask(@PathVariable("id") String id) {
        return queries.subTask(id);
    }

    @GetMapping("/sub_task/{id}/logs")
    List<TaskDtos.SubTaskLogDTO> logs(@PathVariable("id") String id) {
        return queries.logs(id);
    }

    /**
     * obshell reads {@code show_details} inside its loop over the DAGs, so an empty list never
     * does; before 4.3.2.0 it converted every DAG with details, whatever {@code show_details}
     * said (executor/task/dag.go GetAllAgentDags at 4.3.1.0).
     */
    @GetMapping("/dags/agent")
    List<TaskDtos.DagDetailDTO> dags(HttpServletRequest request) {
        List<Dag> dags = queries.allDags();
        if (dags.isEmpty()) {
            return List.of();
        }
        boolean details = agent.versionBefore(DAGS_AGENT_HONOURS_SHOW_DETAILS) || ShowDetails.of(request).get();
        return queries.views(dags, details);
    }

    @GetMapping("/dag/maintain/agent")
    TaskDtos.DagDetailDTO lastMaintenance(HttpServletRequest request) {
        Dag dag = queries.lastMaintenanceDag();
        return queries.dag(dag, ShowDetails.of(request).get());
    }

    /**
     * Every agent's last maintenance DAG; a SINGLE agent knows only itself. With none, obshell
     * converts a nil DAG and its Recovery answers (dag-engine.md §3).
     */
    @GetMapping("/dag/maintain/agents")
    List<TaskDtos.DagDetailDTO> lastMaintenanceOfAllAgents(HttpServletRequest request) {
        return List.of(lastMaintenanceOrPanic(request));
    }

    /**
     * The main DAGs of every agent's last maintenance DAG (executor/task/dag.go GetAgentMainDags):
     * built from the same list as {@code /dag/maintain/agents}, so none is the same panic; an
     * obproxy DAG names no main DAG, so the list is empty.
     */
    @GetMapping("/dag/agent/main_dags")
    List<TaskDtos.DagDetailDTO> mainDags(HttpServletRequest request) {
        lastMaintenanceOrPanic(request);
        return List.of();
    }

    private TaskDtos.DagDetailDTO lastMaintenanceOrPanic(HttpServletRequest request) {
        Dag dag = queries.lastMaintenanceDagIfAny().orElseThrow(ApiException::panic);
        return queries.dag(dag, ShowDetails.of(request).get());
    }

    /** A SINGLE agent's unfinished list is its own local one. */
    @GetMapping({"/dag/agent/unfinish", "/dag/unfinish"})
    List<TaskDtos.DagDetailDTO> unfinished(HttpServletRequest request) {
        List<Dag> dags = queries.unfinishedDags();
        return queries.views(dags, ShowDetails.of(request).get());
    }

    /**
     * Cluster-only lists. On any other agent obshell builds its "identity not supported" error
     * and returns without sending it, so PostHandlers finds no response (executor/task/dag.go
     * GetAllClusterDags, GetClusterUnfinishDags).
     */
    @GetMapping({"/dags/ob", "/dag/ob/unfinish"})
    List<TaskDtos.DagDetailDTO> clusterDags() {
        throw ApiException.of(ErrorCode.COMMON_UNEXPECTED, "ocsagent cannot build response body");
    }

    /**
     * The cluster's last maintenance DAG is read from OceanBase, which an obproxy agent does not
     * hold (executor/task/dag.go GetObLastMaintenanceDag, repository/db/oceanbase GetOcsInstance).
     */
    @GetMapping("/dag/maintain/ob")
    TaskDtos.DagDetailDTO clusterLastMaintenance() {
        throw ApiException.of(ErrorCode.AGENT_OCEANBASE_NOT_HOLD);
    }

    /**
     * The {@code show_details} query as gin binds it into obshell's {@code *bool} with
     * {@code default=true} (binding/form_mapping.go setByForm, setBoolField): absent is true, the
     * first of repeated values counts, "" is false, anything else ParseBool refuses leaves the
     * pointer nil. obshell ignores that bind error and dereferences the nil pointer only once the
     * lookups are done, so {@link #get()} is called after them and answers with the panic.
     */
    static final class ShowDetails {

        private final String value;

        private ShowDetails(String value) {
            this.value = value;
        }

        static ShowDetails of(HttpServletRequest request) {
            String[] values = request.getParameterValues("show_details");
            return new ShowDetails(values == null || values.length == 0 ? "true" : values[0]);
        }

        boolean get() {
            return switch (value) {
                case "1", "t", "T", "TRUE", "true", "True" -> true;
                case "0", "f", "F", "FALSE", "false", "False", "" -> false;
                default -> throw ApiException.panic();
            };
        }
    }
}
