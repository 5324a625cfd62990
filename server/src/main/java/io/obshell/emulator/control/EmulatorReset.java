package io.obshell.emulator.control;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import io.obshell.emulator.Resettable;
import io.obshell.emulator.secure.AgentKeyPair;
import io.obshell.emulator.task.DagRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.util.ClassUtils;

/**
 * Puts the whole emulator back to its configured initial state: every {@link Resettable} bean,
 * in order, while no DAG is driven (a DAG being driven stops at its next step first). The RSA
 * key pair is kept unless asked for, since clients cache the public key.
 */
@Service
class EmulatorReset {

    private static final Logger log = LoggerFactory.getLogger(EmulatorReset.class);
    private static final Duration DRIVERS_STOP_TIMEOUT = Duration.ofSeconds(30);

    private final List<Resettable> resettables;
    private final DagRunner runner;
    private final AgentKeyPair keyPair;

    EmulatorReset(List<Resettable> resettables, DagRunner runner, AgentKeyPair keyPair) {
        this.resettables = resettables.stream().sorted(Comparator.comparingInt(Resettable::resetOrder)).toList();
        this.runner = runner;
        this.keyPair = keyPair;
    }

    /** What was reset, by class name, in the order it happened. */
    record Result(List<String> reset, boolean keysRegenerated) {
    }

    synchronized Result reset(boolean regenerateKeys) throws InterruptedException {
        runner.whileHalted(DRIVERS_STOP_TIMEOUT, () -> {
            // Before the agent password, which is stored encrypted under the key pair.
            if (regenerateKeys) {
                keyPair.regenerate();
            }
            resettables.forEach(Resettable::reset);
        });
        List<String> names = resettables.stream().map(r -> ClassUtils.getUserClass(r).getSimpleName()).toList();
        log.info("emulator reset: {}{}", names, regenerateKeys ? " and a new key pair" : "");
        return new Result(names, regenerateKeys);
    }
}
