package io.obshell.emulator.control;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import io.obshell.emulator.api.ApiWebConfiguration;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** What clients sent to {@code /api/v1}, newest first. */
@RestController
@RequestMapping(ApiWebConfiguration.CONTROL_PATH + "/requests")
@Tag(name = "Journal", description = "The /api/v1 requests clients sent, secrets masked")
class JournalController {

    private static final Pattern STATUS = Pattern.compile("[1-5](\\d\\d|xx)");

    private final RequestJournal journal;

    JournalController(RequestJournal journal) {
        this.journal = journal;
    }

    @GetMapping
    @Operation(summary = "Journaled /api/v1 requests, newest first")
    List<JournalEntry> list(
            @Parameter(description = "at most this many (default: all kept)")
            @RequestParam(name = "limit", required = false) Integer limit,
            @Parameter(description = "only requests whose path starts with this, e.g. /api/v1/task")
            @RequestParam(name = "path", required = false) String path,
            @Parameter(description = "only this HTTP status, e.g. 401, or a class such as 4xx")
            @RequestParam(name = "status", required = false) String status) {
        if (limit != null && limit < 1) {
            throw ControlException.invalid("'limit' must be at least 1: " + limit);
        }
        if (status != null && !STATUS.matcher(status).matches()) {
            throw ControlException.invalid("'status' must be an HTTP status such as 401, or a class such as 4xx: "
                    + status);
        }
        Predicate<JournalEntry> filter = entry -> (path == null || entry.path().startsWith(path))
                && (status == null || statusMatches(status, entry.status()));
        return journal.list(limit == null ? Integer.MAX_VALUE : limit, filter);
    }

    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Forget every journaled request")
    void clear() {
        journal.clear();
    }

    private static boolean statusMatches(String wanted, int status) {
        return wanted.endsWith("xx") ? wanted.charAt(0) - '0' == status / 100 : Integer.parseInt(wanted) == status;
    }
}
