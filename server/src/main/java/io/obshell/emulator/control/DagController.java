package io.obshell.emulator.control;

import java.util.List;
import java.util.stream.IntStream;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.obshell.emulator.api.ApiWebConfiguration;
import io.obshell.emulator.task.DagCatalog;
import io.obshell.emulator.task.DagConsole;
import io.obshell.emulator.task.DagDefinition;
import io.obshell.emulator.task.TaskDefinition;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotBlank;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The DAGs for a person (the live page): newest first, one with its nodes and logs and the
 * operators obshell would accept now, and those operators without the agent password. The
 * operator route runs the code of {@code POST /api/v1/task/dag/{id}}: its refusals carry
 * obshell's errCode and message.
 */
@RestController
@RequestMapping(ApiWebConfiguration.CONTROL_PATH)
@Tag(name = "DAGs", description = "The DAGs the emulator ran, their logs, and obshell's operators on them")
class DagController {

    static final int MAX_LIMIT = 1000;

    /** The body of {@code POST /__emulator/dags/{id}/operator}. */
    record OperatorRequest(@NotBlank(message = "'operator' is required: RETRY, ROLLBACK, CANCEL or PASS")
            String operator) {
    }

    @JsonPropertyOrder({"stage", "name", "canRetry", "canRollback", "canCancel", "canPass",
            "failureExitMaintenance"})
    record CatalogTask(int stage, String name, boolean canRetry, boolean canRollback, boolean canCancel,
            boolean canPass, boolean failureExitMaintenance) {
    }

    record CatalogDag(String name, boolean maintenance, List<CatalogTask> tasks) {
    }

    private final DagConsole console;
    private final DagCatalog catalog;
    private final ControlJson json;

    DagController(DagConsole console, DagCatalog catalog, ControlJson json) {
        this.console = console;
        this.catalog = catalog;
        this.json = json;
    }

    @GetMapping("/dags")
    @Operation(summary = "The newest DAGs, newest first, with their stages")
    DagViews.DagList list(@Parameter(description = "at most this many, 1.." + MAX_LIMIT + " (default 50)")
            @RequestParam(name = "limit", defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ControlException.invalid("'limit' must be 1.." + MAX_LIMIT + ": " + limit);
        }
        return DagViews.list(console.newest(limit));
    }

    @GetMapping("/dags/{id}")
    @Operation(summary = "One DAG by its generic ID: nodes, sub_tasks, their log rows, the operators allowed now",
            description = "An unknown or malformed ID gets obshell's Task.NotFound or Task.GenericID.Invalid, "
                    + "with the errCode in the problem detail.")
    DagViews.DagDetailView get(@PathVariable("id") String id) {
        return DagViews.detail(console.detail(id));
    }

    @PostMapping("/dags/{id}/operator")
    @Operation(summary = "RETRY, ROLLBACK, CANCEL or PASS a DAG, as POST /api/v1/task/dag/{id} does, without auth",
            description = "Same checks, state change and texts as obshell: a refusal is a problem detail with "
                    + "obshell's HTTP status, errCode and message. Answers the DAG after the change.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
                    content = @Content(schema = @Schema(implementation = OperatorRequest.class))))
    DagViews.DagDetailView operate(@PathVariable("id") String id, @RequestBody(required = false) String body) {
        OperatorRequest request = json.readValid(body, OperatorRequest.class);
        return DagViews.detail(console.operate(id, request.operator()));
    }

    @GetMapping("/catalog")
    @Operation(summary = "The DAGs the emulator can run and their tasks in stage order: what fault rules and "
            + "task delays may name")
    List<CatalogDag> catalog() {
        return catalog.dags().stream().map(DagController::catalogDag).toList();
    }

    private static CatalogDag catalogDag(DagDefinition<?> dag) {
        List<? extends TaskDefinition<?>> tasks = dag.tasks();
        return new CatalogDag(dag.name(), dag.maintenanceType().takesLock(), IntStream.range(0, tasks.size())
                .mapToObj(i -> {
                    TaskDefinition<?> task = tasks.get(i);
                    return new CatalogTask(i + 1, task.name(), task.canRetry(), task.canRollback(), task.canCancel(),
                            task.canPass(), task.failureExitMaintenance());
                })
                .toList());
    }
}
