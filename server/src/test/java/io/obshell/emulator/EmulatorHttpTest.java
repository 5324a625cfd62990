package io.obshell.emulator;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;

/**
 * A test against the whole emulator over real HTTP on a random port, with its data directory
 * under target/ (one per Spring context), reset before and after each test. Inject
 * {@link EmulatorTestClient} to talk to it. For tests that need no server bean, prefer
 * {@code @ObshellEmulatorTest} (the emulator in its own process, as our users run it).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = {EmulatorApplication.class, EmulatorTestClient.class, PolicyProbeController.class})
@TestPropertySource(properties = "obshell.data-dir=target/test-data/${random.uuid}")
@ExtendWith(ResetAroundEach.class)
public @interface EmulatorHttpTest {
}
