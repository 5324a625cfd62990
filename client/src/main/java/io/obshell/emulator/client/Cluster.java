package io.obshell.emulator.client;

import java.util.List;

/**
 * {@code GET|PUT /__emulator/cluster}: the OceanBase cluster behind an added ODP's
 * {@code rs_list}. {@code rsList} holds the {@code ip:port} addresses that answer (any other gets
 * a connection error); the proxyro password is never answered, only whether one is set.
 */
public record Cluster(String name, List<String> rsList, boolean proxyroPasswordSet) {
}
