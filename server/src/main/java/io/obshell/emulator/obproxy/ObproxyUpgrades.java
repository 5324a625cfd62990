package io.obshell.emulator.obproxy;

import java.io.IOException;
import java.time.Clock;

import io.obshell.emulator.agent.AgentIdentity;
import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;
import io.obshell.emulator.pkg.ObVersion;
import io.obshell.emulator.pkg.ObproxyRpm;
import io.obshell.emulator.task.DagFactory;
import io.obshell.emulator.task.TaskDtos;
import org.springframework.stereotype.Service;

/**
 * {@code POST /api/v1/obproxy/upgrade} after binding: obshell's checks in its order
 * (envelope-errors.md §2.3 rows J–S), then the "Upgrade obproxy" DAG, which takes the lock.
 */
@Service
class ObproxyUpgrades {

    static final String PACKAGE_NAME = ObproxyRpm.NAME;

    private final ManagedObproxy obproxy;
    private final UpgradePackages packages;
    private final DagFactory dags;
    private final UpgradeObproxyDag dag;
    private final AgentIdentity agent;
    private final Clock clock;
    private final ObproxySql sql;

    ObproxyUpgrades(ManagedObproxy obproxy, UpgradePackages packages, DagFactory dags, UpgradeObproxyDag dag,
            AgentIdentity agent, Clock clock, ObproxySql sql) {
        this.dag = dag;
        this.sql = sql;
        this.obproxy = obproxy;
        this.packages = packages;
        this.dags = dags;
        this.agent = agent;
        this.clock = clock;
    }

    record UpgradeRequest(String version, String release, String upgradeDir) {
    }

    /** Under the ODP's read lock: the checks see one state, never a restart or reset half done. */
    TaskDtos.DagDetailDTO upgrade(UpgradeRequest request) {
        return obproxy.consistently(current -> upgrade(request, current));
    }

    private TaskDtos.DagDetailDTO upgrade(UpgradeRequest request, Obproxy current) {
        if (!current.managed()) {
            throw ApiException.handler(ErrorCode.OBPROXY_NOT_BE_MANAGED);
        }
        checkProcessAlive(current);
        if (current.sqlPort() == 0) {
            throw ApiException.handler(ErrorCode.COMMON_UNEXPECTED, "obproxy sql port has not been initialized");
        }
        // GetObproxyVersion: show proxyconfig, then show proxyinfo binary.
        sql.queryForRequest(current.sqlPort());
        ObVersion.Release release = ObVersion.splitRelease(request.release());
        String target = request.version() + "-" + release.buildNumber();
        if (ObVersion.compare(current.version(), target) >= 0) {
            throw ApiException.handler(ErrorCode.OBPROXY_UPGRADE_TO_LOWER_VERSION, target, current.version());
        }
        String dir = trimSpace(request.upgradeDir());
        if (!dir.isEmpty()) {
            UpgradeDirPath.check(request.upgradeDir());
        } else {
            dir = current.homePath();
        }
        if (packages.find(request.version(), release.buildNumber(), release.distribution(), agent.architecture()) == null) {
            throw ApiException.handler(ErrorCode.OBPROXY_PACKAGE_NOT_FOUND,
                    PACKAGE_NAME + "-" + request.version() + "-" + request.release() + "." + agent.architecture()
                            + ".rpm");
        }
        return dags.create(dag, new UpgradeObproxyDag.Params(
                dir + "/obproxy-upgrade-dir-" + clock.instant().getEpochSecond(), request.version(),
                release.buildNumber(), release.distribution(), request.release()));
    }

    /** Go's strings.TrimSpace: Unicode white space (unicode.IsSpace), where Java's trim() cuts controls. */
    static String trimSpace(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isGoSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isGoSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isGoSpace(char c) {
        return (c >= '\t' && c <= '\r') || c == '\u0085' || Character.isSpaceChar(c);
    }

    /**
     * obshell reads {@code <home>/run/obproxy.pid} (missing = pid 0) and checks the process. The
     * sandbox refuses a pid file that is a link; errors name the client's path, as Go's would.
     */
    private void checkProcessAlive(Obproxy current) {
        long pid;
        try {
            pid = obproxy.pidFileValue(current.homePath());
        } catch (IOException e) {
            throw ApiException.raw(e.getMessage(), ApiException.Stage.HANDLER);
        }
        if (pid == 0 || !current.running() || pid != current.pid()) {
            throw ApiException.handler(ErrorCode.OBPROXY_NOT_RUNNING);
        }
    }
}
