package dev.micro;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a handler method safe to run more than once for one call. Clients then retry it on
 * another node after any failure that may have reached the server, not only after a failure to
 * connect. Registered as endpoint metadata {@code idempotent=true}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Idempotent {}
