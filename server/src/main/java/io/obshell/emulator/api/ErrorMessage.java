package io.obshell.emulator.api;

import java.util.Arrays;
import java.util.Locale;

/**
 * An error's message as obshell keeps it (errors/error.go): a catalogue entry and its
 * arguments, possibly wrapping a cause, so that it can be written in the language the client
 * asked for. English is what {@code Error()} gives; {@code LocaleMessage} renders the entry, and
 * a wrapped cause when it is an obshell error, in the negotiated language.
 */
public sealed interface ErrorMessage {

    String render(Language language);

    default String english() {
        return render(Language.EN);
    }

    /** {@code errors.Occur(code, args...)}. An argument that is itself an ErrorMessage follows the language. */
    static ErrorMessage occur(ErrorCode code, Object... args) {
        return new Occur(code, args.clone());
    }

    /**
     * {@code WrapRetain}/{@code OccurWithMessage}/{@code Wrap}: {@code "<head>: <cause>"}, Go's
     * ASCII separator in every language.
     */
    static ErrorMessage wrap(ErrorMessage head, ErrorMessage cause) {
        return new Wrapped(head, cause);
    }

    /** Text that is the same in every language: a Go error's {@code Error()}, a wrapper's own words. */
    static ErrorMessage text(String text) {
        return new Text(text);
    }

    record Occur(ErrorCode code, Object[] args) implements ErrorMessage {

        @Override
        public String render(Language language) {
            Object[] rendered = Arrays.stream(args)
                    .map(arg -> arg instanceof ErrorMessage message ? message.render(language) : arg)
                    .toArray();
            String template = code.template(language);
            return rendered.length == 0 ? template : String.format(Locale.ROOT, template, rendered);
        }
    }

    record Wrapped(ErrorMessage head, ErrorMessage cause) implements ErrorMessage {

        @Override
        public String render(Language language) {
            return head.render(language) + ": " + cause.render(language);
        }
    }

    record Text(String text) implements ErrorMessage {

        @Override
        public String render(Language language) {
            return text;
        }
    }
}
