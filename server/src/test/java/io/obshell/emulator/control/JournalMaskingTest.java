package io.obshell.emulator.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.obshell.emulator.ControlHttp;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.client.ObshellClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The journal masks every key Go's encoding/json would bind to a password field: it matches
 * keys case-insensitively under Unicode simple folding, so "pasſword" (U+017F) or a Kelvin sign
 * for k reach the field as surely as "password" does. Query strings are masked too.
 */
@EmulatorHttpTest
class JournalMaskingTest {

    private static final String SECRET = "Top$ecret-42";

    @Autowired
    EmulatorTestClient emulator;

    ControlHttp control;
    ObshellClient client;

    @BeforeEach
    void start() {
        control = emulator.control();
        client = emulator.withPassword();
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "PASSWORD", "Password", "pas\u017Fword", "PA\u017F\u017FWORD",
        "proxyro_password", "obproxy_sys_pas\u017Fword", "root_password", "masterPassword", "old_pwd",
        "passphrase", "\u212Aey_passwd", "pa\\u0073sword"})
    void everyKeyTheBinderTakesAsAPasswordIsMasked(String key) {
        assertThat(client.post("/api/v1/obproxy/probe", "{\"" + key + "\":\"" + SECRET + "\",\"keep\":1}").status())
                .isEqualTo(200);

        JsonNode entry = latest("/api/v1/obproxy/probe");
        assertThat(entry.toString()).doesNotContain(SECRET);
        assertThat(entry.path("body").path("keep").asInt()).isEqualTo(1);
        assertThat(entry.path("body").size()).isEqualTo(2);
    }

    @Test
    void passwordsInTheQueryStringAreMasked() {
        client.get("/api/v1/task/probe/1?show_details=true&password=" + SECRET + "&pas%73word=" + SECRET
                + "&PA%C5%BFSWORD=" + SECRET);

        JsonNode entry = latest("/api/v1/task/probe");
        assertThat(entry.toString()).doesNotContain(SECRET);
        assertThat(entry.path("uri").asString()).isEqualTo(
                "/api/v1/task/probe/1?show_details=true&password=***&pas%73word=***&PA%C5%BFSWORD=***");
    }

    @Test
    void aBodyThatIsNotOneJsonValueButNamesAPasswordIsNotStored() {
        client.post("/api/v1/obproxy/probe", "{\"pa\\u0073sword\":\"" + SECRET + "\"");

        JsonNode entry = latest("/api/v1/obproxy/probe");
        assertThat(entry.toString()).doesNotContain(SECRET);
        assertThat(entry.path("bodySummary").path("note").asString()).contains("not stored");
    }

    @Test
    void onlyTheFirstJsonValueIsKeptAsGoBindsOnlyIt() {
        client.post("/api/v1/obproxy/probe", "{\"a\":1} {\"password\":\"" + SECRET + "\"}");

        JsonNode entry = latest("/api/v1/obproxy/probe");
        assertThat(entry.toString()).doesNotContain(SECRET);
        assertThat(entry.path("body").toString()).isEqualTo("{\"a\":1}");
    }

    @Test
    void longUrisAreStoredCapped() {
        ObshellClient.Response sent = client.get("/api/v1/task/probe/1?pad=" + "x".repeat(3_000));
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);

        String uri = latest("/api/v1/task/probe").path("uri").asString();
        assertThat(uri).startsWith("/api/v1/task/probe/1?pad=xxx").endsWith("characters)").hasSizeLessThan(2200);
    }

    private JsonNode latest(String path) {
        JsonNode entries = control.get("/__emulator/requests?limit=1&path=" + path).json();
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }
}
