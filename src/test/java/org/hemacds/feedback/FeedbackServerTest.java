package org.hemacds.feedback;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The whole service on a random port, without JWT checks, on a temporary H2 file of its own: each
 * test class gets a new context and a new database file under {@code target/test-h2/}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "cds.security.enabled=false",
      "spring.datasource.url=jdbc:h2:file:./target/test-h2/${random.uuid}/cds;DB_CLOSE_ON_EXIT=FALSE"
    })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@interface FeedbackServerTest {}
