package io.obshell.emulator.junit;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.obshell.emulator.client.EmulatorControl;
import io.obshell.emulator.client.Fault;
import io.obshell.emulator.client.ObproxyUpdate;
import io.obshell.emulator.client.ObshellClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension running an obshell emulator in its own process. Declarative through
 * {@link ObshellEmulatorTest}, or programmatic:
 *
 * <pre>{@code
 * @RegisterExtension
 * static ObshellEmulatorExtension emulator = ObshellEmulatorExtension.builder()
 *         .agentPassword("secret")
 *         .stageDelay(Duration.ZERO)
 *         .fault(Fault.on("Hot restart obproxy").times(1))
 *         .build();
 * }</pre>
 *
 * A static field gives one emulator for the class (shared with other classes of the same
 * configuration unless {@link Builder#shared(boolean) shared(false)}), reset before each test
 * unless {@link Builder#resetBeforeEach(boolean) resetBeforeEach(false)};
 * {@link Builder#lifecycle(EmulatorLifecycle) PER_METHOD} gives each test a fresh process.
 * Test and lifecycle methods can take an {@link ObshellClient}, an {@link EmulatorControl}, the
 * base {@link URI} or the {@link ObshellEmulator}.
 */
public final class ObshellEmulatorExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ObshellEmulatorExtension.class);
    private static final String CLASS_EMULATOR = "class-emulator";
    private static final String METHOD_EMULATOR = "method-emulator";

    private final EmulatorSettings configured;
    private volatile ObshellEmulator current;

    /** Used by {@link ObshellEmulatorTest}: the settings come from the annotation. */
    public ObshellEmulatorExtension() {
        this(null);
    }

    private ObshellEmulatorExtension(EmulatorSettings settings) {
        this.configured = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    // The running emulator, for a test holding the extension in a static field.

    public ObshellEmulator emulator() {
        ObshellEmulator emulator = current;
        if (emulator == null) {
            throw new IllegalStateException("the emulator is not running: it starts before the tests of the class "
                    + "(before each test with EmulatorLifecycle.PER_METHOD)");
        }
        return emulator;
    }

    public ObshellClient client() {
        return emulator().client();
    }

    public EmulatorControl control() {
        return emulator().control();
    }

    public URI baseUri() {
        return emulator().baseUri();
    }

    public int port() {
        return emulator().port();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        EmulatorSettings settings = settings(context);
        if (settings.lifecycle() == EmulatorLifecycle.PER_CLASS && inherited(context, CLASS_EMULATOR).isEmpty()) {
            context.getStore(NAMESPACE).put(CLASS_EMULATOR, acquire(context, settings));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        EmulatorSettings settings = settings(context);
        if (settings.lifecycle() == EmulatorLifecycle.PER_METHOD) {
            Lease lease = new Lease(EmulatorProcess.start(settings), true);
            context.getStore(NAMESPACE).put(METHOD_EMULATOR, lease);
            current = lease.emulator();
            return;
        }
        Lease lease = inherited(context, CLASS_EMULATOR).orElse(null);
        if (lease == null) {
            // registered on an instance field: beforeAll never ran for it
            ExtensionContext classContext = context.getParent().orElse(context);
            lease = acquire(classContext, settings);
            classContext.getStore(NAMESPACE).put(CLASS_EMULATOR, lease);
        }
        current = lease.emulator();
        if (settings.resetBeforeEach()) {
            lease.emulator().control().reset();
            // a test before may have renewed the key pair (reset with keys=true)
            lease.emulator().client().resetKey();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Lease lease = context.getStore(NAMESPACE).remove(METHOD_EMULATOR, Lease.class);
        if (lease != null) {
            lease.close();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Lease lease = context.getStore(NAMESPACE).remove(CLASS_EMULATOR, Lease.class);
        if (lease != null) {
            lease.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ObshellClient.class || type == EmulatorControl.class || type == URI.class
                || type == ObshellEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ObshellEmulator emulator = inherited(context, METHOD_EMULATOR).or(() -> inherited(context, CLASS_EMULATOR))
                .map(Lease::emulator)
                .orElseThrow(() -> new ParameterResolutionException("no obshell emulator runs for "
                        + parameter.getDeclaringExecutable() + " (with EmulatorLifecycle.PER_METHOD it starts "
                        + "only before each test, so @BeforeAll methods cannot take it)"));
        Class<?> type = parameter.getParameter().getType();
        if (type == ObshellClient.class) {
            return emulator.client();
        }
        if (type == EmulatorControl.class) {
            return emulator.control();
        }
        if (type == URI.class) {
            return emulator.baseUri();
        }
        return emulator;
    }

    private static Optional<Lease> inherited(ExtensionContext context, String key) {
        return Optional.ofNullable(context.getStore(NAMESPACE).get(key, Lease.class));
    }

    /** A dedicated process, or one shared through the root store, which stops it when the run ends. */
    private static Lease acquire(ExtensionContext context, EmulatorSettings settings) {
        if (!settings.sharable()) {
            return new Lease(EmulatorProcess.start(settings), true);
        }
        ExtensionContext.Store root = context.getRoot().getStore(NAMESPACE);
        SharedProcess shared = root.getOrComputeIfAbsent(settings.processKey(),
                key -> new SharedProcess(EmulatorProcess.start(settings)), SharedProcess.class);
        return new Lease(shared.process(), false);
    }

    private EmulatorSettings settings(ExtensionContext context) {
        if (configured != null) {
            return configured;
        }
        Class<?> type = context.getRequiredTestClass();
        for (Class<?> candidate = type; candidate != null; candidate = candidate.getEnclosingClass()) {
            ObshellEmulatorTest annotation = candidate.getAnnotation(ObshellEmulatorTest.class);
            if (annotation != null) {
                return fromAnnotation(annotation);
            }
        }
        return builder().build().configured;
    }

    private static EmulatorSettings fromAnnotation(ObshellEmulatorTest annotation) {
        Builder builder = builder()
                .agentPassword(annotation.agentPassword().isEmpty() ? null : annotation.agentPassword())
                .port(annotation.port())
                .lifecycle(annotation.lifecycle())
                .resetBeforeEach(annotation.resetBeforeEach())
                .shared(annotation.shared())
                .keepDataDir(annotation.keepDataDir());
        for (String property : annotation.properties()) {
            int equals = property.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("@ObshellEmulatorTest properties are key=value: " + property);
            }
            builder.property(property.substring(0, equals).trim(), property.substring(equals + 1));
        }
        return builder.build().configured;
    }

    /** The emulator a class or a method uses; closing stops it only when it is not shared. */
    private record Lease(EmulatorProcess emulator, boolean owned) implements ExtensionContext.Store.CloseableResource,
            AutoCloseable {

        @Override
        public void close() {
            if (owned) {
                emulator.close();
            }
        }
    }

    /** A process shared between classes, stopped with the root store at the end of the run. */
    private record SharedProcess(EmulatorProcess process) implements ExtensionContext.Store.CloseableResource,
            AutoCloseable {

        @Override
        public void close() {
            process.close();
        }
    }

    /** The emulator's configuration, lifecycle and sharing. */
    public static final class Builder {

        private String agentPassword = "test";
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final List<Fault> faults = new ArrayList<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private int port;
        private Path dataDir;
        private boolean keepDataDir;
        private Duration startupTimeout = Duration.ofSeconds(180);
        private EmulatorLifecycle lifecycle = EmulatorLifecycle.PER_CLASS;
        private boolean resetBeforeEach = true;
        private boolean shared = true;

        private Builder() {
        }

        /** {@code obshell.agent.password} (default {@code test}); null: none, the agent starts "not initialized". */
        public Builder agentPassword(String password) {
            this.agentPassword = password;
            return this;
        }

        /** Any configuration key of the emulator (see its README), e.g. {@code obshell.agent.version}. */
        public Builder property(String key, String value) {
            if (key.equals("server.port") || key.equals("obshell.data-dir") || key.equals("obshell.agent.password")) {
                throw new IllegalArgumentException(key + " has its own builder method");
            }
            properties.put(key, value);
            return this;
        }

        /** How long each DAG task stays RUNNING ({@code obshell.emulator.stage-delay}); ZERO: full speed. */
        public Builder stageDelay(Duration delay) {
            return property("obshell.emulator.stage-delay", delay.toMillis() + "ms");
        }

        /** The ODP's initial state ({@code obshell.obproxy.*}); a reset goes back to it. */
        public Builder obproxy(ObproxyUpdate initial) {
            if (initial.managed() != null) {
                property("obshell.obproxy.managed", initial.managed().toString());
            }
            if (initial.running() != null) {
                property("obshell.obproxy.running", initial.running().toString());
            }
            if (initial.version() != null) {
                property("obshell.obproxy.version", initial.version());
            }
            if (initial.homePath() != null) {
                property("obshell.obproxy.home-path", initial.homePath());
            }
            if (initial.sqlPort() != null) {
                property("obshell.obproxy.sql-port", initial.sqlPort().toString());
            }
            return this;
        }

        /** A fault armed at start ({@code obshell.emulator.faults[n]}); a reset arms it again. */
        public Builder fault(Fault fault) {
            faults.add(fault);
            return this;
        }

        /** The control token ({@code obshell.emulator.control.token}); the injected EmulatorControl sends it. */
        public Builder controlToken(String token) {
            return property(EmulatorSettings.CONTROL_TOKEN, token);
        }

        /** A fixed port; 0 (the default) lets the emulator take a free one. */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port must be 0..65535: " + value);
            }
            this.port = value;
            return this;
        }

        /** The data directory; by default a new temporary one. A directory given here is never deleted. */
        public Builder dataDir(Path directory) {
            this.dataDir = directory;
            return this;
        }

        /** Keep the temporary data directory and the log after the emulator stops (their path is printed). */
        public Builder keepDataDir(boolean keep) {
            this.keepDataDir = keep;
            return this;
        }

        /** Extra options for the emulator's JVM, e.g. {@code -Xmx256m}. */
        public Builder jvmArgs(String... args) {
            jvmArgs.addAll(List.of(args));
            return this;
        }

        /**
         * How long to wait for the emulator to be ready (default 180 s: a loaded CI machine can take
         * minutes to start a JVM; a start that fails says why at once, whatever the timeout).
         */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        public Builder lifecycle(EmulatorLifecycle value) {
            this.lifecycle = value;
            return this;
        }

        /** {@code POST /__emulator/reset} before each test (default true). */
        public Builder resetBeforeEach(boolean reset) {
            this.resetBeforeEach = reset;
            return this;
        }

        /** Share the process with other classes of the same configuration (default true; per-class lifecycle only). */
        public Builder shared(boolean value) {
            this.shared = value;
            return this;
        }

        /**
         * Starts an emulator of this configuration now, outside any extension lifecycle (see
         * {@link StandaloneEmulator}); the caller closes it. The lifecycle, reset and sharing
         * settings do not apply to it.
         */
        public StandaloneEmulator start() {
            return EmulatorProcess.start(settings());
        }

        EmulatorSettings settings() {
            return build().configured;
        }

        public ObshellEmulatorExtension build() {
            Map<String, String> all = new LinkedHashMap<>(properties);
            for (int i = 0; i < faults.size(); i++) {
                Fault fault = faults.get(i);
                String prefix = "obshell.emulator.faults[" + i + "].";
                putIfSet(all, prefix + "task", fault.task());
                putIfSet(all, prefix + "dag", fault.dag());
                putIfSet(all, prefix + "version", fault.version());
                putIfSet(all, prefix + "times", fault.times());
                putIfSet(all, prefix + "phase", fault.phase());
                putIfSet(all, prefix + "err-code", fault.errCode());
                putIfSet(all, prefix + "message", fault.message());
                putIfSet(all, prefix + "delay", fault.delay() == null ? null : fault.delay().toMillis() + "ms");
                putIfSet(all, prefix + "fail", fault.fail());
            }
            return new ObshellEmulatorExtension(new EmulatorSettings(agentPassword, all, port, dataDir, keepDataDir,
                    jvmArgs, startupTimeout, lifecycle, resetBeforeEach, shared));
        }

        private static void putIfSet(Map<String, String> properties, String key, Object value) {
            if (value != null) {
                properties.put(key, value.toString());
            }
        }
    }
}
