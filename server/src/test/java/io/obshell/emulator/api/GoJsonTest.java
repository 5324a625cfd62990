package io.obshell.emulator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link GoJson} decodes as Go's encoding/json into a struct, and binds as gin's BindJSON
 * (envelope-errors.md §2.2; auth.md §2.2 for the header struct).
 */
class GoJsonTest {

    private static final GoStruct UPGRADE = GoStruct.of("param.UpgradeObproxyParam",
            GoStruct.required("Version", "version"),
            GoStruct.required("Release", "release"),
            GoStruct.optional("UpgradeDir", "upgrade_dir", GoStruct.Kind.STRING));

    private static final GoStruct HEADER = GoStruct.of("secure.HttpHeader",
            GoStruct.optional("Auth", "Auth", GoStruct.Kind.STRING),
            GoStruct.optional("Keys", "Keys", GoStruct.Kind.BYTES));

    @Test
    void keysMatchFieldsWhateverTheirCase() throws Exception {
        GoJson.Values values = unmarshal("{\"VERSION\":\"4.3.3.0\",\"ReLeAsE\":\"5.el7\",\"Upgrade_Dir\":\"/tmp\"}", UPGRADE);

        assertThat(values.string("Version")).isEqualTo("4.3.3.0");
        assertThat(values.string("Release")).isEqualTo("5.el7");
        assertThat(values.string("UpgradeDir")).isEqualTo("/tmp");
    }

    @Test
    void keysAreComparedAfterUnescapingAndUnderGosUnicodeFolding() throws Exception {
        // U+212A KELVIN SIGN folds to 'k' in Go (unicode.ToLower), as in Java.
        GoJson.Values values = unmarshal("{\"\\u0056ersion\":\"v\",\"\u212Aeys\":\"AQID\"}", UPGRADE, HEADER);

        assertThat(values.string("Version")).isEqualTo("v");
        assertThat(values.bytes("Keys")).containsExactly(1, 2, 3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"version\":\"a\",\"version\":\"b\"}                       | b",
        "{\"version\":\"a\",\"VERSION\":\"b\"}                       | b",
        "{\"version\":\"a\",\"VERSION\":\"b\",\"version\":\"c\"}     | c",
        "{\"Version\":\"a\",\"version\":\"b\",\"Version\":\"c\",\"vErSiOn\":\"d\"} | d"})
    void theLastOccurrenceOfAKeyWins(String json, String version) throws Exception {
        assertThat(unmarshal(json, UPGRADE).string("Version")).isEqualTo(version);
    }

    @Test
    void nullLeavesAStringFieldAsItWas() throws Exception {
        assertThat(unmarshal("{\"version\":null}", UPGRADE).present("Version")).isFalse();
        assertThat(unmarshal("{\"version\":\"a\",\"version\":null}", UPGRADE).string("Version")).isEqualTo("a");
    }

    @Test
    void nullResetsAByteSliceToNil() throws Exception {
        assertThat(unmarshal("{\"Keys\":\"AQID\",\"keys\":null}", HEADER).bytes("Keys")).isNull();
        assertThat(unmarshal("{\"keys\":null}", HEADER).bytes("Keys")).isNull();
    }

    @Test
    void unknownKeysAreIgnoredWhateverTheirValue() throws Exception {
        GoJson.Values values = unmarshal("{\"x\":{\"y\":[1,{\"z\":\"}]\\\"\"}],\"w\":-1.5e3},\"n\":null,"
                + "\"version\":\"v\",\"t\":true}", UPGRADE);

        assertThat(values.byGoName()).containsOnlyKeys("Version");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"version\":1}            | number",
        "{\"version\":-0.5e1}       | number",
        "{\"version\":true}         | bool",
        "{\"version\":{\"a\":1}}    | object",
        "{\"version\":[\"a\"]}      | array"})
    void aNonStringForAStringFieldIsGosUnmarshalTypeError(String json, String kind) {
        assertThatThrownBy(() -> unmarshal(json, UPGRADE)).hasMessage(
                "json: cannot unmarshal " + kind + " into Go struct field UpgradeObproxyParam.version of type string");
    }

    @Test
    void aTypeErrorNamesTheJsonNameNotTheKeyAsSent() {
        assertThatThrownBy(() -> unmarshal("{\"VERSION\":1}", UPGRADE)).hasMessage(
                "json: cannot unmarshal number into Go struct field UpgradeObproxyParam.version of type string");
    }

    @Test
    void theFirstTypeErrorIsReportedEvenWhenALaterValueIsFine() {
        assertThatThrownBy(() -> unmarshal("{\"version\":1,\"release\":true,\"version\":\"ok\"}", UPGRADE))
                .hasMessage("json: cannot unmarshal number into Go struct field UpgradeObproxyParam.version"
                        + " of type string");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[1]      | array",
        "\"s\"    | string",
        "1.5      | number",
        "-1       | number",
        "false    | bool"})
    void aTopLevelNonObjectIsATypeErrorOnTheStruct(String json, String kind) {
        assertThatThrownBy(() -> unmarshal(json, UPGRADE)).hasMessage(
                "json: cannot unmarshal " + kind + " into Go value of type param.UpgradeObproxyParam");
    }

    @Test
    void aTopLevelNullDecodesToNothing() throws Exception {
        assertThat(unmarshal(" null ", UPGRADE).byGoName()).isEmpty();
    }

    @Test
    void aByteSliceIsStandardBase64() throws Exception {
        assertThat(unmarshal("{\"Keys\":\"AQID\"}", HEADER).bytes("Keys")).containsExactly(1, 2, 3);
        assertThat(unmarshal("{\"Keys\":\"AQ\\u003d\\u003d\"}", HEADER).bytes("Keys")).containsExactly(1);
        assertThat(unmarshal("{\"Keys\":\"\"}", HEADER).bytes("Keys")).isEmpty();
    }

    @Test
    void invalidBase64InAByteSliceIsTheBase64Error() {
        assertThatThrownBy(() -> unmarshal("{\"Keys\":\"AQI\"}", HEADER))
                .hasMessage("illegal base64 data at input byte 0");
        assertThatThrownBy(() -> unmarshal("{\"Keys\":\"AQID-_==\"}", HEADER))
                .hasMessage("illegal base64 data at input byte 4");
    }

    @Test
    void aByteSliceAlsoTakesAnArrayOfSmallIntegers() throws Exception {
        assertThat(unmarshal("{\"Keys\":[0, 1,255]}", HEADER).bytes("Keys")).containsExactly(0, 1, 255);
        assertThat(unmarshal("{\"Keys\":[]}", HEADER).bytes("Keys")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"Keys\":1}          | number into Go struct field HttpHeader.Keys of type []uint8",
        "{\"Keys\":{}}         | object into Go struct field HttpHeader.Keys of type []uint8",
        "{\"Keys\":true}       | bool into Go struct field HttpHeader.Keys of type []uint8",
        "{\"Keys\":[256]}      | number 256 into Go struct field HttpHeader.Keys of type uint8",
        "{\"Keys\":[1.5]}      | number 1.5 into Go struct field HttpHeader.Keys of type uint8",
        "{\"Keys\":[-1]}       | number -1 into Go struct field HttpHeader.Keys of type uint8",
        "{\"Keys\":[\"a\"]}    | string into Go struct field HttpHeader.Keys of type uint8",
        "{\"Keys\":[[1]]}      | array into Go struct field HttpHeader.Keys of type uint8"})
    void aByteSliceOfTheWrongShapeIsAnUnmarshalTypeError(String json, String detail) {
        assertThatThrownBy(() -> unmarshal(json, HEADER)).hasMessage("json: cannot unmarshal " + detail);
    }

    @Test
    void stringsAreUnescapedAsGoDoes() throws Exception {
        String json = "{\"Auth\":\"\\u00e9\\ud83d\\ude00|\\ud800x|\\udc00|\\ud800\\u0041|\\\"\\\\\\/\\b\\f\\n\\r\\t\"}";

        assertThat(unmarshal(json, HEADER).string("Auth"))
                .isEqualTo("\u00e9\ud83d\ude00|\ufffdx|\ufffd|\ufffdA|\"\\/\b\f\n\r\t");
    }

    @Test
    void everyByteOfInvalidUtf8BecomesAReplacementCharacter() throws Exception {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        json.writeBytes("{\"Auth\":\"a".getBytes(StandardCharsets.US_ASCII));
        // a cut-off 3-byte sequence, a lone continuation byte, an encoded surrogate, an overlong '/'
        json.writeBytes(new byte[] {(byte) 0xe2, (byte) 0x82, 'b', (byte) 0x80, 'c',
            (byte) 0xed, (byte) 0xa0, (byte) 0x80, 'd', (byte) 0xc0, (byte) 0xaf, 'e'});
        json.writeBytes("\u20ac\"}".getBytes(StandardCharsets.UTF_8));

        GoJson.Values values = GoJson.unmarshal(json.toByteArray(), HEADER);

        assertThat(values.string("Auth"))
                .isEqualTo("a\ufffd\ufffdb\ufffdc\ufffd\ufffd\ufffdd\ufffd\ufffde\u20ac");
    }

    @Test
    void unmarshalRejectsAnythingAfterTheValue() {
        assertThatThrownBy(() -> unmarshal("{\"version\":\"a\"} {", UPGRADE))
                .hasMessage("invalid character '{' after top-level value");
    }

    @Test
    void bindDecodesOnlyTheFirstValue() {
        GoJson.Values values = bind("{\"version\":\"a\",\"release\":\"b\"} trailing <garbage>");

        assertThat(values.string("Version")).isEqualTo("a");
        assertThat(values.string("Release")).isEqualTo("b");
    }

    @Test
    void bindListsEveryMissingRequiredFieldInStructOrderJoinedByNewlines() {
        String both = "Bind JSON failed: Key: 'UpgradeObproxyParam.Version' Error:Field validation for 'Version'"
                + " failed on the 'required' tag\n"
                + "Key: 'UpgradeObproxyParam.Release' Error:Field validation for 'Release' failed on the"
                + " 'required' tag";

        assertBindFails("{}", both);
        assertBindFails("null", both);
        assertBindFails("{\"version\":\"\",\"release\":null}", both);
        assertBindFails("{\"release\":\"5.el7\"}", "Bind JSON failed: Key: 'UpgradeObproxyParam.Version'"
                + " Error:Field validation for 'Version' failed on the 'required' tag");
    }

    @Test
    void bindAcceptsWhitespaceAsARequiredValue() {
        assertThat(bind("{\"version\":\" \",\"release\":\"\\t\"}").string("Release")).isEqualTo("\t");
    }

    @Test
    void bindReportsDecodingErrorsBeforeValidation() {
        assertBindFails("", "Bind JSON failed: EOF");
        assertBindFails("  ", "Bind JSON failed: EOF");
        assertBindFails("{\"version\":", "Bind JSON failed: unexpected EOF");
        assertBindFails("{\"version\":\"a\"x", "Bind JSON failed: invalid character 'x' after object key:value pair");
        assertBindFails("[{}]", "Bind JSON failed: json: cannot unmarshal array into Go value of type"
                + " param.UpgradeObproxyParam");
        assertBindFails("{\"version\":1}", "Bind JSON failed: json: cannot unmarshal number into Go struct field"
                + " UpgradeObproxyParam.version of type string");
    }

    @Test
    void unknownKeysMayNestAsDeepAsGoAllows() throws Exception {
        String deep = "{\"x\":" + "[".repeat(9_999) + "]".repeat(9_999) + ",\"version\":\"v\"}";

        assertThat(unmarshal(deep, UPGRADE).string("Version")).isEqualTo("v");
    }

    private static void assertBindFails(String body, String message) {
        assertThatThrownBy(() -> bind(body))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.COMMON_BIND_JSON_FAILED);
                    assertThat(e.code().status()).isEqualTo(400);
                    assertThat(e.stage()).isEqualTo(ApiException.Stage.MIDDLEWARE);
                })
                .hasMessage(message);
    }

    private static GoJson.Values bind(String body) {
        return GoJson.bind(body.getBytes(StandardCharsets.UTF_8), UPGRADE);
    }

    private static GoJson.Values unmarshal(String json, GoStruct struct) throws GoJson.GoJsonException {
        return GoJson.unmarshal(json.getBytes(StandardCharsets.UTF_8), struct);
    }

    /** Both structs' fields at once, for tests about key matching across kinds. */
    private static GoJson.Values unmarshal(String json, GoStruct first, GoStruct second)
            throws GoJson.GoJsonException {
        java.util.List<GoStruct.Field> fields = new java.util.ArrayList<>(first.fields());
        fields.addAll(second.fields());
        return unmarshal(json, new GoStruct(first.qualifiedName(), fields));
    }
}
