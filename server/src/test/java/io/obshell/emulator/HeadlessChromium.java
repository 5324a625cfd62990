package io.obshell.emulator;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium driven through its chromedriver, headless, with a fresh profile. The paths
 * can be changed with {@code -Dui.chromium=} and {@code -Dui.chromedriver=}. Where they are
 * missing the browser tests are skipped, except under CI ({@code CI=true}), whose
 * {@code .ci/run} installs both: there a missing browser fails the build.
 */
public final class HeadlessChromium {

    private HeadlessChromium() {
    }

    public static ChromeDriver start(Path profile, int width, int height) {
        String chromium = System.getProperty("ui.chromium", "/usr/bin/chromium");
        String chromedriver = System.getProperty("ui.chromedriver", "/usr/bin/chromedriver");
        boolean present = Files.isExecutable(Path.of(chromium)) && Files.isExecutable(Path.of(chromedriver));
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI needs " + chromium + " and " + chromedriver
                    + " (apt-get install chromium chromium-driver, as .ci/run does)");
        }
        assumeTrue(present, () -> "no " + chromium + " or " + chromedriver
                + ": apt-get install chromium chromium-driver to run the browser tests");
        try {
            Files.createDirectories(profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath(),
                "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver))
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(60))
                .build();
        return new ChromeDriver(service, options);
    }
}
