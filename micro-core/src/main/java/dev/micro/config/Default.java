package dev.micro.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value a record component takes when {@link Config#bind(String, Class)} finds nothing at its
 * path, written as it would be in a file: {@code @Default("30s") Duration timeout},
 * {@code @Default("a,b") List<String> hosts}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Default {
  /** The value, converted like any configured string. */
  String value();
}
