package io.obshell.emulator.control;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ApiWebConfiguration;
import io.obshell.emulator.obproxy.HomeLayout;
import io.obshell.emulator.obproxy.ManagedObproxy;
import io.obshell.emulator.obproxy.Obproxy;
import io.obshell.emulator.obproxy.ObproxySql;
import io.obshell.emulator.obproxy.UpgradeDirPath;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The emulated ODP: read it, or put it in any state a test needs (stopped, unmanaged, older...). */
@RestController
@RequestMapping(ApiWebConfiguration.CONTROL_PATH + "/obproxy")
@Tag(name = "State", description = "The emulated ODP, reset, health")
class ObproxyStateController {

    /** {@code show proxyinfo binary}'s VERSION-BUILD, as the upgrade compares it. */
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+-\\d+");
    private static final int MAX_NAME_BYTES = 255;
    /** PATH_MAX less what the sandbox puts before a client's path. */
    private static final int MAX_PATH_BYTES = 2048;

    record ObproxyView(boolean managed, boolean running, String version, String homePath, int sqlPort, long pid,
            String sqlFailure, String sqlErrorMessage) {
    }

    /** Fields left out keep their value; {@code layout} lays the home out afresh. */
    record ObproxyRequest(Boolean managed, Boolean running, String version, String homePath, Integer sqlPort,
            Long pid, String sqlFailure, String sqlErrorMessage, String layout, String versionOutput) {
    }

    /** A MySQL error text is a line of a log and an error message: bounded, one line. */
    private static final int MAX_SQL_ERROR_MESSAGE = 512;
    /** What {@code bin/obproxy -V} may be made to print. */
    private static final int MAX_VERSION_OUTPUT = 4096;

    private final ManagedObproxy obproxy;
    private final ObproxySql sql;
    private final ControlJson json;

    ObproxyStateController(ManagedObproxy obproxy, ObproxySql sql, ControlJson json) {
        this.obproxy = obproxy;
        this.sql = sql;
        this.json = json;
    }

    @GetMapping
    @Operation(summary = "The emulated ODP")
    ObproxyView get() {
        return view(obproxy.get());
    }

    @PutMapping
    @Operation(summary = "Put the emulated ODP in a state", description = """
            managed: whether this agent manages an ODP. running: whether its process runs (a stopped ODP has \
            pid 0; a started one gets a new pid unless one is given). version: VERSION-BUILD such as 4.3.2.0-26. \
            homePath: absolute, by the same rules as upgrade_dir; a new home is laid out in the sandbox. \
            sqlPort: 1..65535, or 0 for "not initialized". sqlFailure: what obshell's SQL connection to the ODP \
            meets: "none", "refused" (connection refused) or "error" (the server answers sqlErrorMessage, a \
            MySQL error text). layout: lay the home out afresh as deployed (a managed ODP's), installed \
            (bin/obproxy, lib/, empty etc/: what Add obproxy takes), or as an install Add obproxy refuses: no-bin, \
            bin-empty (no bin/obproxy), no-lib, etc-not-empty, etc-file, run-file (its run directory cannot be \
            made), unwritable or missing. versionOutput (with a layout): what bin/obproxy -V prints, by default \
            "obproxy (OceanBase 4.3.2.0 26)" for version 4.3.2.0-26. Fields left out keep their value.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
                    content = @Content(schema = @Schema(implementation = ObproxyRequest.class))))
    ObproxyView put(@RequestBody(required = false) String body) {
        ObproxyRequest request = json.read(body, ObproxyRequest.class);
        Obproxy current = obproxy.get();
        List<String> errors = new ArrayList<>();
        String version = request.version() != null ? request.version() : current.version();
        if (request.version() != null && !VERSION.matcher(request.version()).matches()) {
            errors.add("'version' must look like 4.3.2.0-26 (VERSION-BUILD): " + request.version());
        }
        String homePath = request.homePath() != null ? request.homePath() : current.homePath();
        if (request.homePath() != null) {
            try {
                UpgradeDirPath.check(request.homePath());
                errors.addAll(fileSystemLimits(request.homePath()));
            } catch (ApiException e) {
                errors.add("'homePath': " + e.getMessage());
            }
        }
        int sqlPort = request.sqlPort() != null ? request.sqlPort() : current.sqlPort();
        if (sqlPort < 0 || sqlPort > 65535) {
            errors.add("'sqlPort' must be 1..65535, or 0 for not initialized: " + sqlPort);
        }
        boolean running = request.running() != null ? request.running() : current.running();
        long pid;
        if (!running) {
            if (request.pid() != null && request.pid() != 0) {
                errors.add("'pid' must be 0 or left out for an ODP that is not running: " + request.pid());
            }
            pid = 0;
        } else if (request.pid() != null) {
            if (request.pid() < 1) {
                errors.add("'pid' of a running ODP must be positive: " + request.pid());
            }
            pid = request.pid();
        } else {
            pid = current.running() && current.pid() > 0 ? current.pid() : ManagedObproxy.newPid();
        }
        HomeLayout layout = null;
        if (request.layout() != null) {
            layout = HomeLayout.fromWire(request.layout()).orElse(null);
            if (layout == null) {
                errors.add("'layout' must be one of " + Arrays.stream(HomeLayout.values()).map(HomeLayout::wire)
                        .toList() + ": " + request.layout());
            }
        }
        if (request.versionOutput() != null) {
            if (request.layout() == null) {
                errors.add("'versionOutput' needs a 'layout': bin/obproxy is written when the home is laid out");
            } else if (request.versionOutput().length() > MAX_VERSION_OUTPUT) {
                errors.add("'versionOutput' must be at most " + MAX_VERSION_OUTPUT + " characters");
            }
        }
        ObproxySql.Failure failure = sql.failure();
        if (request.sqlFailure() != null) {
            try {
                failure = ObproxySql.Failure.valueOf(request.sqlFailure().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add("'sqlFailure' must be none, refused or error: " + request.sqlFailure());
            }
        }
        String sqlErrorMessage = request.sqlErrorMessage() != null ? request.sqlErrorMessage() : sql.errorMessage();
        if (request.sqlErrorMessage() != null && (sqlErrorMessage.isBlank()
                || sqlErrorMessage.length() > MAX_SQL_ERROR_MESSAGE || sqlErrorMessage.contains("\n"))) {
            errors.add("'sqlErrorMessage' must be one non-blank line of at most " + MAX_SQL_ERROR_MESSAGE
                    + " characters");
        }
        if (!errors.isEmpty()) {
            throw ControlException.invalid(errors);
        }
        sql.set(failure, sqlErrorMessage);
        boolean managed = request.managed() != null ? request.managed() : current.managed();
        Obproxy state = new Obproxy(managed, running, version, homePath, sqlPort, pid);
        try {
            if (layout != null) {
                obproxy.replace(state, layout, request.versionOutput());
            } else {
                obproxy.replace(state);
            }
        } catch (UncheckedIOException e) {
            // The sandbox refused the home (a planted link) or the file system did: nothing was saved.
            throw new ControlException(HttpStatus.CONFLICT, "cannot lay out the ODP home: " + e.getCause().getMessage());
        }
        return view(obproxy.get());
    }

    /** What Linux file systems refuse (NAME_MAX, PATH_MAX), said before anything is laid out. */
    private static List<String> fileSystemLimits(String homePath) {
        List<String> errors = new ArrayList<>();
        if (homePath.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            errors.add("'homePath' is longer than " + MAX_PATH_BYTES + " bytes");
        }
        for (String part : homePath.split("/")) {
            if (part.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                errors.add("'homePath' has a component longer than " + MAX_NAME_BYTES + " bytes: "
                        + part.substring(0, 16) + "...");
                break;
            }
        }
        return errors;
    }

    private ObproxyView view(Obproxy obproxy) {
        return new ObproxyView(obproxy.managed(), obproxy.running(), obproxy.version(), obproxy.homePath(),
                obproxy.sqlPort(), obproxy.pid(), sql.failure().name().toLowerCase(java.util.Locale.ROOT),
                sql.errorMessage());
    }
}
