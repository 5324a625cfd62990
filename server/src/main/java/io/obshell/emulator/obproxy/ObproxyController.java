package io.obshell.emulator.obproxy;

import io.obshell.emulator.api.ApiBody;
import io.obshell.emulator.api.GoJson;
import io.obshell.emulator.api.GoStruct;
import io.obshell.emulator.secure.RouteType;
import io.obshell.emulator.secure.Verify;
import io.obshell.emulator.task.TaskDtos;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The obproxy route group: agent header and agent password only. */
@RestController
@RequestMapping("/api/v1/obproxy")
@Verify(RouteType.OBPROXY)
class ObproxyController {

    /** obshell's param.UpgradeObproxyParam. */
    static final GoStruct UPGRADE_PARAM = GoStruct.of("param.UpgradeObproxyParam",
            GoStruct.required("Version", "version"),
            GoStruct.required("Release", "release"),
            GoStruct.optional("UpgradeDir", "upgrade_dir", GoStruct.Kind.STRING));

    private final ObproxyUpgrades upgrades;

    ObproxyController(ObproxyUpgrades upgrades) {
        this.upgrades = upgrades;
    }

    @PostMapping("/upgrade")
    TaskDtos.DagDetailDTO upgrade(HttpServletRequest request) {
        GoJson.Values param = GoJson.bind(ApiBody.bytes(request), UPGRADE_PARAM);
        return upgrades.upgrade(new ObproxyUpgrades.UpgradeRequest(param.string("Version"), param.string("Release"),
                param.string("UpgradeDir")));
    }
}
