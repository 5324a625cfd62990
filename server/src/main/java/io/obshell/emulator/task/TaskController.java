package io.obshell.emulator.task;

import java.util.List;

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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The task routes a client polls (dag-engine.md §3); IDs starting 4/5 need the agent password. */
@RestController
@RequestMapping("/api/v1/task")
@Verify(RouteType.TASK)
class TaskController {

    private final TaskQueries queries;
    private final DagOperations operations;

    TaskController(TaskQueries queries, DagOperations operations) {
        this.queries = queries;
        this.operations = operations;
    }

    @GetMapping("/dag/{id}")
    TaskDtos.DagDetailDTO dag(@PathVariable("id") String id,
            @RequestParam(name = "show_details", required = false) String showDetails) {
        return queries.dag(id, ShowDetails.parse(showDetails));
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
    TaskDtos.NodeDetailDTO node(@PathVariable("id") String id,
            @RequestParam(name = "show_details", required = false) String showDetails) {
        Node node = queries.findNode(id);
        if (!ShowDetails.parse(showDetails)) {
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

    @GetMapping("/dags/agent")
    List<TaskDtos.DagDetailDTO> dags(@RequestParam(name = "show_details", required = false) String showDetails) {
        return queries.dags(ShowDetails.parse(showDetails));
    }

    @GetMapping("/dag/maintain/agent")
    TaskDtos.DagDetailDTO lastMaintenance(
            @RequestParam(name = "show_details", required = false) String showDetails) {
        return queries.lastMaintenanceDag(ShowDetails.parse(showDetails));
    }

    /**
     * Every agent's last maintenance DAG; a SINGLE agent knows only itself. With none, obshell
     * converts a nil DAG and its Recovery answers (dag-engine.md §3).
     */
    @GetMapping("/dag/maintain/agents")
    List<TaskDtos.DagDetailDTO> lastMaintenanceOfAllAgents(
            @RequestParam(name = "show_details", required = false) String showDetails) {
        boolean details = ShowDetails.parse(showDetails);
        return List.of(queries.lastMaintenanceDagIfAny(details).orElseThrow(ApiException::panic));
    }

    /** A SINGLE agent's unfinished list is its own local one. */
    @GetMapping({"/dag/agent/unfinish", "/dag/unfinish"})
    List<TaskDtos.DagDetailDTO> unfinished(
            @RequestParam(name = "show_details", required = false) String showDetails) {
        return queries.unfinishedDags(ShowDetails.parse(showDetails));
    }

    /** The {@code show_details} query: Go's ParseBool, default true. */
    static final class ShowDetails {

        private ShowDetails() {
        }

        static boolean parse(String value) {
            if (value == null) {
                return true;
            }
            return switch (value) {
                case "1", "t", "T", "TRUE", "true", "True" -> true;
                case "0", "f", "F", "FALSE", "false", "False" -> false;
                default -> throw ApiException.of(ErrorCode.COMMON_BIND_JSON_FAILED,
                        "strconv.ParseBool: parsing \"" + value + "\": invalid syntax");
            };
        }
    }
}
