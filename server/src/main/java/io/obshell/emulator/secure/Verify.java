package io.obshell.emulator.secure;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller (or handler method) as a route group under obshell's {@code Verify}.
 * Unannotated {@code /api/v1} handlers are unprotected, like info, status, secret and time.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface Verify {

    RouteType value();
}
