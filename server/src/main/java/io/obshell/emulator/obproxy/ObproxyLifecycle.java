package io.obshell.emulator.obproxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.obshell.emulator.Sandbox;
import io.obshell.emulator.agent.AgentIdentity;
import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;
import io.obshell.emulator.api.ErrorMessage;
import io.obshell.emulator.task.DagFactory;
import io.obshell.emulator.task.TaskDtos;
import org.springframework.stereotype.Service;

/**
 * Add, start, stop and delete after binding: obshell's request-time checks in its order
 * (executor/obproxy/add.go, start.go, stop.go, delete.go), then the DAG. Every error carries
 * {@code "data": null}, as obshell's handlers pass a typed nil DTO.
 */
@Service
class ObproxyLifecycle {

    /** obshell's OBPROXY_MIN_VERSION_SUPPORT, compared as a string. */
    private static final String MIN_VERSION = "4.0.0";
    private static final Pattern VERSION = Pattern.compile("\\(OceanBase (\\d+\\.\\d+\\.\\d+\\.\\d+) (\\d+(?:\\.[\\w]+)?)\\)");

    private final ManagedObproxy obproxy;
    private final ObCluster cluster;
    private final Sandbox sandbox;
    private final AgentIdentity agent;
    private final DagFactory dags;
    private final AddObproxyDag addDag;
    private final StartObproxyDag startDag;
    private final StopObproxyDag stopDag;
    private final DeleteObproxyDag deleteDag;

    ObproxyLifecycle(ManagedObproxy obproxy, ObCluster cluster, Sandbox sandbox, AgentIdentity agent,
            DagFactory dags, AddObproxyDag addDag, StartObproxyDag startDag, StopObproxyDag stopDag,
            DeleteObproxyDag deleteDag) {
        this.obproxy = obproxy;
        this.cluster = cluster;
        this.sandbox = sandbox;
        this.agent = agent;
        this.dags = dags;
        this.addDag = addDag;
        this.startDag = startDag;
        this.stopDag = stopDag;
        this.deleteDag = deleteDag;
    }

    /** obshell's param.AddObproxyParam; null pointers and maps stay null. */
    record AddRequest(String name, String homePath, Long sqlPort, Long rpcPort, Long exporterPort,
            String proxyroPassword, String obproxySysPassword, String rsList, String configUrl,
            Map<String, String> parameters) {
    }

    TaskDtos.DagDetailDTO add(AddRequest request) {
        if (obproxy.get().managed()) {
            throw ApiException.handler(ErrorCode.OBPROXY_ALREADY_MANAGED);
        }
        checkHomePath(request.homePath());
        String version = probeVersion(request.homePath());
        Map<String, String> options = new LinkedHashMap<>();
        if (request.parameters() != null) {
            options.putAll(request.parameters());
        }
        port(options, "listen_port", request.sqlPort(), 2883);
        port(options, "rpc_listen_port", request.rpcPort(), 2885);
        port(options, "prometheus_listen_port", request.exporterPort(), 2884);
        int sqlPort = atoi(options, "listen_port");
        int exporterPort = atoi(options, "prometheus_listen_port");
        atoi(options, "rpc_listen_port");
        if (version.compareTo(MIN_VERSION) < 0) {
            throw ApiException.handler(ErrorCode.OBPROXY_VERSION_NOT_SUPPORTED, version, MIN_VERSION);
        }
        if (request.rsList() != null && request.configUrl() != null) {
            throw ApiException.handler(ErrorCode.OBPROXY_RS_LIST_AND_CONFIG_URL_CONFLICTED);
        }
        if (request.rsList() != null) {
            options.put("rootservice_list", request.rsList());
            options.put("obproxy_config_server_url", "");
        } else if (request.configUrl() != null) {
            options.put("obproxy_config_server_url", request.configUrl());
        } else {
            // A SINGLE agent belongs to no cluster whose rs_list it could use.
            throw ApiException.handler(ErrorCode.OBPROXY_RS_LIST_OR_CONFIG_URL_NOT_SPECIFIED);
        }
        String clusterName = "";
        String rootServices = options.get("rootservice_list");
        if (rootServices != null && !rootServices.isEmpty()) {
            clusterName = cluster.clusterName(rootServices, nullToEmpty(request.proxyroPassword()), agent.ip());
        }
        return dags.create(addDag, new AddObproxyDag.Params(request.homePath(), sqlPort, exporterPort,
                nullToEmpty(request.name()), version, clusterName, options,
                sha1(nullToEmpty(request.obproxySysPassword()))));
    }

    /** No check at request time: obshell builds NotBeManaged and drops it (start.go). */
    TaskDtos.DagDetailDTO start() {
        return dags.create(startDag, new StartObproxyDag.Params(obproxy.homePath()));
    }

    TaskDtos.DagDetailDTO stop() {
        if (!obproxy.get().managed()) {
            throw ApiException.handler(ErrorCode.OBPROXY_NOT_BE_MANAGED);
        }
        return dags.create(stopDag, new StopObproxyDag.Params(obproxy.homePath()));
    }

    /** Null when no ODP is managed: obshell then answers 204 with no body. */
    TaskDtos.DagDetailDTO delete() {
        if (!obproxy.get().managed()) {
            return null;
        }
        return dags.create(deleteDag, new DeleteObproxyDag.Params(obproxy.homePath()));
    }

    /**
     * checkObproxyHomePath: the home, its {@code bin/} and {@code lib/} must be directories,
     * the home writable, {@code etc/} missing or empty; every error "invalid obproxy home path: ".
     */
    private void checkHomePath(String home) {
        try {
            checkDir(home);
            Path inside = sandbox.resolve(home);
            if (!obproxy.writable(inside)) {
                throw invalidHome(ErrorCode.COMMON_FILE_PERMISSION_DENIED, home);
            }
            checkDir(Path.of(home, "bin").normalize().toString());
            checkDir(Path.of(home, "lib").normalize().toString());
            String etc = Path.of(home, "etc").normalize().toString();
            Path etcInside = sandbox.resolve(etc);
            if (Files.exists(etcInside)) {
                if (!Files.isDirectory(etcInside)) {
                    // os.ReadDir on a file fails with "not a directory", which obshell reports so.
                    throw invalidHome(ErrorCode.COMMON_PATH_NOT_EXIST, etc);
                }
                try (Stream<Path> entries = Files.list(etcInside)) {
                    if (entries.findAny().isPresent()) {
                        throw invalidHome(ErrorCode.COMMON_DIR_NOT_EMPTY, etc);
                    }
                }
            }
        } catch (IOException e) {
            throw ApiException.raw("invalid obproxy home path: " + e.getMessage(), ApiException.Stage.HANDLER);
        }
    }

    private void checkDir(String path) {
        Path inside = sandbox.resolve(path);
        if (!Files.exists(inside)) {
            throw invalidHome(ErrorCode.COMMON_PATH_NOT_EXIST, path);
        }
        if (!Files.isDirectory(inside)) {
            throw invalidHome(ErrorCode.COMMON_PATH_NOT_DIR, path);
        }
    }

    private static ApiException invalidHome(ErrorCode code, String path) {
        return ApiException.of(code, ErrorMessage.wrap(ErrorMessage.text("invalid obproxy home path"),
                ErrorMessage.occur(code, path)), ApiException.Stage.HANDLER);
    }

    /**
     * getObproxyVersion: {@code cd <home> && ./bin/obproxy -V}, the version and the build number
     * before its first dot from {@code (OceanBase 4.3.2.0 26.el7)}; a failed exec is a raw 500.
     */
    private String probeVersion(String home) {
        String output;
        try {
            output = obproxy.runVersion(home);
        } catch (IOException e) {
            throw ApiException.raw("fork/exec ./bin/obproxy: permission denied", ApiException.Stage.HANDLER);
        }
        if (output == null) {
            throw ApiException.raw("fork/exec ./bin/obproxy: no such file or directory", ApiException.Stage.HANDLER);
        }
        Matcher matcher = VERSION.matcher(output);
        if (!matcher.find()) {
            throw ApiException.handler(ErrorCode.OBPROXY_VERSION_OUTPUT_UNEXPECTED, output);
        }
        String build = matcher.group(2);
        int dot = build.indexOf('.');
        return matcher.group(1) + "-" + (dot < 0 ? build : build.substring(0, dot));
    }

    /** checkAndFillObproxyPort: the request's port, else the option as given, else the default. */
    private static void port(Map<String, String> options, String key, Long requested, int fallback) {
        if (requested != null) {
            options.put(key, Long.toString(requested));
        } else if (options.getOrDefault(key, "").isEmpty()) {
            options.put(key, Integer.toString(fallback));
        }
    }

    /** Only strconv.Atoi is applied: the message names a range nobody checks. */
    private static int atoi(Map<String, String> options, String key) {
        String value = options.get(key);
        try {
            return (int) Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.handler(ErrorCode.COMMON_INVALID_PORT, value);
        }
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    /** utils.Sha1 in hex, "" for an empty password (buildStartOptionStr). */
    private static String sha1(String password) {
        if (password.isEmpty()) {
            return "";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
