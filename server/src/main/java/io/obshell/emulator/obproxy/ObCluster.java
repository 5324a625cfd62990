package io.obshell.emulator.obproxy;

import java.util.List;
import java.util.regex.Pattern;

import io.obshell.emulator.ObshellProperties;
import io.obshell.emulator.Resettable;
import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;
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

    /** What the cluster is now; {@code rsList} holds {@code ip:port} addresses. */
    public record State(String name, List<String> rsList, String proxyroPassword) {

        public State {
            rsList = List.copyOf(rsList);
            proxyroPassword = proxyroPassword == null ? "" : proxyroPassword;
        }
    }

    /** obshell's DEFAULT_AGENT_PORT, taken for an address without a port. */
    private static final int DEFAULT_PORT = 2886;
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

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
        ApiException last = null;
        for (String rs : rsList.split(";", -1)) {
            String address;
            try {
                address = address(rs);
            } catch (ApiException e) {
                last = ApiException.of(e.code(), ErrorMessage.wrap(ErrorMessage.text("invalid observer info"),
                        e.errorMessage()), ApiException.Stage.HANDLER);
                continue;
            }
            if (!cluster.rsList().contains(address)) {
                last = ApiException.raw("dial tcp " + address + ": connect: connection refused",
                        ApiException.Stage.HANDLER);
                continue;
            }
            if (!cluster.proxyroPassword().equals(password)) {
                String host = address.startsWith("127.") ? "127.0.0.1" : clientIp;
                last = ApiException.mysql("Error 1045 (28000): Access denied for user 'proxyro'@'" + host
                        + "' (using password: " + (password.isEmpty() ? "NO" : "YES") + ")");
                continue;
            }
            return cluster.name();
        }
        throw last;
    }

    /** obshell's ConvertAddressToAgentInfo for an IPv4 {@code ip[:port]}, as {@code ip:port}. */
    private static String address(String host) {
        if (host.isEmpty()) {
            throw ApiException.handler(ErrorCode.COMMON_INVALID_ADDRESS, host);
        }
        String[] parts = host.split(":", -1);
        if (parts.length > 2) {
            throw ApiException.handler(ErrorCode.COMMON_INVALID_ADDRESS, host);
        }
        int port = DEFAULT_PORT;
        if (parts.length == 2) {
            long value = INTEGER.matcher(parts[1]).matches() && parts[1].length() < 19 ? Long.parseLong(parts[1]) : -1;
            if (value <= 1024 || value >= 65536) {
                throw ApiException.handler(ErrorCode.COMMON_INVALID_PORT, parts[1]);
            }
            port = (int) value;
        }
        if (!isIpv4(parts[0])) {
            throw ApiException.handler(ErrorCode.COMMON_INVALID_IP, parts[0]);
        }
        return parts[0] + ":" + port;
    }

    private static boolean isIpv4(String ip) {
        String[] octets = ip.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (!octet.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }
}
