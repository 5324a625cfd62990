package io.obshell.emulator.api;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The two languages of obshell's message catalogue (assets/i18n/error/en.json, zh.json), and
 * how obshell picks one from {@code Accept-Language} (api/common/middleware.go PostHandlers,
 * errors/errormsg.go GetMessage): only when the header is non-empty and {@code language.Parse}
 * of golang.org/x/text accepts it as one BCP 47 tag (so a browser's list such as
 * {@code zh-CN,zh;q=0.9} is not localised at all), and then by go-i18n's matcher over
 * {@code [en, zh]}, English being the default.
 */
public enum Language {
    EN, ZH;

    /** ISO 639-1 codes Go knows besides the JDK's current list (deprecated ones it still parses). */
    private static final Set<String> OLD_TWO_LETTER = Set.of("in", "iw", "ji", "jw", "mo", "sh", "tl");

    /** Grandfathered tags Go accepts whole, and whether they are Chinese for the matcher. */
    private static final Map<String, Boolean> GRANDFATHERED = Map.ofEntries(
            Map.entry("zh-guoyu", true), Map.entry("zh-hakka", true), Map.entry("zh-min", true),
            Map.entry("zh-min-nan", true), Map.entry("zh-xiang", true),
            Map.entry("art-lojban", false), Map.entry("cel-gaulish", false), Map.entry("en-gb-oed", false),
            Map.entry("i-ami", false), Map.entry("i-bnn", false), Map.entry("i-default", false),
            Map.entry("i-enochian", false), Map.entry("i-hak", true), Map.entry("i-klingon", false),
            Map.entry("i-lux", false), Map.entry("i-mingo", false), Map.entry("i-navajo", false),
            Map.entry("i-pwn", false), Map.entry("i-tao", false), Map.entry("i-tay", false),
            Map.entry("i-tsu", false), Map.entry("no-bok", false), Map.entry("no-nyn", false),
            Map.entry("sgn-be-fr", false), Map.entry("sgn-be-nl", false), Map.entry("sgn-ch-de", false));

    /** Languages the x/text matcher sends to {@code zh}: Chinese itself and its varieties (not yue). */
    private static final Set<String> CHINESE = Set.of("zh", "zho", "chi", "cmn", "wuu", "hak", "nan", "gan", "lzh",
            "hsn");

    /**
     * The language obshell writes its messages in for this header, or empty when it leaves them
     * as they are (no header, or one {@code language.Parse} refuses).
     */
    public static Optional<Language> negotiate(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isEmpty()) {
            return Optional.empty();
        }
        String tag = acceptLanguage.toLowerCase(Locale.ROOT).replace('_', '-');
        Boolean grandfathered = GRANDFATHERED.get(tag);
        if (grandfathered != null) {
            return Optional.of(grandfathered ? ZH : EN);
        }
        return parse(tag.split("-", -1));
    }

    /**
     * BCP 47's shape as x/text's parser checks it: a language (a known ISO 639-1 code, or any
     * three letters), up to three extended languages (the last one counts), script, region,
     * variants, extensions; a private-use tag ({@code x-…}) is accepted and matches nothing.
     * x/text also refuses three-letter languages, scripts, regions and variants missing from its
     * registry; those are accepted here (the JDK has no such registry), a difference only a
     * malformed header can show.
     */
    private static Optional<Language> parse(String[] tokens) {
        for (String token : tokens) {
            if (token.isEmpty() || token.length() > 8 || !token.chars().allMatch(Language::isAlphaNum)) {
                return Optional.empty();
            }
        }
        int k = 0;
        String language = tokens[k++];
        if (language.equals("x")) {
            return tokens.length > 1 ? Optional.of(EN) : Optional.empty();
        }
        if (!isAlpha(language) || language.length() < 2 || language.length() > 3
                || (language.length() == 2 && !isKnownTwoLetter(language))) {
            return Optional.empty();
        }
        for (int extlangs = 0; extlangs < 3 && k < tokens.length && tokens[k].length() == 3 && isAlpha(tokens[k]);
                extlangs++) {
            language = tokens[k++];
        }
        String script = null;
        if (k < tokens.length && tokens[k].length() == 4 && isAlpha(tokens[k])) {
            script = tokens[k++];
        }
        if (k < tokens.length && ((tokens[k].length() == 2 && isAlpha(tokens[k]))
                || (tokens[k].length() == 3 && tokens[k].chars().allMatch(Character::isDigit)))) {
            k++;
        }
        while (k < tokens.length && isVariant(tokens[k])) {
            k++;
        }
        while (k < tokens.length) {
            String singleton = tokens[k++];
            if (singleton.length() != 1) {
                return Optional.empty();
            }
            int start = k;
            while (k < tokens.length && (singleton.equals("x") || tokens[k].length() >= 2)) {
                k++;
            }
            if (k == start) {
                return Optional.empty();
            }
        }
        return Optional.of(matches(language, script) ? ZH : EN);
    }

    /**
     * x/text's matcher over [en, zh], as it decides for real headers: the Simplified script
     * picks zh for any language; Chinese and its varieties pick zh unless another script is
     * named (Traditional still counts for zh itself, not for cmn).
     */
    private static boolean matches(String language, String script) {
        if ("hans".equals(script)) {
            return true;
        }
        if (!CHINESE.contains(language)) {
            return false;
        }
        boolean macro = language.equals("zh") || language.equals("zho") || language.equals("chi");
        return script == null || (macro && script.equals("hant"));
    }

    private static boolean isVariant(String token) {
        return (token.length() >= 5) || (token.length() == 4 && Character.isDigit(token.charAt(0)));
    }

    private static boolean isKnownTwoLetter(String language) {
        return OLD_TWO_LETTER.contains(language) || Set.of(Locale.getISOLanguages()).contains(language);
    }

    private static boolean isAlpha(String token) {
        return token.chars().allMatch(c -> c >= 'a' && c <= 'z');
    }

    private static boolean isAlphaNum(int c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
