package io.obshell.emulator.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.HeadlessChromium;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.pkg.TestRpms;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The live page in real headless Chromium: a fault armed with the page's form, an upgrade
 * started through the obshell client, the page showing the DAG advance and stop FAILED at stage
 * 8 with the fault's log line, RETRY from the page to SUCCEED, and the journal showing the
 * upgrade's decrypted body with the password masked. It also saves the screenshot the README
 * shows: {@code -Dui.screenshot=PATH} writes it there too.
 */
@EmulatorHttpTest
// Selenium warns on every start that it has no DevTools binding for this Chromium: the tests use none.
@TestPropertySource(properties = "logging.level.org.openqa.selenium=ERROR")
class LivePageBrowserTest {

    private static final String UPGRADE = "/api/v1/obproxy/upgrade";
    private static final String UPGRADE_BODY = "{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}";
    private static final String FAULT_MESSAGE = "hot restart failed in the browser test";

    @Autowired
    EmulatorTestClient emulator;

    @TempDir
    Path dir;

    ChromeDriver browser;
    ObshellClient client;

    @BeforeEach
    void emulatorWithAPackageAndABrowser() {
        client = emulator.withPassword();
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").build(dir);
        assertThat(client.upload("/api/v1/obproxy/package", "p.rpm", rpm).status()).isEqualTo(200);
        browser = HeadlessChromium.start(dir.resolve("profile"), 1280, 980);
        browser.get(emulator.baseUri().resolve("/__emulator/ui").toString());
        awaitPage().until(() -> text("#live").startsWith("Live"));
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) {
            // What the page showed last, to read when a run fails (CI keeps target/).
            Path last = Path.of("target/ui");
            Files.createDirectories(last);
            Files.write(last.resolve("last-page.png"), browser.getScreenshotAs(OutputType.BYTES));
            Files.writeString(last.resolve("last-page.txt"), text("body"));
            browser.quit();
        }
    }

    @Test
    void upgradeFailsAtStageEightOnTheArmedFaultAndRetryFromThePageFinishesIt() throws IOException {
        // Slow enough that a poll (every 750 ms) sees the stages go by.
        WebElement stageDelay = browser.findElement(By.id("stage-delay"));
        stageDelay.clear();
        stageDelay.sendKeys("500ms", Keys.ENTER);
        awaitPage().until(() -> "PT0.5S".equals(emulator.control().get("/__emulator/pacing").json()
                .path("stageDelay").asString()));

        armTheFaultWithTheForm();
        awaitPage().until(() -> text("#fault-list").contains("1 of 1 left · fired 0"));

        String id = client.post(UPGRADE, UPGRADE_BODY).data().path("id").asString();
        String dag = "#dag-list li.dag[data-id='" + id + "']";
        awaitPage().until(() -> exists(dag));
        // Opened from the keyboard: Enter on the DAG's button.
        retryingStale(() -> browser.findElement(By.cssSelector(dag + " button.dag-open")).sendKeys(Keys.ENTER));
        awaitPage().until(() -> !exists("#dag-detail[hidden]") && text("#detail-title").contains(id));
        // Opening takes the focus to the DAG's details.
        awaitPage().until(() -> "detail-title".equals(browser.switchTo().activeElement().getAttribute("id")));

        List<Integer> runningStages = new ArrayList<>();
        boolean[] screenshotTaken = {false};
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsInstanceOf(StaleElementReferenceException.class).until(() -> {
                    Map<String, Object> seen = currentStage(dag);
                    if ("RUNNING".equals(seen.get("state")) && seen.get("stage") != null) {
                        int stage = Integer.parseInt(seen.get("stage").toString());
                        if (runningStages.isEmpty() || runningStages.get(runningStages.size() - 1) != stage) {
                            runningStages.add(stage);
                        }
                        if (stage >= 6 && !screenshotTaken[0] && text("#node-list").contains("Reinstall obproxy bin")) {
                            screenshot();
                            screenshotTaken[0] = true;
                        }
                    }
                    return "FAILED".equals(seen.get("state"));
                });

        // The page showed the DAG advance, stage by stage, before it stopped.
        assertThat(runningStages).hasSizeGreaterThanOrEqualTo(2).isSorted().allMatch(stage -> stage <= 8);
        Map<String, Object> failed = currentStage(dag);
        assertThat(failed.get("stage")).isEqualTo("8");
        assertThat(failed.get("stageState")).isEqualTo("FAILED");
        assertThat(text(dag + " .stage-caption")).contains("Stage 8 of 10: Hot restart obproxy").contains("FAILED");
        // States are words and symbols, not colour alone.
        assertThat(text(dag + " .state")).isEqualTo("✗ FAILED");
        assertThat(attribute(dag + " .stages li[data-stage='8']", "title"))
                .isEqualTo("Stage 8, Hot restart obproxy: FAILED (current stage)");

        // The fault's log line, in the node of stage 8, as the task routes return it.
        awaitPage().until(() -> text("#node-list li.node[data-stage='8'] .logs")
                .contains("ERROR: [OBProxy.HotRestartFailed]: " + FAULT_MESSAGE));
        assertThat(client.get("/api/v1/task/dag/" + id).data().path("nodes").get(7).path("sub_tasks").get(0)
                .path("task_logs").toString()).contains("ERROR: [OBProxy.HotRestartFailed]: " + FAULT_MESSAGE);
        // The operators obshell allows on a DAG failed at stage 8: not CANCEL (it is finished).
        awaitPage().until(() -> operatorButtons().equals(List.of("RETRY", "ROLLBACK", "PASS")));
        assertThat(text("#lock")).contains("Held by").contains(id);

        retryingStale(() -> browser.findElement(By.cssSelector("#operator-buttons button[data-op='RETRY']")).click());
        awaitPage().until(() -> text("#operator-result").contains("RETRY accepted"));
        awaitPage().until(() -> "SUCCEED".equals(attribute(dag, "data-state")));
        awaitPage().until(() -> text("#detail-summary .state").equals("✓ SUCCEED") && operatorButtons().isEmpty());
        assertThat(client.get("/api/v1/task/dag/" + id).data().path("state").asString()).isEqualTo("SUCCEED");
        awaitPage().until(() -> text("#lock").equals("Free"));
        awaitPage().until(() -> text("#odp").contains("4.3.3.0-5"));

        theJournalShowsTheUpgradeBodyWithThePasswordMasked();
    }

    @Test
    void pacingFaultsAndResetFromTheKeyboardAndThePage() {
        // The first Tab stop is the skip link; it moves focus to the DAGs.
        browser.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        assertThat(browser.switchTo().activeElement().getText()).isEqualTo("Skip to the DAGs");
        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        awaitPage().until(() -> "dags".equals(browser.switchTo().activeElement().getAttribute("id")));

        // Paused, a new upgrade waits; each Step moves it on; Resume lets it finish.
        WebElement pause = browser.findElement(By.id("pause"));
        assertThat(pause.getAttribute("aria-pressed")).isEqualTo("false");
        assertThat(browser.findElement(By.id("step")).isEnabled()).isFalse();
        pause.sendKeys(Keys.ENTER);
        awaitPage().until(() -> "true".equals(attribute("#pause", "aria-pressed")) && text("#pause").equals("Resume"));
        assertThat(text("#pacing-state")).startsWith("⏸ Paused");
        assertThat(browser.findElement(By.id("step")).isEnabled()).isTrue();
        String id = client.post(UPGRADE, UPGRADE_BODY).data().path("id").asString();
        String dag = "#dag-list li.dag[data-id='" + id + "']";
        awaitPage().until(() -> "READY".equals(attribute(dag, "data-state")));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(StaleElementReferenceException.class).until(() -> {
                    browser.findElement(By.id("step")).click();
                    return "2".equals(currentStage(dag).get("stage"));
                });
        assertThat(attribute(dag, "data-state")).isEqualTo("RUNNING");
        browser.findElement(By.id("pause")).click();
        awaitPage().until(() -> "SUCCEED".equals(attribute(dag, "data-state")));
        assertThat(text("#pause")).isEqualTo("Pause");

        // A rule armed elsewhere shows up; Delete removes it.
        assertThat(emulator.control().post("/__emulator/faults", "{\"task\":\"Backup for upgrade\"}").status())
                .isEqualTo(201);
        awaitPage().until(() -> text("#fault-list").contains("Backup for upgrade") && text("#fault-list")
                .contains("every time · fired 0"));
        retryingStale(() -> browser.findElement(By.cssSelector("#fault-list button")).click());
        awaitPage().until(() -> text("#fault-list").equals("No fault armed."));
        assertThat(emulator.control().get("/__emulator/faults").json()).isEmpty();

        // A bad stage delay is refused with the control plane's reason.
        WebElement stageDelay = browser.findElement(By.id("stage-delay"));
        stageDelay.clear();
        stageDelay.sendKeys("soon", Keys.ENTER);
        awaitPage().until(() -> text("#pacing-error").contains("'stageDelay' is not a duration"));

        // Reset asks first: Escape keeps everything, the Reset button resets.
        browser.findElement(By.id("reset-open")).click();
        awaitPage().until(() -> browser.findElement(By.id("reset-dialog")).isDisplayed());
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("reset-cancel");
        browser.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        awaitPage().until(() -> !browser.findElement(By.id("reset-dialog")).isDisplayed());
        assertThat(emulator.control().get("/__emulator/dags").json().path("total").asInt()).isEqualTo(1);
        browser.findElement(By.id("reset-open")).click();
        awaitPage().until(() -> browser.findElement(By.id("reset-dialog")).isDisplayed());
        browser.findElement(By.id("reset-confirm")).click();
        awaitPage().until(() -> text("#live").startsWith("Reset done") || text("#dag-list").startsWith("No DAG yet"));
        awaitPage().until(() -> text("#dag-list").startsWith("No DAG yet") && text("#request-list").equals("No request matches."));
        assertThat(emulator.control().get("/__emulator/dags").json().path("total").asInt()).isZero();
    }

    /** Every state word and stage number on the page meets WCAG AA contrast (4.5:1) against its background. */
    @Test
    void statesAreReadableAndNotColourAlone() {
        arm("{\"task\":\"Check obproxy pkg\",\"times\":1}");
        String id = client.post(UPGRADE, UPGRADE_BODY).data().path("id").asString();
        String dag = "#dag-list li.dag[data-id='" + id + "']";
        awaitPage().until(() -> "FAILED".equals(attribute(dag, "data-state")));
        retryingStale(() -> browser.findElement(By.cssSelector(dag + " button.dag-open")).click());
        awaitPage().until(() -> text("#node-list").contains("Check obproxy pkg"));

        @SuppressWarnings("unchecked")
        List<String> poor = (List<String>) js("""
                const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
                const lum = (c) => { const v = rgb(c).map(x => { x /= 255;
                  return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
                  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
                const background = (e) => { for (; e; e = e.parentElement) {
                  const b = getComputedStyle(e).backgroundColor;
                  if (b && !b.startsWith('rgba(0, 0, 0, 0)') && b !== 'transparent') return b; } return 'rgb(255, 255, 255)'; };
                const poor = [];
                for (const e of document.querySelectorAll('.state, .stages li, button, .hint, .dag-meta, .logs li, dt')) {
                  const a = lum(getComputedStyle(e).color), b = lum(background(e));
                  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
                  if (ratio < 4.5) poor.push(e.className + ' "' + e.innerText.trim().slice(0, 30) + '" ' + ratio.toFixed(2));
                }
                return poor;
                """);
        assertThat(poor).isEmpty();
        // Each state is a word with a symbol, not a colour alone.
        @SuppressWarnings("unchecked")
        List<String> badges = (List<String>) js("return [...document.querySelectorAll('#dag-list .state')]"
                + ".map(e => e.innerText.trim());");
        assertThat(badges).contains("✗ FAILED");
        @SuppressWarnings("unchecked")
        List<String> segments = (List<String>) js("return [...document.querySelectorAll('#dag-list .stages li')]"
                + ".map(e => e.querySelector('[aria-hidden]').innerText.trim());");
        assertThat(segments).containsExactly("✓1", "✓2", "✗3", "○4", "○5", "○6", "○7", "○8", "○9", "○10");
    }

    private void arm(String rule) {
        assertThat(emulator.control().post("/__emulator/faults", rule).status()).isEqualTo(201);
    }

    private void armTheFaultWithTheForm() {
        new Select(browser.findElement(By.id("fault-dag"))).selectByVisibleText("Upgrade obproxy");
        new Select(browser.findElement(By.id("fault-task"))).selectByVisibleText("8 · Hot restart obproxy");
        browser.findElement(By.id("fault-times")).sendKeys("1");
        browser.findElement(By.id("fault-errcode")).sendKeys("OBProxy.HotRestartFailed");
        browser.findElement(By.id("fault-message")).sendKeys(FAULT_MESSAGE);
        browser.findElement(By.cssSelector("#fault-form button[type='submit']")).click();
    }

    private void theJournalShowsTheUpgradeBodyWithThePasswordMasked() {
        // A request the agent refuses, so the status filter has something to tell apart.
        assertThat(emulator.signingWith("not the password").post(UPGRADE, UPGRADE_BODY).status()).isEqualTo(401);
        // A hostile client's body: the page must show it as text, never run it.
        String markup = "<img src=x onerror=window.__pwned=1>";
        assertThat(client.post(UPGRADE, "{\"version\":\"" + markup + "\",\"release\":\"5.el7\"}").status())
                .isBetween(400, 499);

        browser.findElement(By.id("filter-path")).sendKeys(UPGRADE);
        awaitPage().until(() -> journalPaths().size() == 3 && journalPaths().stream().allMatch(UPGRADE::equals));
        new Select(browser.findElement(By.id("filter-status"))).selectByValue("401");
        awaitPage().until(() -> journalPaths().size() == 1 && text("#request-list").contains("✗ 401"));

        new Select(browser.findElement(By.id("filter-status"))).selectByValue("4xx");
        awaitPage().until(() -> journalPaths().size() == 2);
        String hostile = "#request-list li:first-child details";
        retryingStale(() -> browser.findElement(By.cssSelector(hostile + " summary")).click());
        awaitPage().until(() -> text(hostile + " pre.journal-body").contains(markup));
        assertThat(js("return window.__pwned === undefined && document.querySelector('#request-list img') === null;"))
                .isEqualTo(true);

        new Select(browser.findElement(By.id("filter-status"))).selectByValue("2xx");
        awaitPage().until(() -> journalPaths().size() == 1 && text("#request-list").contains("✓ 200"));
        String entry = "#request-list details[data-path='" + UPGRADE + "']";
        retryingStale(() -> browser.findElement(By.cssSelector(entry + " summary")).click());
        awaitPage().until(() -> text(entry + " pre.journal-body").contains("\"version\": \"4.3.3.0\""));
        assertThat(text(entry + " pre.journal-body")).contains("\"release\": \"5.el7\"");
        assertThat(text(entry + " pre.journal-header")).contains("\"auth\": \"***\"").contains("\"uri\": \"" + UPGRADE);
        assertThat(browser.getPageSource()).doesNotContain(EmulatorTestClient.PASSWORD);
    }

    private ConditionFactory awaitPage() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsInstanceOf(StaleElementReferenceException.class);
    }

    /** The DAG's state, its current stage and that stage's state, read in one go from the page. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> currentStage(String dag) {
        return (Map<String, Object>) js("""
                const dag = document.querySelector(arguments[0]);
                if (!dag) return {};
                const current = dag.querySelector('.stages li[aria-current="step"]');
                return {state: dag.dataset.state, stage: current ? current.dataset.stage : null,
                        stageState: current ? current.dataset.state : null};
                """, dag);
    }

    @SuppressWarnings("unchecked")
    private List<String> operatorButtons() {
        return (List<String>) js("return [...document.querySelectorAll('#operator-buttons button')]"
                + ".map(b => b.dataset.op);");
    }

    @SuppressWarnings("unchecked")
    private List<String> journalPaths() {
        return (List<String>) js("return [...document.querySelectorAll('#request-list details')]"
                + ".map(d => d.dataset.path);");
    }

    private boolean exists(String css) {
        return (Boolean) js("return document.querySelector(arguments[0]) !== null;", css);
    }

    private String text(String css) {
        Object text = js("const e = document.querySelector(arguments[0]); return e ? e.innerText.trim() : '';", css);
        return text == null ? "" : text.toString();
    }

    private String attribute(String css, String name) {
        Object value = js("const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
                css, name);
        return value == null ? null : value.toString();
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private static void retryingStale(Runnable action) {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(StaleElementReferenceException.class)
                .until(() -> {
                    action.run();
                    return true;
                });
    }

    /** target/ui/live-page.png, and {@code -Dui.screenshot=PATH} when given (the README's picture). */
    private void screenshot() {
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        try {
            Path target = Path.of("target/ui/live-page.png");
            Files.createDirectories(target.getParent());
            Files.write(target, png);
            String wanted = System.getProperty("ui.screenshot");
            if (wanted != null && !wanted.isBlank()) {
                Files.write(Path.of(wanted), png);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
