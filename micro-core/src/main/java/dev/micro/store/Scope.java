package dev.micro.store;

import java.util.Objects;

/**
 * Where records live: a database and a table inside it. Two scopes never see each other's
 * records. Immutable.
 *
 * <p>go-micro's defaults are database {@code micro}, table {@code micro} ({@link #DEFAULT}); a
 * service keeps its records in {@link #forService(String)}.
 *
 * @param database the database name, not empty
 * @param table the table name, not empty
 */
public record Scope(String database, String table) {
  /** Database {@code micro}, table {@code micro}. */
  public static final Scope DEFAULT = new Scope("micro", "micro");

  /**
   * @throws IllegalArgumentException if either name is empty
   */
  public Scope {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(table, "table");
    if (database.isEmpty()) {
      throw new IllegalArgumentException("database: '' (expected: a non-empty name)");
    }
    if (table.isEmpty()) {
      throw new IllegalArgumentException("table: '' (expected: a non-empty name)");
    }
  }

  /** The scope for {@code database} and {@code table}. */
  public static Scope of(String database, String table) {
    return new Scope(database, table);
  }

  /** The scope a service named {@code name} gets by default: database {@code service}, table {@code name}. */
  public static Scope forService(String name) {
    return new Scope("service", name);
  }

  @Override
  public String toString() {
    return database + "/" + table;
  }
}
