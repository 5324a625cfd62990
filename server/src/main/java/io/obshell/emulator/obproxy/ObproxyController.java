package io.obshell.emulator.obproxy;

import io.obshell.emulator.api.ApiBody;
import io.obshell.emulator.api.GoJson;
import io.obshell.emulator.api.GoStruct;
import io.obshell.emulator.secure.RouteType;
import io.obshell.emulator.secure.Verify;
import io.obshell.emulator.task.TaskDtos;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The obproxy route group (obshell's api/obproxy_route.go): agent header and agent password only. */
@RestController
@RequestMapping("/api/v1/obproxy")
@Verify(RouteType.OBPROXY)
class ObproxyController {

    /** obshell's param.UpgradeObproxyParam. */
    static final GoStruct UPGRADE_PARAM = GoStruct.of("param.UpgradeObproxyParam",
            GoStruct.required("Version", "version"),
            GoStruct.required("Release", "release"),
            GoStruct.optional("UpgradeDir", "upgrade_dir", GoStruct.Kind.STRING));

    /** obshell's param.AddObproxyParam. */
    static final GoStruct ADD_PARAM = GoStruct.of("param.AddObproxyParam",
            GoStruct.optional("Name", "name", GoStruct.Kind.STRING),
            GoStruct.required("HomePath", "home_path"),
            GoStruct.optional("SqlPort", "sql_port", GoStruct.Kind.INT_POINTER),
            GoStruct.optional("RpcPort", "rpc_port", GoStruct.Kind.INT_POINTER),
            GoStruct.optional("ExporterPort", "exporter_port", GoStruct.Kind.INT_POINTER),
            GoStruct.optional("ProxyroPassword", "proxyro_password", GoStruct.Kind.STRING),
            GoStruct.optional("ObproxySysPassword", "obproxy_sys_password", GoStruct.Kind.STRING),
            GoStruct.optional("RsList", "rs_list", GoStruct.Kind.STRING_POINTER),
            GoStruct.optional("ConfigUrl", "config_url", GoStruct.Kind.STRING_POINTER),
            GoStruct.optional("Parameters", "parameters", GoStruct.Kind.STRING_MAP));

    private final ObproxyUpgrades upgrades;
    private final ObproxyLifecycle lifecycle;

    ObproxyController(ObproxyUpgrades upgrades, ObproxyLifecycle lifecycle) {
        this.upgrades = upgrades;
        this.lifecycle = lifecycle;
    }

    @PostMapping
    TaskDtos.DagDetailDTO add(HttpServletRequest request) {
        GoJson.Values param = GoJson.bind(ApiBody.bytes(request), ADD_PARAM);
        return lifecycle.add(new ObproxyLifecycle.AddRequest(param.string("Name"), param.string("HomePath"),
                param.integer("SqlPort"), param.integer("RpcPort"), param.integer("ExporterPort"),
                param.string("ProxyroPassword"), param.string("ObproxySysPassword"), param.stringPointer("RsList"),
                param.stringPointer("ConfigUrl"), param.stringMap("Parameters")));
    }

    @PostMapping("/start")
    TaskDtos.DagDetailDTO start() {
        return lifecycle.start();
    }

    @PostMapping("/stop")
    TaskDtos.DagDetailDTO stop() {
        return lifecycle.stop();
    }

    /** With no ODP managed, obshell answers 204: gin writes no body, only the Content-Type. */
    @DeleteMapping
    ResponseEntity<TaskDtos.DagDetailDTO> delete() {
        TaskDtos.DagDetailDTO dag = lifecycle.delete();
        if (dag == null) {
            return ResponseEntity.noContent().header(HttpHeaders.CONTENT_TYPE, "application/json").build();
        }
        return ResponseEntity.ok(dag);
    }

    @PostMapping("/upgrade")
    TaskDtos.DagDetailDTO upgrade(HttpServletRequest request) {
        GoJson.Values param = GoJson.bind(ApiBody.bytes(request), UPGRADE_PARAM);
        return upgrades.upgrade(new ObproxyUpgrades.UpgradeRequest(param.string("Version"), param.string("Release"),
                param.string("UpgradeDir")));
    }
}
