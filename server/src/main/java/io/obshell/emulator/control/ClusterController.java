package io.obshell.emulator.control;

import java.util.ArrayList;
import java.util.List;

import io.obshell.emulator.api.ApiWebConfiguration;
import io.obshell.emulator.obproxy.ObCluster;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The OceanBase cluster behind an added ODP's {@code rs_list}: which addresses answer, the
 * proxyro password they accept, and the cluster name they report.
 */
@RestController
@RequestMapping(ApiWebConfiguration.CONTROL_PATH + "/cluster")
@Tag(name = "State", description = "The emulated ODP, reset, health")
class ClusterController {

    /** The password is never echoed: only whether one is set. */
    record ClusterView(String name, String rsList, boolean proxyroPasswordSet) {
    }

    /** Fields left out keep their value. */
    record ClusterRequest(
            @Size(min = 1, max = 128, message = "'name' must be 1 to 128 characters")
            @Pattern(regexp = "[A-Za-z0-9_.-]*", message = "'name' may hold letters, digits, '_', '.' and '-' only")
            String name,
            @Size(max = 1024, message = "'rsList' must be at most 1024 characters")
            @RootServerList(message = "'rsList' must be ip:port addresses separated by ';' (an IPv6 ip in "
                    + "brackets), e.g. 127.0.0.1:2881;[::1]:2881")
            String rsList,
            @Size(max = 128, message = "'proxyroPassword' must be at most 128 characters")
            String proxyroPassword) {
    }

    private final ObCluster cluster;
    private final ControlJson json;

    ClusterController(ObCluster cluster, ControlJson json) {
        this.cluster = cluster;
        this.json = json;
    }

    @GetMapping
    @Operation(summary = "The OceanBase cluster behind rs_list")
    ClusterView get() {
        return view(cluster.state());
    }

    @PutMapping
    @Operation(summary = "Change the OceanBase cluster behind rs_list", description = """
            name: what the cluster reports as its name (the -c of the ODP's start command). rsList: the \
            addresses that answer, ip:port or [ipv6]:port separated by ';' (any other address gets a connection \
            error). \
            proxyroPassword: the password proxyro logs in with (a wrong one gets MySQL error 1045). \
            Fields left out keep their value; a reset puts back obshell.emulator.cluster.*.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
                    content = @Content(schema = @Schema(implementation = ClusterRequest.class))))
    ClusterView put(@RequestBody(required = false) String body) {
        ClusterRequest request = json.readValid(body, ClusterRequest.class);
        ObCluster.State current = cluster.state();
        List<String> rsList = current.rsList();
        if (request.rsList() != null) {
            rsList = request.rsList().isEmpty() ? List.of() : List.of(request.rsList().split(";"));
        }
        cluster.state(new ObCluster.State(request.name() != null ? request.name() : current.name(),
                new ArrayList<>(rsList), request.proxyroPassword() != null ? request.proxyroPassword()
                        : current.proxyroPassword()));
        return view(cluster.state());
    }

    private static ClusterView view(ObCluster.State state) {
        return new ClusterView(state.name(), String.join(";", state.rsList()), !state.proxyroPassword().isEmpty());
    }
}
