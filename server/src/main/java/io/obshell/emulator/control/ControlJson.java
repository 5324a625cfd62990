package io.obshell.emulator.control;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads control-route bodies strictly: an unknown field is a 400, not silently ignored, so a
 * typo such as {@code "time": 1} cannot arm a rule that fires forever.
 */
@Component
class ControlJson {

    private final JsonMapper json;
    private final Validator validator;

    ControlJson(JsonMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    /** {@link #read}, then Bean Validation: every violated constraint's message in one 400. */
    <T> T readValid(String body, Class<T> type) {
        T value = read(body, type);
        List<String> errors = validator.validate(value).stream().map(ConstraintViolation::getMessage).sorted()
                .toList();
        if (!errors.isEmpty()) {
            throw ControlException.invalid(errors);
        }
        return value;
    }

    <T> T read(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw ControlException.invalid("The request body is empty: send a JSON object");
        }
        try {
            T value = json.readerFor(type).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(body);
            if (value == null) {
                throw ControlException.invalid("The request body must be a JSON object, not null");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? ""
                    : " (known fields: " + e.getKnownPropertyIds().stream().map(Object::toString).sorted()
                            .collect(Collectors.joining(", ")) + ")";
            throw ControlException.invalid("Unknown field '" + e.getPropertyName() + "'" + known);
        } catch (JacksonException e) {
            String path = e.getPath().stream().map(JacksonException.Reference::getPropertyName)
                    .filter(name -> name != null).collect(Collectors.joining("."));
            throw ControlException.invalid(path.isEmpty() ? "Malformed JSON: " + e.getOriginalMessage()
                    : "Field '" + path + "': " + e.getOriginalMessage());
        }
    }

    /**
     * A duration as ISO-8601 ({@code PT0.5S}) or Spring Boot's simple form ({@code 500ms},
     * {@code 2s}; a bare number is milliseconds). Null when the text is null; negative is refused.
     */
    static Duration duration(String field, String text, List<String> errors) {
        if (text == null) {
            return null;
        }
        try {
            Duration duration = DurationStyle.detectAndParse(text.trim());
            if (duration.isNegative()) {
                errors.add("'" + field + "' must not be negative: " + text);
                return null;
            }
            return duration;
        } catch (IllegalArgumentException e) {
            errors.add("'" + field + "' is not a duration (use ISO-8601 such as PT0.5S, or 500ms, 2s): " + text);
            return null;
        }
    }
}
