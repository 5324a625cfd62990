package io.obshell.emulator.api;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;

import org.springframework.stereotype.Component;

/** Builds envelopes: one place decides timestamp, duration, traceId and the data rules. */
@Component
class Envelopes {

    private final Clock clock;
    private final OcsAgentResponse panicResponse;

    Envelopes(Clock clock) {
        this.clock = clock;
        // obshell's Recovery answers with a response built once at process start.
        ApiException panic = ApiException.panic();
        this.panicResponse = new OcsAgentResponse(false, GoTime.format(clock.instant(), clock), 0,
                panic.code().status(), "", null, ApiError.of(panic, java.util.Optional.empty()));
    }

    OcsAgentResponse success(ApiRequest request, Object data) {
        Object payload = data == NoData.INSTANCE ? null
                : data instanceof Collection<?> list ? Map.of("contents", list) : data;
        return sent(request, new OcsAgentResponse(true, now(), duration(request), 200, traceId(request), payload, null));
    }

    OcsAgentResponse error(ApiRequest request, ApiException e) {
        if (e.stage() == ApiException.Stage.PANIC) {
            return sent(request, panicResponse);
        }
        String traceId = e.stage() == ApiException.Stage.DECRYPT ? "" : traceId(request);
        Object data = e.stage() == ApiException.Stage.HANDLER ? OcsAgentResponse.TYPED_NIL : null;
        // Recovery's answer above is never localised: the panic skips the rest of PostHandlers.
        java.util.Optional<Language> language = request == null ? java.util.Optional.empty()
                : Language.negotiate(request.acceptLanguage());
        return sent(request, new OcsAgentResponse(false, now(), duration(request), e.code().status(), traceId, data,
                ApiError.of(e, language)));
    }

    /** Lets the request journal see what the client was told. */
    private static OcsAgentResponse sent(ApiRequest request, OcsAgentResponse response) {
        if (request != null) {
            request.responded(response);
        }
        return response;
    }

    private String now() {
        return GoTime.format(clock.instant(), clock);
    }

    private static long duration(ApiRequest request) {
        return request == null ? 0 : request.elapsedMillis();
    }

    private static String traceId(ApiRequest request) {
        return request == null ? "" : request.traceId();
    }
}
