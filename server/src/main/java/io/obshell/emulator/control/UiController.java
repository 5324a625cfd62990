package io.obshell.emulator.control;

import java.util.Map;
import java.util.Set;

import io.obshell.emulator.api.ApiWebConfiguration;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The live page: one HTML file, its script and its style sheet, from the server's resources (no
 * build step, nothing fetched from elsewhere). The page holds no data: it reads everything
 * through the control routes, sending the control token when one is configured (it asks for it
 * once and keeps it in the tab's sessionStorage). The Content
 * Security Policy lets it load only its own files and talk only to its own origin, so nothing a
 * client sent (journaled bodies, URIs) can run as script in it.
 */
@RestController
@RequestMapping(UiController.PATH)
@Hidden
class UiController {

    static final String PATH = ApiWebConfiguration.CONTROL_PATH + "/ui";
    /** What the page is made of; they hold no data, so the control token does not guard them. */
    static final Set<String> FILES = Set.of(PATH, PATH + "/app.js", PATH + "/app.css");

    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; "
            + "style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private static final Map<String, MediaType> TYPES = Map.of(
            "index.html", MediaType.parseMediaType("text/html;charset=UTF-8"),
            "app.js", MediaType.parseMediaType("text/javascript;charset=UTF-8"),
            "app.css", MediaType.parseMediaType("text/css;charset=UTF-8"));

    @GetMapping
    ResponseEntity<Resource> page() {
        return file("index.html");
    }

    @GetMapping("/app.js")
    ResponseEntity<Resource> script() {
        return file("app.js");
    }

    @GetMapping("/app.css")
    ResponseEntity<Resource> style() {
        return file("app.css");
    }

    private static ResponseEntity<Resource> file(String name) {
        return ResponseEntity.ok()
                .contentType(TYPES.get(name))
                // Revalidated on every load, so a page never runs against a newer emulator with an old script.
                .cacheControl(CacheControl.noCache())
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY")
                .body(new ClassPathResource("emulator-ui/" + name));
    }
}
