package org.hemacds.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The shared replay cache: two replicas on one database refuse each other's replays. */
class JdbcReplayCacheTest {

  private JdbcClient jdbc;
  private final Instant later = Instant.now().plusSeconds(300);

  @BeforeEach
  void database() throws Exception {
    DriverManagerDataSource dataSource =
        new DriverManagerDataSource(
            "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    jdbc = JdbcClient.create(dataSource);
    String script =
        Files.readString(Path.of("src/main/resources/db/migration/V2__jwt_replay.sql"))
            .replaceAll("(?m)^--.*$", "");
    for (String statement : script.split(";")) {
      String sql = statement.strip();
      if (!sql.isEmpty()) {
        jdbc.sql(sql).update();
      }
    }
  }

  private ReplayCache replica() {
    return new JdbcReplayCache(jdbc, new InMemoryReplayCache(1000), Clock.systemUTC());
  }

  @Test
  void aTokenIdIsAcceptedOnceAcrossReplicas() {
    ReplayCache a = replica();
    ReplayCache b = replica();
    assertThat(a.firstUse("https://ehr.example", "jti-1", later)).isTrue();
    assertThat(b.firstUse("https://ehr.example", "jti-1", later)).isFalse();
    assertThat(a.firstUse("https://ehr.example", "jti-1", later)).isFalse();
    assertThat(b.firstUse("https://other.example", "jti-1", later)).isTrue();
  }

  @Test
  void simultaneousUsesLetExactlyOneThrough() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Boolean>> calls = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        ReplayCache replica = replica();
        calls.add(() -> replica.firstUse("https://ehr.example", "same", later));
      }
      int accepted = 0;
      for (Future<Boolean> f : pool.invokeAll(calls)) {
        accepted += f.get() ? 1 : 0;
      }
      assertThat(accepted).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRowPastItsTimeMayBeReused() {
    ReplayCache a = replica();
    assertThat(a.firstUse("iss", "old", Instant.now().minusSeconds(1))).isTrue();
    assertThat(replica().firstUse("iss", "old", later)).isTrue();
    assertThat(replica().firstUse("iss", "old", later)).isFalse();
  }

  @Test
  void withTheDatabaseGoneEachReplicaStillRefusesWhatItSaw() {
    ReplayCache a = replica();
    assertThat(a.firstUse("iss", "before-outage", later)).isTrue();
    jdbc.sql("DROP TABLE jwt_replay").update();
    assertThat(a.firstUse("iss", "before-outage", later)).isFalse();
    assertThat(a.firstUse("iss", "during-outage", later)).isTrue();
    assertThat(a.firstUse("iss", "during-outage", later)).isFalse();
  }
}
