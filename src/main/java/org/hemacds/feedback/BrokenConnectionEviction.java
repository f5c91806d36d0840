package org.hemacds.feedback;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.util.Set;

/**
 * Tells the connection pool to drop a connection H2 reports as broken or closed. HikariCP drops
 * connections on the SQL states of PostgreSQL and other drivers ({@code 08…}, {@code 57P01}, ...)
 * but not on H2's own codes, so after an H2 server restart the pool kept handing out dead
 * connections while requests came faster than its idle check. Configured as {@code
 * spring.datasource.hikari.exception-override-class-name}.
 */
public class BrokenConnectionEviction implements SQLExceptionOverride {

  /** H2: connection broken, database closed, database called at shutdown. */
  private static final Set<String> H2_GONE = Set.of("90067", "90098", "90121");

  @java.lang.Override
  public SQLExceptionOverride.Override adjudicate(SQLException e) {
    return H2_GONE.contains(e.getSQLState())
        ? SQLExceptionOverride.Override.MUST_EVICT
        : SQLExceptionOverride.Override.CONTINUE_EVICT;
  }
}
