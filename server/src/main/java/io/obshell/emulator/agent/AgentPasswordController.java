package io.obshell.emulator.agent;

import io.obshell.emulator.api.ApiBody;
import io.obshell.emulator.api.GoJson;
import io.obshell.emulator.api.GoStruct;
import io.obshell.emulator.api.NoData;
import io.obshell.emulator.secure.AgentPassword;
import io.obshell.emulator.secure.RouteType;
import io.obshell.emulator.secure.Verify;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/agent/password}: a SINGLE agent lets anyone set the first password, then
 * only the old one changes it (auth.md §4.4). The only rule on the value is "non-empty".
 */
@RestController
@Verify(RouteType.OCEANBASE)
class AgentPasswordController {

    static final GoStruct PARAM = GoStruct.of("param.SetAgentPasswordParam", GoStruct.required("Password", "password"));

    private final AgentPassword agentPassword;

    AgentPasswordController(AgentPassword agentPassword) {
        this.agentPassword = agentPassword;
    }

    @PostMapping("/api/v1/agent/password")
    NoData setPassword(HttpServletRequest request) {
        GoJson.Values param = GoJson.bind(ApiBody.bytes(request), PARAM);
        agentPassword.set(param.string("Password"));
        return NoData.INSTANCE;
    }
}
