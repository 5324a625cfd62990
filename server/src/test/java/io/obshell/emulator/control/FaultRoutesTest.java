package io.obshell.emulator.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.obshell.emulator.ControlHttp;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** POST/GET/DELETE /__emulator/faults: validation, defaults (dag-engine.md §5.2), problem details. */
@EmulatorHttpTest
class FaultRoutesTest {

    @Autowired
    EmulatorTestClient emulator;

    ControlHttp control;

    @BeforeEach
    void start() {
        control = emulator.control();
    }

    @Test
    void armedRuleIsCreatedWithItsIdAndObshellsErrorForTheTask() {
        ControlHttp.Response response = control.post("/__emulator/faults", "{\"task\": \"Create upgrade dir\"}");

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode rule = response.json();
        assertThat(rule.path("id").asString()).isNotEmpty();
        assertThat(response.location()).isEqualTo("/__emulator/faults/" + rule.path("id").asString());
        assertThat(rule.path("dag").asString()).isEqualTo("Upgrade obproxy");
        assertThat(rule.path("task").asString()).isEqualTo("Create upgrade dir");
        assertThat(rule.path("phase").asString()).isEqualTo("execute");
        assertThat(rule.path("times").isNull()).isTrue();
        assertThat(rule.path("remaining").isNull()).isTrue();
        assertThat(rule.path("fired").asInt()).isZero();
        assertThat(rule.path("fail").asBoolean()).isTrue();
        assertThat(rule.path("errCode").asString()).isEqualTo("Common.DirNotEmpty");
        assertThat(rule.path("message").asString()).isEqualTo("Directory '${upgradeDir}' is not empty");
        assertThat(rule.path("delay").asString()).isEqualTo("PT0S");
        assertThat(response.json().has("successful")).as("no obshell envelope").isFalse();
    }

    @Test
    void defaultErrorIsObshellsWhereTheReferenceGivesOneElseCommonUnexpected() {
        assertThat(arm("{\"task\": \"Wait hot restart obproxy finish\"}").path("errCode").asString())
                .isEqualTo("OBProxy.HotRestartTimeout");
        assertThat(arm("{\"task\": \"Wait hot restart obproxy finish\"}").path("message").asString())
                .isEqualTo("Wait hot restart OBProxy finish timeout");
        assertThat(arm("{\"task\": \"Download obproxy pkg from sqlite\"}").path("errCode").asString())
                .isEqualTo("Environment.DiskSpaceNotEnough");
        JsonNode check = arm("{\"task\": \"Check obproxy pkg\"}");
        assertThat(check.path("errCode").asString()).isEqualTo("Common.Unexpected");
        assertThat(check.path("message").asString())
                .isEqualTo("Unexpected error: fault injected into task 'Check obproxy pkg'");
        JsonNode rollback = arm("{\"task\": \"Create upgrade dir\", \"phase\": \"rollback\"}");
        assertThat(rollback.path("phase").asString()).isEqualTo("rollback");
        assertThat(rollback.path("errCode").asString()).isEqualTo("Common.Unexpected");
    }

    @Test
    void givenErrCodeAndMessageAreKeptVerbatimEvenOutsideTheCatalogue() {
        JsonNode rule = arm("{\"task\": \"Hot restart obproxy\", \"version\": \"4.3.3.2\", \"times\": 2, "
                + "\"errCode\": \"OBProxy.Something.New\", \"message\": \"it broke\", \"delay\": \"250ms\"}");

        assertThat(rule.path("errCode").asString()).isEqualTo("OBProxy.Something.New");
        assertThat(rule.path("message").asString()).isEqualTo("it broke");
        assertThat(rule.path("version").asString()).isEqualTo("4.3.3.2");
        assertThat(rule.path("times").asInt()).isEqualTo(2);
        assertThat(rule.path("remaining").asInt()).isEqualTo(2);
        assertThat(rule.path("delay").asString()).isEqualTo("PT0.25S");
    }

    @Test
    void latencyOnlyRuleHasNoErrorAndNeedsADelay() {
        JsonNode rule = arm("{\"task\": \"Backup for upgrade\", \"fail\": false, \"delay\": \"PT2S\"}");
        assertThat(rule.path("fail").asBoolean()).isFalse();
        assertThat(rule.path("errCode").isNull()).isTrue();
        assertThat(rule.path("message").isNull()).isTrue();
        assertThat(rule.path("delay").asString()).isEqualTo("PT2S");

        assertProblem(control.post("/__emulator/faults", "{\"task\": \"Backup for upgrade\", \"fail\": false}"),
                400, "give it a 'delay'");
        assertProblem(control.post("/__emulator/faults",
                "{\"task\": \"Backup for upgrade\", \"fail\": false, \"delay\": \"1s\", \"errCode\": \"X.Y\"}"),
                400, "leave them out of a rule with \"fail\": false");
    }

    @Test
    void invalidRulesAreRejectedWithAProblemDetailListingEveryProblem() {
        ControlHttp.Response response = control.post("/__emulator/faults",
                "{\"task\": \"Make coffee\", \"times\": 0, \"phase\": \"sideways\", \"delay\": \"soon\"}");

        assertProblem(response, 400, "4 problems");
        assertThat(response.json().path("errors")).hasSize(4);
        assertThat(response.body()).contains("'task' must be a task of a DAG", "Create upgrade dir",
                "'times' must be at least 1", "'phase' must be 'execute' or 'rollback'", "'delay' is not a duration");
        assertThat(control.get("/__emulator/faults").json()).isEmpty();
    }

    @Test
    void missingTaskUnknownDagUnknownFieldAndBadJsonAreRejected() {
        assertProblem(control.post("/__emulator/faults", "{}"), 400, "'task' is required");
        assertProblem(control.post("/__emulator/faults", "{\"dag\": \"Make tea\", \"task\": \"x\"}"), 400,
                "'dag' must be one of [");
        assertProblem(control.post("/__emulator/faults", "{\"task\": \"Create upgrade dir\", \"time\": 1}"), 400,
                "Unknown field 'time'");
        assertProblem(control.post("/__emulator/faults", "{\"task\": "), 400, "Malformed JSON");
        assertProblem(control.post("/__emulator/faults", null), 400, "The request body is empty");
        assertProblem(control.post("/__emulator/faults", "{\"task\": \"Remove upgrade dir\", \"phase\": \"rollback\"}"),
                400, "cannot be rolled back");
    }

    @Test
    void rulesAreListedInOrderFetchedAndRemovedOneByOneOrAll() {
        String first = arm("{\"task\": \"Create upgrade dir\"}").path("id").asString();
        String second = arm("{\"task\": \"Hot restart obproxy\"}").path("id").asString();

        JsonNode list = control.get("/__emulator/faults").json();
        assertThat(list).hasSize(2);
        assertThat(list.get(0).path("id").asString()).isEqualTo(first);
        assertThat(list.get(1).path("id").asString()).isEqualTo(second);
        assertThat(control.get("/__emulator/faults/" + second).json().path("task").asString())
                .isEqualTo("Hot restart obproxy");

        assertThat(control.delete("/__emulator/faults/" + first).status()).isEqualTo(204);
        assertThat(control.get("/__emulator/faults").json()).hasSize(1);
        assertProblem(control.delete("/__emulator/faults/" + first), 404, "No fault rule with id '" + first + "'");
        assertProblem(control.get("/__emulator/faults/nope"), 404, "No fault rule");

        arm("{\"task\": \"Check obproxy pkg\"}");
        assertThat(control.delete("/__emulator/faults").status()).isEqualTo(204);
        assertThat(control.get("/__emulator/faults").json()).isEmpty();
    }

    @Test
    void unknownControlRoutesAndMethodsAnswerWithProblemDetails() {
        assertProblem(control.get("/__emulator/nothing-here"), 404, "No control route GET /__emulator/nothing-here");
        assertProblem(control.send("PATCH", "/__emulator/faults", "{}"), 405, "No control route PATCH");
    }

    private JsonNode arm(String json) {
        ControlHttp.Response response = control.post("/__emulator/faults", json);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    static void assertProblem(ControlHttp.Response response, int status, String detailPart) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.json().path("title").asString()).isNotEmpty();
        assertThat(response.json().path("detail").asString()).contains(detailPart);
    }
}
