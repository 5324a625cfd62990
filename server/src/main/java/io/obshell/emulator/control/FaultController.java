package io.obshell.emulator.control;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.obshell.emulator.ObshellProperties.FaultSpec;
import io.obshell.emulator.api.ApiWebConfiguration;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Arms, lists and removes fault rules: make any stage fail, or slow it down, on purpose. */
@RestController
@RequestMapping(ApiWebConfiguration.CONTROL_PATH + "/faults")
@Tag(name = "Faults", description = "Make DAG tasks fail or slow down on purpose")
class FaultController {

    /**
     * The body of {@code POST /__emulator/faults}. {@code delay} is ISO-8601 ({@code PT0.5S}) or
     * {@code 500ms} / {@code 2s}.
     */
    record FaultRequest(String dag, String task, String version, Integer times, String phase, String errCode,
            String message, String delay, Boolean fail) {
    }

    private final FaultRules rules;
    private final ControlJson json;

    FaultController(FaultRules rules, ControlJson json) {
        this.rules = rules;
        this.json = json;
    }

    @PostMapping
    @Operation(summary = "Arm a fault rule", description = """
            task (required): a task name of the DAG. dag: default "Upgrade obproxy". version: only upgrades \
            to this target version (4.3.3.2 or 4.3.3.2-5). times: how many matching executions it hits \
            (absent: all). phase: execute (default) or rollback. errCode, message: what the failure reports \
            (defaults: obshell's error for that task, else Common.Unexpected; a placeholder such as \\${upgradeDir} \
            or \\${version} in the message is filled from the DAG's params). delay: extra time the task stays RUNNING first. fail: false \
            makes a latency-only rule (needs a delay, no errCode/message).""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
                    content = @Content(schema = @Schema(implementation = FaultRequest.class))))
    ResponseEntity<FaultView> arm(@RequestBody(required = false) String body) {
        FaultRequest request = json.read(body, FaultRequest.class);
        List<String> errors = new ArrayList<>();
        Duration delay = ControlJson.duration("delay", request.delay(), errors);
        FaultRule rule = rules.arm(new FaultSpec(request.dag(), request.task(), request.version(), request.times(),
                request.phase(), request.errCode(), request.message(), delay, request.fail()), errors);
        return ResponseEntity.created(URI.create(ApiWebConfiguration.CONTROL_PATH + "/faults/" + rule.id()))
                .body(rule.view());
    }

    @GetMapping
    @Operation(summary = "List the armed fault rules, in the order they are tried")
    List<FaultView> list() {
        return rules.list().stream().map(FaultRule::view).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One fault rule")
    FaultView get(@PathVariable("id") String id) {
        return rules.list().stream().filter(rule -> rule.id().equals(id)).findFirst().map(FaultRule::view)
                .orElseThrow(() -> unknown(id));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove one fault rule")
    void remove(@PathVariable("id") String id) {
        if (!rules.remove(id)) {
            throw unknown(id);
        }
    }

    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove every fault rule, configured ones included (a reset re-arms those)")
    void clear() {
        rules.clear();
    }

    private static ControlException unknown(String id) {
        return new ControlException(HttpStatus.NOT_FOUND, "No fault rule with id '" + id + "'");
    }
}
