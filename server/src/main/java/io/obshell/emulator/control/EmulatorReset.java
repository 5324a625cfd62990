package io.obshell.emulator.control;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import io.obshell.emulator.Resettable;
import io.obshell.emulator.obproxy.ManagedObproxy;
import io.obshell.emulator.secure.AgentKeyPair;
import io.obshell.emulator.task.DagRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
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
    private final ManagedObproxy obproxy;
    private final TransactionTemplate transaction;

    EmulatorReset(List<Resettable> resettables, DagRunner runner, AgentKeyPair keyPair, ManagedObproxy obproxy,
            PlatformTransactionManager transactions) {
        this.resettables = resettables.stream().sorted(Comparator.comparingInt(Resettable::resetOrder)).toList();
        this.runner = runner;
        this.keyPair = keyPair;
        this.obproxy = obproxy;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** What was reset, by class name, in the order it happened. */
    record Result(List<String> reset, boolean keysRegenerated) {
    }

    /**
     * One database transaction for every store: a process killed in the middle leaves the state
     * from before the reset (the sandbox, emptied first to free space on a full disk, is laid out
     * again at the next start). The ODP is held still meanwhile, so no request sees its home
     * emptied under a model that still names a running process.
     */
    synchronized Result reset(boolean regenerateKeys) throws InterruptedException {
        runner.whileHalted(DRIVERS_STOP_TIMEOUT, () -> obproxy.exclusively(() -> transaction.executeWithoutResult(status -> {
            // Before the agent password, which is stored encrypted under the key pair.
            if (regenerateKeys) {
                keyPair.regenerate();
            }
            resettables.forEach(Resettable::reset);
        })));
        List<String> names = resettables.stream().map(r -> ClassUtils.getUserClass(r).getSimpleName()).toList();
        log.info("emulator reset: {}{}", names, regenerateKeys ? " and a new key pair" : "");
        return new Result(names, regenerateKeys);
    }
}
