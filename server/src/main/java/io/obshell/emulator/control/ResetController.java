package io.obshell.emulator.control;

import io.obshell.emulator.api.ApiWebConfiguration;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(ApiWebConfiguration.CONTROL_PATH + "/reset")
@Tag(name = "State")
class ResetController {

    private final EmulatorReset reset;

    ResetController(EmulatorReset reset) {
        this.reset = reset;
    }

    @PostMapping
    @Operation(summary = "Back to the configured initial state", description = """
            Removes DAGs, nodes, sub_tasks and logs, uploaded packages, the maintenance lock, sandbox files and \
            the request journal; puts the ODP model, the agent password, the fault rules and the pacing back to \
            their configuration. Keeps the RSA key pair unless keys=true. A DAG being driven stops first.""")
    EmulatorReset.Result reset(@RequestParam(name = "keys", defaultValue = "false") boolean keys)
            throws InterruptedException {
        return reset.reset(keys);
    }
}
