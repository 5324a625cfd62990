package io.obshell.emulator.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.obshell.emulator.ControlHttp;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code GET /__emulator/ui}: the page, its script and style sheet, served with a strict policy. */
@EmulatorHttpTest
class UiPageTest {

    @Autowired
    EmulatorTestClient emulator;

    @Test
    void thePageAndItsFilesAreServedWithAPolicyThatRunsOnlyTheirOwnScript() throws Exception {
        ControlHttp.Response page = emulator.control().get("/__emulator/ui");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).isEqualToIgnoringCase("text/html;charset=UTF-8");
        assertThat(page.body()).contains("<title>obshell emulator</title>")
                .contains("<script src=\"/__emulator/ui/app.js\" defer></script>")
                .contains("<link rel=\"stylesheet\" href=\"/__emulator/ui/app.css\">")
                // Nothing loaded from elsewhere, no inline script or style for the policy to allow.
                .doesNotContain("http://").doesNotContain("https://").doesNotContain("<script>")
                .doesNotContain("style=");

        HttpResponse<Void> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(emulator.baseUri().resolve("/__emulator/ui")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(
                policy).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'",
                        "frame-ancestors 'none'").doesNotContain("unsafe"));
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");

        ControlHttp.Response script = emulator.control().get("/__emulator/ui/app.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.contentType()).isEqualToIgnoringCase("text/javascript;charset=UTF-8");
        assertThat(script.body()).contains("'/__emulator'");
        ControlHttp.Response style = emulator.control().get("/__emulator/ui/app.css");
        assertThat(style.status()).isEqualTo(200);
        assertThat(style.contentType()).isEqualToIgnoringCase("text/css;charset=UTF-8");

        assertThat(emulator.control().get("/__emulator/ui/index.html").status()).isEqualTo(404);
    }

    @Test
    void healthLinksToThePage() {
        assertThat(emulator.control().get("/__emulator/health").json().path("ui").asString())
                .isEqualTo("/__emulator/ui");
    }

    /**
     * Journaled URIs and bodies are whatever a client sent: the script must put them on the page
     * as text. It never parses HTML from strings (the browser test shows a body with markup as text).
     */
    @Test
    void theScriptBuildsThePageFromTextNodesOnly() throws IOException {
        String script = resource("emulator-ui/app.js");
        assertThat(script).doesNotContain("innerHTML").doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML")
                .doesNotContain("document.write").doesNotContain("eval(").doesNotContain("new Function");
    }

    /** Every form control of the page has a label. */
    @Test
    void everyInputOfThePageHasALabel() throws IOException {
        String html = resource("emulator-ui/index.html");
        Matcher controls = Pattern.compile("<(input|select)[^>]*\\bid=\"([^\"]+)\"[^>]*>").matcher(html);
        int found = 0;
        while (controls.find()) {
            found++;
            String id = controls.group(2);
            boolean wrapped = html.contains("<label class=\"check\"><input id=\"" + id + "\"");
            assertThat(wrapped || html.contains("<label for=\"" + id + "\">")).as("label for #%s", id).isTrue();
        }
        assertThat(found).isGreaterThanOrEqualTo(10);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = UiPageTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
