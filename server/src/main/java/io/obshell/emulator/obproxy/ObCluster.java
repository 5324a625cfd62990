package io.obshell.emulator.obproxy;

import java.util.List;

import io.obshell.emulator.ObshellProperties;
import io.obshell.emulator.Resettable;
import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorMessage;
import org.springframework.stereotype.Component;

/**
 * The OceanBase cluster an added ODP is pointed at through {@code rs_list}: its name, the
 * root-server addresses that answer, and the proxyro password they accept. Adding an ODP logs
 * in to it the way obshell's checkProxyroPasswordAndGetClusterName does (add.go): each address
 * in turn, the first that lets proxyro in gives the cluster name, else the last error wins.
 * Configured by {@code obshell.emulator.cluster.*}, changed at run time by the control plane,
 * put back by a reset.
 */
@Component
public class ObCluster implements Resettable {

    /** What the cluster is now; {@code rsList} holds {@code ip:port} and {@code [ipv6]:port} addresses. */
    public record State(String name, List<String> rsList, String proxyroPassword) {

        public State {
            rsList = List.copyOf(rsList);
            proxyroPassword = proxyroPassword == null ? "" : proxyroPassword;
        }
    }

    private final ObshellProperties.Cluster initial;
    private volatile State state;

    ObCluster(ObshellProperties properties) {
        this.initial = properties.emulator().cluster();
        reset();
    }

    public State state() {
        return state;
    }

    public void state(State newState) {
        this.state = newState;
    }

    @Override
    public int resetOrder() {
        return CONTROL;
    }

    @Override
    public void reset() {
        state = new State(initial.name(), List.of(initial.rsList().split(";")), initial.proxyroPassword());
    }

    /**
     * Logs in as proxyro to each {@code ;}-separated address and answers the cluster name, or
     * fails as obshell does: an address it cannot parse is wrapped "invalid observer info", an
     * address that does not answer gives the driver's raw dial error (500), a wrong password the
     * server's error 1045 (400 MySQL.Error), both unwrapped.
     */
    String clusterName(String rsList, String password, String clientIp) {
        State cluster = state;
        List<String> answering = cluster.rsList().stream().map(ObserverAddress::clusterAddress).toList();
        ApiException last = null;
        for (String rs : rsList.split(";", -1)) {
            ObserverAddress address;
            try {
                address = ObserverAddress.parse(rs);
            } catch (ApiException e) {
                last = ApiException.of(e.code(), ErrorMessage.wrap(ErrorMessage.text("invalid observer info"),
                        e.errorMessage()), ApiException.Stage.HANDLER);
                continue;
            }
            String dial = address.dialAddress();
            if (dial == null) {
                // A host name: the emulator resolves none, as if the name server knew none.
                last = ApiException.raw("dial tcp: lookup " + address.host() + ": no such host",
                        ApiException.Stage.HANDLER);
                continue;
            }
            if (!answering.contains(dial)) {
                last = ApiException.raw("dial tcp " + dial + ": connect: connection refused",
                        ApiException.Stage.HANDLER);
                continue;
            }
            if (!cluster.proxyroPassword().equals(password)) {
                last = ApiException.mysql("Error 1045 (28000): Access denied for user 'proxyro'@'"
                        + clientHost(dial, clientIp) + "' (using password: " + (password.isEmpty() ? "NO" : "YES")
                        + ")");
                continue;
            }
            return cluster.name();
        }
        throw last;
    }

    /** Whether the cluster can hold this address: {@code ip:port} or {@code [ipv6]:port}. */
    public static boolean isClusterAddress(String text) {
        return ObserverAddress.clusterAddress(text) != null;
    }

    /** Where the server sees proxyro come from: the loopback address for a loopback server, else the agent. */
    private static String clientHost(String dial, String clientIp) {
        if (dial.startsWith("127.")) {
            return "127.0.0.1";
        }
        return dial.startsWith("[::1]:") ? "::1" : clientIp;
    }
}
