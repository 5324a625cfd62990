package io.obshell.emulator.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.HeadlessChromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The live page of an emulator whose control plane needs a token: the page's files load without
 * it (they hold no data), every request the page makes carries it, the page asks for it once and
 * keeps it in the tab's sessionStorage, never in the URL.
 */
@EmulatorHttpTest
@TestPropertySource(properties = {"obshell.emulator.control.token=" + LivePageTokenBrowserTest.TOKEN,
        "logging.level.org.openqa.selenium=ERROR"})
class LivePageTokenBrowserTest {

    static final String TOKEN = "page-Token-51c9";

    @Autowired
    EmulatorTestClient emulator;

    @TempDir
    Path dir;

    ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void thePageAsksForTheTokenOnceAndThenWorks() {
        browser = HeadlessChromium.start(dir.resolve("profile"), 1280, 900);
        browser.get(emulator.baseUri().resolve("/__emulator/ui").toString());

        await().atMost(Duration.ofSeconds(30)).until(() -> browser.findElement(By.id("token-form")).isDisplayed());
        assertThat(browser.findElement(By.id("live")).getText()).isEqualTo("Waiting for the control token");
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("token-input");

        browser.findElement(By.id("token-input")).sendKeys("not-the-token", Keys.ENTER);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.findElement(By.id("token-error")).getText().equals("That token was refused."));

        browser.findElement(By.id("token-input")).sendKeys(TOKEN, Keys.ENTER);
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.findElement(By.id("live")).getText().startsWith("Live"));
        assertThat(browser.findElement(By.id("token-form")).isDisplayed()).isFalse();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.findElement(By.id("agent")).getText().contains("SINGLE"));
        assertThat(browser.findElement(By.id("fault-task")).getText()).contains("8 · Hot restart obproxy");

        // Kept for this tab, out of the URL and off the page.
        assertThat(((JavascriptExecutor) browser).executeScript(
                "return sessionStorage.getItem('obshell-emulator.control-token');")).isEqualTo(TOKEN);
        assertThat(browser.getCurrentUrl()).doesNotContain(TOKEN);
        assertThat(browser.findElement(By.id("token-input")).getAttribute("value")).isEmpty();
        assertThat(browser.getPageSource()).doesNotContain(TOKEN);

        // A reload keeps working without asking again.
        browser.navigate().refresh();
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.findElement(By.id("live")).getText().startsWith("Live"));
        assertThat(browser.findElement(By.id("token-form")).isDisplayed()).isFalse();
    }

    @Test
    void onlyThePageFilesGoWithoutTheToken() throws Exception {
        for (String path : new String[] {"/__emulator/ui", "/__emulator/ui/app.js", "/__emulator/ui/app.css"}) {
            assertThat(get(path)).as(path).isEqualTo(200);
        }
        for (String path : new String[] {"/__emulator/ui?token=" + TOKEN, "/__emulator/ui/", "/__emulator/uix",
                "/__emulator/ui/index.html", "/__emulator/dags", "/__emulator/agent", "/__emulator/catalog",
                "/__emulator/requests"}) {
            assertThat(get(path)).as(path).isEqualTo(401);
        }
        // The server refuses an ambiguous path before anything else looks at it.
        assertThat(get("/__emulator//ui")).isEqualTo(400);
        HttpResponse<Void> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                emulator.baseUri().resolve("/__emulator/ui")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(post.statusCode()).isEqualTo(401);
    }

    private int get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(emulator.baseUri() + path))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
