package io.obshell.emulator;

import io.obshell.emulator.api.ApiBody;
import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;
import io.obshell.emulator.secure.RouteType;
import io.obshell.emulator.secure.Verify;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * Test-only routes under the obproxy and task groups, so the verification policies and the
 * envelope rules can be exercised independently of the real handlers. Each echoes the body it
 * received after decryption.
 */
@TestComponent
@RestController
public class PolicyProbeController {

    @PostMapping("/api/v1/obproxy/probe")
    @Verify(RouteType.OBPROXY)
    JsonNode obproxy(HttpServletRequest request) {
        return echo(request);
    }

    @GetMapping("/api/v1/task/probe/{id}")
    @Verify(RouteType.TASK)
    JsonNode task(@PathVariable("id") String id, HttpServletRequest request) {
        return StringNode.valueOf(id);
    }

    @PostMapping("/api/v1/probe/open")
    JsonNode open(HttpServletRequest request) {
        return echo(request);
    }

    @GetMapping("/api/v1/probe/handler-error")
    JsonNode handlerError() {
        throw ApiException.handler(ErrorCode.OBPROXY_NOT_RUNNING);
    }

    @GetMapping("/api/v1/probe/crash")
    JsonNode crash() {
        throw new IllegalStateException("internal detail that must not leak");
    }

    private static JsonNode echo(HttpServletRequest request) {
        return StringNode.valueOf(new String(ApiBody.bytes(request), java.nio.charset.StandardCharsets.UTF_8));
    }
}
