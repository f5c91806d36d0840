package org.hemacds.feedback;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** {@link FeedbackRepositoryContract} on an H2 file, as the service runs by default. */
class FeedbackRepositoryH2Test extends FeedbackRepositoryContract {

  @TempDir static Path dir;

  @Override
  DataSource dataSource() {
    return new DriverManagerDataSource(
        "jdbc:h2:file:" + dir.resolve("cds") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
  }
}
