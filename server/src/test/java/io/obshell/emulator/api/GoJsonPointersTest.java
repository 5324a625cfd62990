package io.obshell.emulator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** {@link GoJson} into Go's {@code *int}, {@code *string} and {@code map[string]string} fields. */
class GoJsonPointersTest {

    private static final GoStruct ADD = GoStruct.of("param.AddObproxyParam",
            GoStruct.required("HomePath", "home_path"),
            GoStruct.optional("SqlPort", "sql_port", GoStruct.Kind.INT_POINTER),
            GoStruct.optional("RsList", "rs_list", GoStruct.Kind.STRING_POINTER),
            GoStruct.optional("Parameters", "parameters", GoStruct.Kind.STRING_MAP));

    private static GoJson.Values unmarshal(String json) throws GoJson.GoJsonException {
        return GoJson.unmarshal(json.getBytes(StandardCharsets.UTF_8), ADD);
    }

    @Test
    void nullLeavesAPointerOrAMapNilAndAnEmptyStringIsNotNil() throws Exception {
        GoJson.Values values = unmarshal("{\"sql_port\":null,\"rs_list\":\"\",\"parameters\":null}");

        assertThat(values.integer("SqlPort")).isNull();
        assertThat(values.stringPointer("RsList")).isEmpty();
        assertThat(values.stringMap("Parameters")).isNull();
        assertThat(unmarshal("{\"sql_port\":1,\"sql_port\":null}").integer("SqlPort")).isNull();
        assertThat(unmarshal("{}").stringPointer("RsList")).isNull();
    }

    @Test
    void integersTakeGosLiteralsOnly() throws Exception {
        assertThat(unmarshal("{\"sql_port\":-2883}").integer("SqlPort")).isEqualTo(-2883L);
        assertThatThrownBy(() -> unmarshal("{\"sql_port\":2883.0}")).hasMessage(
                "json: cannot unmarshal number 2883.0 into Go struct field AddObproxyParam.sql_port of type int");
        assertThatThrownBy(() -> unmarshal("{\"sql_port\":1e3}")).hasMessage(
                "json: cannot unmarshal number 1e3 into Go struct field AddObproxyParam.sql_port of type int");
        assertThatThrownBy(() -> unmarshal("{\"sql_port\":99999999999999999999}")).hasMessage("json: cannot "
                + "unmarshal number 99999999999999999999 into Go struct field AddObproxyParam.sql_port of type int");
        assertThatThrownBy(() -> unmarshal("{\"sql_port\":true}")).hasMessage(
                "json: cannot unmarshal bool into Go struct field AddObproxyParam.sql_port of type int");
    }

    @Test
    void aMapKeepsItsKeysInOrderTheLastOccurrenceWinningAndMergesRepeatedObjects() throws Exception {
        GoJson.Values values = unmarshal("{\"parameters\":{\"b\":\"1\",\"a\":\"2\",\"b\":\"3\"},"
                + "\"parameters\":{\"c\":\"4\",\"n\":null}}");

        assertThat(values.stringMap("Parameters")).containsExactly(java.util.Map.entry("b", "3"),
                java.util.Map.entry("a", "2"), java.util.Map.entry("c", "4"), java.util.Map.entry("n", ""));
    }

    @Test
    void aMapValueThatIsNoStringIsATypeErrorNamingItsKey() {
        assertThatThrownBy(() -> unmarshal("{\"parameters\":{\"ok\":\"1\",\"port\":2883}}")).hasMessage(
                "json: cannot unmarshal number into Go struct field AddObproxyParam.parameters.port of type string");
        assertThatThrownBy(() -> unmarshal("{\"parameters\":\"a=1\"}")).hasMessage("json: cannot unmarshal string "
                + "into Go struct field AddObproxyParam.parameters of type map[string]string");
    }
}
