package io.obshell.emulator.obproxy;

import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.obshell.emulator.ControlHttp;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.EnvelopeAssert;
import io.obshell.emulator.client.ObshellClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code rs_list} entries with IPv6 (and the IPv4 forms obshell does not check), over real
 * HTTP: parsed as obshell's meta.ConvertAddressToAgentInfo does, then dialled where Go's MySQL
 * driver would dial, against a cluster that answers on IPv4 and IPv6 addresses.
 */
@EmulatorHttpTest
@TestPropertySource(properties = "obshell.emulator.cluster.rs-list=" + RsListAddressesTest.CLUSTER)
class RsListAddressesTest {

    private static final String HOME = "/home/admin/obproxy";
    static final String CLUSTER = "127.0.0.1:2881;[::1]:2881;[2001:db8::7]:2882";

    @Autowired
    EmulatorTestClient emulator;

    ControlHttp control;
    ObshellClient client;

    @BeforeEach
    void installedOdpAndTheConfiguredDualStackCluster() {
        control = emulator.control();
        assertThat(control.put("/__emulator/pacing", "{\"paused\":true}").status()).isEqualTo(200);
        ControlHttp.Response odp = control.put("/__emulator/obproxy",
                "{\"managed\":false,\"running\":false,\"layout\":\"installed\"}");
        assertThat(odp.status()).as(odp.body()).isEqualTo(200);
        client = emulator.withPassword();
    }

    private EnvelopeAssert add(String rsList, String proxyroPassword) {
        return assertEnvelope(client.post("/api/v1/obproxy", "{\"home_path\":\"" + HOME + "\",\"rs_list\":\""
                + rsList + "\",\"proxyro_password\":\"" + proxyroPassword + "\"}"));
    }

    @Test
    void theConfiguredClusterHoldsIpv6AddressesAndEchoesThemAsGiven() {
        assertThat(control.get("/__emulator/cluster").json().path("rsList").asString()).isEqualTo(CLUSTER);
    }

    @Test
    void theControlPlaneTakesIpv6AddressesToo() {
        ControlHttp.Response put = control.put("/__emulator/cluster", "{\"rsList\":\"[fd00::10]:2881;10.0.0.1:2881\"}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);

        add("[fd00:0::10]:2881", "").isSuccess();
        add("[::1]:2881", "").isHandlerError(500, "Common.Unexpected", null,
                "dial tcp [::1]:2881: connect: connection refused");
    }

    // The same address however it is written; the pattern is found anywhere in an IPv6 entry.
    @ParameterizedTest
    @ValueSource(strings = {"[::1]:2881", "[0:0:0:0:0:0:0:1]:2881", "[0000::0001]:2881", "[2001:DB8:0:0::7]:2882",
        "x[::1]:2881y", "[::1]:+2881;127.0.0.9:2881;[::1]:2881", "[::1]:00000000000000000002881", "127.0.0.1:+2881"})
    void anIpv6AddressOfTheClusterLetsProxyroIn(String rsList) {
        add(rsList, "").isSuccess();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // Dialled, nobody answers: Go prints the address as it dialled it.
        "::1|500|Common.Unexpected|dial tcp [::1]:2886: connect: connection refused",
        "[::1]|500|Common.Unexpected|dial tcp [::1]:2886: connect: connection refused",
        "::1:2881|500|Common.Unexpected|dial tcp [::1:2881]:2886: connect: connection refused",
        "[2001:0DB8::0:7]:2881|500|Common.Unexpected|dial tcp [2001:db8::7]:2881: connect: connection refused",
        "[1:0:0:2:0:0:0:3]:2881|500|Common.Unexpected|dial tcp [1:0:0:2::3]:2881: connect: connection refused",
        "[fe80::1%eth0]:2881|500|Common.Unexpected|dial tcp [fe80::1]:2886: connect: connection refused",
        "[::1]:abc|500|Common.Unexpected|dial tcp [::1]:2886: connect: connection refused",
        // IPv4 without a port is not checked: a host name the emulator never resolves.
        "127.0.0.1|500|Common.Unexpected|dial tcp 127.0.0.1:2886: connect: connection refused",
        "1.2.3|500|Common.Unexpected|dial tcp: lookup 1.2.3: no such host",
        // Refused by the parser, wrapped.
        "[::1]:1024|400|Common.InvalidPort|invalid observer info: The port '1024' is invalid, must be in [1024, 65535]",
        "[::1]:65536|400|Common.InvalidPort|invalid observer info: The port '65536' is invalid, must be in [1024, 65535]",
        "[::ffff:7f00:1]:2881|400|Common.InvalidIp|invalid observer info: '::ffff:7f00:1' is not a valid IP address",
        "[1:2:3]:2881|400|Common.InvalidIp|invalid observer info: '1:2:3' is not a valid IP address",
        "[12345::1]:2881|400|Common.InvalidIp|invalid observer info: '12345::1' is not a valid IP address",
        "[1::2::3]:2881|400|Common.InvalidIp|invalid observer info: '1::2::3' is not a valid IP address",
        "[1:2:3:4:5:6:7::8]:2881|400|Common.InvalidIp|invalid observer info: '1:2:3:4:5:6:7::8' is not a valid IP address",
        "localhost:2881|400|Common.InvalidIp|invalid observer info: 'ca' is not a valid IP address",
        "zzz|400|Common.InvalidAddress|invalid observer info: 'zzz' is not a valid address",
        "::ffff:127.0.0.1:2881|400|Common.InvalidAddress|invalid observer info: '::ffff:127.0.0.1:2881' is not a valid address",
        // The last error wins.
        "[::1]:80;[::2]:2881|500|Common.Unexpected|dial tcp [::2]:2881: connect: connection refused",
        "[::2]:2881;[::1]:80|400|Common.InvalidPort|invalid observer info: The port '80' is invalid, must be in [1024, 65535]"})
    void otherFormsFailAsObshellParsesAndDialsThem(String rsList, int status, String errCode, String message) {
        add(rsList, "").isHandlerError(status, errCode, null, message);
    }

    @Test
    void aWrongPasswordOverIpv6IsRefusedByTheServerForTheLoopbackClient() {
        control.put("/__emulator/cluster", "{\"proxyroPassword\":\"Right1\"}");

        add("[::1]:2881", "Wrong1").isHandlerError(400, "MySQL.Error", null,
                "Error 1045 (28000): Access denied for user 'proxyro'@'::1' (using password: YES)");
        add("[::1]:2881", "Right1").isSuccess();
    }

    @ParameterizedTest
    @ValueSource(strings = {"::1:2881", "[::1]", "[::ffff:7f00:1]:2881", "[1::2::3]:2881", "[::1]:0", "[::1]:65536",
        "[::1%lo]:2881", "127.0.0.1:2881;", "256.0.0.1:2881"})
    void theClusterRefusesAnAddressItCouldNeverAnswerOn(String rsList) {
        ControlHttp.Response refused = control.put("/__emulator/cluster", "{\"rsList\":\"" + rsList + "\"}");

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("'rsList' must be ip:port addresses separated by ';' (an IPv6 ip in brackets)");
        assertThat(control.get("/__emulator/cluster").json().path("rsList").asString()).isEqualTo(CLUSTER);
    }
}
