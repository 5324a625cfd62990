package io.obshell.emulator.obproxy;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;
import io.obshell.emulator.task.DagDefinition;
import io.obshell.emulator.task.MaintenanceType;
import io.obshell.emulator.task.TaskDefinition;
import io.obshell.emulator.task.TaskFlag;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * "Add obproxy" (obshell's buildAddObproxyTemplate, executor/obproxy/add.go): take an
 * installed ODP under management. The ODP runs after "Start obproxy"; the agent manages it,
 * at its home, only after "Persist obproxy info".
 */
@Component
@Order(1)
public class AddObproxyDag extends DagDefinition<AddObproxyDag.Params> {

    public static final String NAME = "Add obproxy";
    public static final String SET_PROXYRO_PASSWORD = "Set proxyro password for connect";
    public static final String PERSIST_INFO = "Persist obproxy info";

    /** obproxy's own option carrying the sys password's SHA-1. */
    static final String SYS_PASSWORD_OPTION = "obproxy_sys_password";
    /** obshell's utils.IsValidParamKey. */
    private static final Pattern PARAM_KEY = Pattern.compile("[a-zA-Z0-9_]+");

    /**
     * buildAddObproxyContext's params, plus the start node's options. The sys password travels
     * as obproxy receives it, its SHA-1 ("" for none); the proxyro password is not kept.
     */
    public record Params(String homePath, int sqlPort, int exporterPort, String appName, String version,
            String clusterName, Map<String, String> startParams, String sysPasswordSha1) implements HomeParams {

        public Params {
            startParams = startParams == null ? Map.of() : new LinkedHashMap<>(startParams);
        }
    }

    private final ObproxyTasks tasks;
    private final ManagedObproxy obproxy;
    private final ObproxySql sql;

    AddObproxyDag(ObproxyTasks tasks, ManagedObproxy obproxy, ObproxySql sql) {
        super(NAME, MaintenanceType.OBPROXY, Params.class);
        this.tasks = tasks;
        this.obproxy = obproxy;
        this.sql = sql;
    }

    @Override
    protected List<TaskDefinition<Params>> defineTasks() {
        return List.of(tasks.checkStatus(false), tasks.start(new ObproxyTasks.StartCommand<>() {
            @Override
            public String command(Params params) {
                return startCommand(params);
            }

            @Override
            public int sqlPort(Params params) {
                return params.sqlPort();
            }

            @Override
            public String version(Params params) {
                return params.version();
            }
        }), setProxyroPassword(), persistInfo());
    }

    /**
     * {@code cd '<home>'; ./bin/obproxy -o '<k=v,...>' [-n '<app>'] [-c '<cluster>']}: the
     * options in the order they came (obshell's Go map gives a random one), the sys password
     * last; a key other than letters, digits and {@code _} is refused.
     */
    static String startCommand(Params params) {
        Map<String, String> options = new LinkedHashMap<>(params.startParams());
        options.put(SYS_PASSWORD_OPTION, params.sysPasswordSha1());
        StringBuilder joined = new StringBuilder();
        for (Map.Entry<String, String> option : options.entrySet()) {
            if (!PARAM_KEY.matcher(option.getKey()).matches()) {
                throw ApiException.handler(ErrorCode.COMMON_ILLEGAL_ARGUMENT,
                        "invalid parameter key: " + option.getKey());
            }
            joined.append(joined.isEmpty() ? "" : ",").append(option.getKey()).append('=').append(option.getValue());
        }
        StringBuilder command = new StringBuilder("cd ").append(ObproxyTasks.shellQuote(params.homePath()))
                .append("; ./bin/obproxy -o ").append(ObproxyTasks.shellQuote(joined.toString()));
        if (!params.appName().isEmpty()) {
            command.append(" -n ").append(ObproxyTasks.shellQuote(params.appName()));
        }
        if (!params.clusterName().isEmpty()) {
            command.append(" -c ").append(ObproxyTasks.shellQuote(params.clusterName()));
        }
        return command.toString();
    }

    /** SetObproxyUserPasswordForObTask: {@code ALTER proxyconfig SET observer_sys_password} over obproxy SQL. */
    private TaskDefinition<Params> setProxyroPassword() {
        return TaskDefinition.<Params>task(SET_PROXYRO_PASSWORD, "SetObproxyUserPasswordForObTask")
                .flags(TaskFlag.CONTINUE, TaskFlag.RETRY, TaskFlag.CANCEL, TaskFlag.PASS)
                .execute(run -> {
                    run.log("set obproxy user password");
                    if (!obproxy.get().running()) {
                        throw new IOException("set obproxy user password failed: dial tcp 127.0.0.1:"
                                + run.params().sqlPort() + ": connect: connection refused");
                    }
                    sql.queryInTask(run.params().sqlPort(), "set obproxy user password failed");
                }).build();
    }

    /** PersistObproxyInfoTask: from here on the agent manages the ODP at this home. */
    private TaskDefinition<Params> persistInfo() {
        return TaskDefinition.<Params>task(PERSIST_INFO, "PersistObproxyInfoTask")
                .flags(TaskFlag.CONTINUE, TaskFlag.RETRY, TaskFlag.CANCEL, TaskFlag.PASS)
                .execute(run -> {
                    Obproxy current = obproxy.get();
                    obproxy.saveKeepingPidFile(new Obproxy(true, current.running(), current.version(),
                            run.params().homePath(), run.params().sqlPort(), current.pid()));
                }).build();
    }
}
