package io.obshell.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.obshell.emulator.client.ObshellClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@EmulatorHttpTest
class SmokeTest {

    @Autowired
    EmulatorTestClient emulator;

    @Test
    void signedRequestReachesAnObproxyRouteWithItsBodyDecrypted() {
        ObshellClient client = emulator.withPassword();
        ObshellClient.Response response = client.post("/api/v1/obproxy/probe", "{\"a\":1}");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.data().asString()).isEqualTo("{\"a\":1}");
    }
}
