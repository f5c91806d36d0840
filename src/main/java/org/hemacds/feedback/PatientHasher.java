package org.hemacds.feedback;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The patient as the card log keeps it: hex SHA-256 of salt, a NUL byte and the patient id. The
 * same patient hashes alike on every replica sharing the salt, so cards can be counted per patient
 * without storing who the patient is.
 */
final class PatientHasher {

  private static final Logger log = LoggerFactory.getLogger(PatientHasher.class);
  static final String SALT_SETTING = "patient-hash-salt";

  private final byte[] salt;

  PatientHasher(String salt) {
    if (salt == null || salt.isEmpty()) {
      throw new IllegalArgumentException("the patient hash salt is empty");
    }
    this.salt = salt.getBytes(StandardCharsets.UTF_8);
  }

  /** The hash, or null for no patient. */
  String hash(String patientId) {
    if (patientId == null) {
      return null;
    }
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(salt);
      digest.update((byte) 0);
      digest.update(patientId.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The configured salt; else the one kept in the database; else a new random one, stored there
   * first. Two replicas starting together both insert-if-absent and then read the one that won.
   */
  static PatientHasher fromConfigOrDatabase(String configured, JdbcClient jdbc) {
    if (configured != null && !configured.isBlank()) {
      return new PatientHasher(configured);
    }
    String stored = read(jdbc);
    if (stored == null) {
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      try {
        jdbc.sql("INSERT INTO cds_setting (name, setting_value) VALUES (:name, :value)")
            .param("name", SALT_SETTING)
            .param("value", Base64.getEncoder().encodeToString(random))
            .update();
        log.info(
            "Generated the patient hash salt and stored it in the database (cds_setting); set"
                + " cds.feedback.patient-salt to manage it yourself");
      } catch (DuplicateKeyException e) {
        // Another replica stored one first: use it.
      }
      stored = read(jdbc);
    }
    return new PatientHasher(stored);
  }

  /**
   * The hasher, once its salt is known: the configured salt at once, else the database's on the
   * first call that reaches it (the database may be down when the service starts).
   */
  static final class Lazy implements java.util.function.Supplier<PatientHasher> {
    private final String configured;
    private final JdbcClient jdbc;
    private volatile PatientHasher hasher;

    Lazy(String configured, JdbcClient jdbc) {
      this.configured = configured;
      this.jdbc = jdbc;
    }

    /** The hasher; throws the database's exception while the salt cannot be read. */
    @Override
    public PatientHasher get() {
      PatientHasher known = hasher;
      if (known == null) {
        synchronized (this) {
          if (hasher == null) {
            hasher = fromConfigOrDatabase(configured, jdbc);
          }
          known = hasher;
        }
      }
      return known;
    }
  }

  private static String read(JdbcClient jdbc) {
    return jdbc.sql("SELECT setting_value FROM cds_setting WHERE name = :name")
        .param("name", SALT_SETTING)
        .query(String.class)
        .optional()
        .orElse(null);
  }
}
