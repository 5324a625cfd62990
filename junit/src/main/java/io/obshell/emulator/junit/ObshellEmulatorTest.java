package io.obshell.emulator.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against an obshell emulator in its own process, with the agent password
 * {@code test}, reset before each test. Test and lifecycle methods can take an
 * {@link io.obshell.emulator.client.ObshellClient}, an
 * {@link io.obshell.emulator.client.EmulatorControl}, the base {@link java.net.URI} or the
 * {@link ObshellEmulator}. For faults at start, an initial ODP state or anything programmatic,
 * register an {@link ObshellEmulatorExtension} built with {@link ObshellEmulatorExtension#builder()} instead.
 *
 * <pre>{@code
 * @ObshellEmulatorTest(properties = "obshell.emulator.stage-delay=0ms")
 * class UpgradeTest {
 *     @Test
 *     void upgrades(ObshellClient client, EmulatorControl control) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ObshellEmulatorExtension.class)
public @interface ObshellEmulatorTest {

    /** {@code obshell.agent.password}; empty: none (the agent starts "not initialized"). */
    String agentPassword() default "test";

    /** Any configuration key, as {@code key=value} (e.g. {@code obshell.obproxy.running=false}). */
    String[] properties() default {};

    /** A fixed port; 0 (the default) lets the emulator take a free one. */
    int port() default 0;

    EmulatorLifecycle lifecycle() default EmulatorLifecycle.PER_CLASS;

    /** {@code POST /__emulator/reset} before each test (not needed, so not sent, with {@link EmulatorLifecycle#PER_METHOD}). */
    boolean resetBeforeEach() default true;

    /** Share one process with other classes of the same configuration (per-class lifecycle only). */
    boolean shared() default true;

    /** Keep the data directory and the log after the emulator stops (their path is printed). */
    boolean keepDataDir() default false;
}
