package io.obshell.emulator.obproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.Sandbox;
import io.obshell.emulator.client.EmulatorControl;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.pkg.TestRpms;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * F10: while the ODP restarts (a new pid written again and again) or the emulator resets,
 * readers of the pid file never see it empty, and the upgrade's process check never answers
 * strconv's error or a wrong OBProxy.NotRunning.
 */
@EmulatorHttpTest
@TestPropertySource(properties = "obshell.agent.password=" + EmulatorTestClient.PASSWORD)
@Tag("reliability")
class PidFileRaceTest {

    @Autowired
    EmulatorTestClient emulator;
    @Autowired
    ManagedObproxy obproxy;
    @Autowired
    Sandbox sandbox;

    @TempDir
    Path dir;

    @Test
    void readersNeverSeeAHalfWrittenPidFileDuringRestarts() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        Thread restarts = new Thread(() -> {
            while (running.get()) {
                obproxy.save(obproxy.get().withVersionAndPid(obproxy.get().version(), ManagedObproxy.newPid()));
            }
        });
        restarts.start();
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        try {
            long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < until) {
                String text = sandbox.readString("/home/admin/obproxy/run/obproxy.pid");
                if (!text.matches("\\d+")) {
                    seen.add(text);
                }
            }
        } finally {
            running.set(false);
            restarts.join();
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void upgradeChecksDuringRestartsAndResetsSeeARunningOdp() throws Exception {
        ObshellClient client = emulator.signingWith(EmulatorTestClient.PASSWORD);
        EmulatorControl control = emulator.emulatorControl();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread restarts = new Thread(() -> {
            int i = 0;
            while (running.get()) {
                if (++i % 20 == 0) {
                    control.reset();
                } else {
                    obproxy.save(obproxy.get().withVersionAndPid(obproxy.get().version(), ManagedObproxy.newPid()));
                }
            }
        });
        restarts.start();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        int answers = 0;
        try {
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < until) {
                // Older than the ODP: every answer past the process check is UpgradeToLowerVersion.
                ObshellClient.Response response = client.post("/api/v1/obproxy/upgrade",
                        "{\"version\":\"4.3.1.0\",\"release\":\"1.el7\"}");
                answers++;
                String errCode = response.json().path("error").path("errCode").asString();
                if (!errCode.equals("OBProxy.UpgradeToLowerVersion")) {
                    wrong.add(response.body());
                }
            }
        } finally {
            running.set(false);
            restarts.join();
        }
        assertThat(answers).isPositive();
        assertThat(wrong).isEmpty();
    }
}
