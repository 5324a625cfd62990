package io.obshell.emulator.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.obshell.emulator.api.ApiWebConfiguration;
import io.obshell.emulator.task.DagCatalog;
import io.obshell.emulator.task.Pacing;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** How fast DAGs move: the stage delay, per-task delays, and the pause switch with single steps. */
@RestController
@RequestMapping(ApiWebConfiguration.CONTROL_PATH + "/pacing")
@Tag(name = "Pacing", description = "Decide how fast DAGs advance; pause them and step through")
class PacingController {

    /** Durations as ISO-8601 strings. */
    record PacingView(String stageDelay, Map<String, String> taskDelays, boolean paused) {
    }

    /** Fields left out keep their value; {@code taskDelays}, when given, replaces all overrides. */
    record PacingRequest(String stageDelay, Map<String, String> taskDelays, Boolean paused) {
    }

    private final Pacing pacing;
    private final ControlJson json;
    private final DagCatalog catalog;

    PacingController(Pacing pacing, ControlJson json, DagCatalog catalog) {
        this.pacing = pacing;
        this.json = json;
        this.catalog = catalog;
    }

    @GetMapping
    @Operation(summary = "The current pacing")
    PacingView get() {
        return view();
    }

    @PutMapping
    @Operation(summary = "Change the pacing", description = """
            stageDelay: how long each task stays RUNNING (ISO-8601 or 150ms / 2s; 0 runs DAGs at full speed). \
            taskDelays: per-task overrides by task name (replaces all overrides). paused: while true no DAG \
            takes a step; POST /__emulator/pacing/step lets exactly one through. Fields left out keep their value.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
                    content = @Content(schema = @Schema(implementation = PacingRequest.class))))
    PacingView put(@RequestBody(required = false) String body) {
        PacingRequest request = json.read(body, PacingRequest.class);
        List<String> errors = new ArrayList<>();
        Duration stageDelay = ControlJson.duration("stageDelay", request.stageDelay(), errors);
        Map<String, Duration> taskDelays = null;
        if (request.taskDelays() != null) {
            taskDelays = new LinkedHashMap<>();
            for (Map.Entry<String, String> entry : request.taskDelays().entrySet()) {
                if (!catalog.allTaskNames().contains(entry.getKey())) {
                    errors.add("'taskDelays' names an unknown task '" + entry.getKey() + "'; tasks: "
                            + catalog.allTaskNames());
                } else if (entry.getValue() == null) {
                    errors.add("'taskDelays." + entry.getKey() + "' must be a duration, not null");
                } else {
                    taskDelays.put(entry.getKey(),
                            ControlJson.duration("taskDelays." + entry.getKey(), entry.getValue(), errors));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ControlException.invalid(errors);
        }
        if (stageDelay != null) {
            pacing.stageDelay(stageDelay);
        }
        if (taskDelays != null) {
            pacing.taskDelays(taskDelays);
        }
        if (request.paused() != null && request.paused() != pacing.paused()) {
            pacing.setPaused(request.paused());
        }
        return view();
    }

    @PostMapping("/step")
    @Operation(summary = "While paused, let exactly one DAG step through",
            description = "A step is one move of one DAG: the DAG starts; a node starts; its sub_task becomes "
                    + "READY; the sub_task runs (RUNNING, then SUCCEED or FAILED, in one step); the node finishes; "
                    + "the DAG moves to the next stage or finishes. A step taken while no DAG waits is kept for the "
                    + "next one. 409 when not paused.")
    PacingView step() {
        if (!pacing.paused()) {
            throw new ControlException(HttpStatus.CONFLICT,
                    "DAGs are not paused: PUT /__emulator/pacing {\"paused\": true} first");
        }
        pacing.step();
        return view();
    }

    private PacingView view() {
        Map<String, String> taskDelays = new TreeMap<>();
        pacing.taskDelays().forEach((task, delay) -> taskDelays.put(task, delay.toString()));
        return new PacingView(pacing.stageDelay().toString(), taskDelays, pacing.paused());
    }
}
