package io.obshell.emulator.task;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.obshell.emulator.agent.AgentIdentity;
import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;
import io.obshell.emulator.api.ErrorMessage;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Instantiates a {@link DagDefinition} in one transaction (dag-engine.md §2.2): the maintenance
 * lock first (for a DAG that takes it), then the DAG READY/RUN at stage 1, its PENDING nodes and
 * sub_tasks, its typed params stored as the context's {@code Params}.
 */
@Service
public class DagFactory {

    private static final TypeReference<Map<String, Object>> PARAMS = new TypeReference<>() {
    };

    private final TaskStore store;
    private final MaintenanceLock lock;
    private final TaskViews views;
    private final AgentIdentity agent;
    private final JsonMapper json;
    private final Clock clock;
    private final DagRunner runner;

    DagFactory(TaskStore store, MaintenanceLock lock, TaskViews views, AgentIdentity agent, JsonMapper json,
            Clock clock, DagRunner runner) {
        this.runner = runner;
        this.store = store;
        this.lock = lock;
        this.views = views;
        this.agent = agent;
        this.json = json;
        this.clock = clock;
    }

    /** Creates the DAG and answers with its un-detailed DagDetailDTO (nodes and additional_data null). */
    @Transactional
    public <P extends DagParams> TaskDtos.DagDetailDTO create(DagDefinition<P> definition, P params) {
        if (definition.maintenanceType().takesLock() && !lock.tryAcquire()) {
            // WrapRetain(Task.CreateFailed, Agent.UnderMaintenance): the inner code, both messages.
            throw ApiException.of(ErrorCode.AGENT_UNDER_MAINTENANCE,
                    ErrorMessage.wrap(ErrorMessage.occur(ErrorCode.TASK_CREATE_FAILED, definition.name()),
                            ErrorMessage.occur(ErrorCode.AGENT_UNDER_MAINTENANCE, agent.address())),
                    ApiException.Stage.HANDLER);
        }
        long now = nanos(clock.instant());
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("Params", json.convertValue(params, PARAMS));
        context.put("Data", Map.of());
        Dag dag = store.insertDag(definition, json.writeValueAsString(context), now);
        long dagId = dag.id();
        // The runner must not see the DAG before the transaction that creates it commits.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                runner.wake(dagId);
            }
        });
        return views.dag(dag, false);
    }

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
