package io.obshell.emulator.client;

import java.util.List;

/**
 * A change to the OceanBase cluster ({@code PUT /__emulator/cluster}); null fields keep their
 * value, an empty {@code rsList} makes every address fail. A reset puts back
 * {@code obshell.emulator.cluster.*}.
 *
 * <pre>{@code control.updateCluster(ClusterUpdate.none().name("prod-1").proxyroPassword("secret")); }</pre>
 */
public record ClusterUpdate(String name, List<String> rsList, String proxyroPassword) {

    public ClusterUpdate {
        rsList = rsList == null ? null : List.copyOf(rsList);
    }

    /** No change yet: start from here and set what should change. */
    public static ClusterUpdate none() {
        return new ClusterUpdate(null, null, null);
    }

    /** What the cluster reports as its name (letters, digits, '_', '.', '-'). */
    public ClusterUpdate name(String value) {
        return new ClusterUpdate(value, rsList, proxyroPassword);
    }

    /** The {@code ip:port} addresses that answer, e.g. {@code 127.0.0.1:2881}. */
    public ClusterUpdate rsList(List<String> addresses) {
        return new ClusterUpdate(name, addresses, proxyroPassword);
    }

    public ClusterUpdate rsList(String... addresses) {
        return rsList(List.of(addresses));
    }

    /** The password proxyro logs in with; a wrong one gets MySQL error 1045. */
    public ClusterUpdate proxyroPassword(String value) {
        return new ClusterUpdate(name, rsList, value);
    }
}
