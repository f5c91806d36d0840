package org.hemacds.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Captures every log event, at every level down to TRACE, while valid and invalid requests run, and
 * checks that no token, no part of one, no FHIR access token and no patient id was logged.
 */
class LogSafetyTest extends SecuredServiceTest {

  private static final String PATIENT_ID = "pat-logcheck-4711";
  private static final String FHIR_ACCESS_TOKEN = "fhir-access-token-never-log-me-93a1";

  private final TestIssuers issuers = TestIssuers.get();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private Logger root;
  private Level previousLevel;

  /**
   * Another test's context starting in this JVM resets Logback; make sure this context's filter is
   * in place, as it is in a running service.
   */
  @Autowired SecretLogFilter secretLogFilter;

  @BeforeEach
  void captureEverything() {
    secretLogFilter.install();
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    previousLevel = root.getLevel();
    appender.setContext(context);
    appender.start();
    root.addAppender(appender);
    root.setLevel(Level.TRACE);
  }

  @AfterEach
  void restore() {
    root.setLevel(previousLevel);
    root.detachAppender(appender);
    appender.stop();
  }

  @Test
  void noTokenNorPatientIdIsLoggedDuringAFullRequestCycle() {
    String aud = serviceUrl(ORDER_SELECT);
    List<String> secrets = new ArrayList<>(List.of(PATIENT_ID, FHIR_ACCESS_TOKEN));

    // Discovery with a token.
    String discoveryToken = TestIssuers.token(issuers.aEc, TestIssuers.A, base() + "/cds-services");
    secrets.add(discoveryToken);
    HttpResponse<String> discovery =
        send(
            HttpRequest.newBuilder(URI.create(base() + "/cds-services"))
                .header("Authorization", "Bearer " + discoveryToken)
                .build());
    assertThat(discovery.statusCode()).isEqualTo(200);

    // A valid call carrying fhirAuthorization, then its replay.
    String valid = TestIssuers.token(issuers.aEc, TestIssuers.A, aud);
    secrets.add(valid);
    assertThat(post(aud, valid, bodyWithFhirAuthorization()).statusCode()).isEqualTo(200);
    assertThat(post(aud, valid, bodyWithFhirAuthorization()).statusCode()).isEqualTo(401);

    // A valid token with a body the service refuses.
    String forBadBody = TestIssuers.token(issuers.aRsa, TestIssuers.A, aud);
    secrets.add(forBadBody);
    assertThat(post(aud, forBadBody, badBody()).statusCode()).isEqualTo(400);

    // Invalid tokens of several kinds.
    Instant now = Instant.now();
    List<String> invalid =
        List.of(
            TestIssuers.token(
                issuers.aEc,
                JWSAlgorithm.ES384,
                h -> {},
                c ->
                    c.issuer(TestIssuers.A)
                        .audience(aud)
                        .issueTime(Date.from(now.minusSeconds(900)))
                        .expirationTime(Date.from(now.minusSeconds(600)))),
            TestIssuers.token(issuers.aEc, TestIssuers.A, "https://other.example.org/x"),
            TestIssuers.token(TestIssuers.ec("stranger"), "https://evil.example.org", aud),
            TestIssuers.token(
                issuers.aEc,
                JWSAlgorithm.ES384,
                h -> h.keyID("unknown"),
                c -> c.issuer(TestIssuers.A).audience(aud)),
            tamper(TestIssuers.token(issuers.aEc, TestIssuers.A, aud)),
            unsecured(aud),
            "not-a-jwt-" + UUID.randomUUID());
    for (String token : invalid) {
      secrets.add(token);
      assertThat(post(aud, token, bodyWithFhirAuthorization()).statusCode()).isEqualTo(401);
    }

    // The demo page's token round trip.
    HttpResponse<String> minted = post(base() + "/demo/token", null, "{\"aud\": \"" + aud + "\"}");
    assertThat(minted.statusCode()).isEqualTo(200);
    String demoToken = minted.body().replaceAll(".*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1").strip();
    secrets.add(demoToken);
    assertThat(post(aud, demoToken, bodyWithFhirAuthorization()).statusCode()).isEqualTo(200);

    List<ILoggingEvent> events;
    synchronized (appender) { // AppenderBase.doAppend holds this lock while appending
      events = List.copyOf(appender.list);
    }
    List<String> logged = events.stream().map(LogSafetyTest::render).toList();
    assertThat(logged).as("the capture works").anyMatch(line -> line.contains("401 for POST"));
    List<String> leaks = new ArrayList<>();
    for (String secret : secrets) {
      List<String> fragments = new ArrayList<>(List.of(secret));
      if (secret.chars().filter(c -> c == '.').count() == 2) {
        // No part of a JWT either: its payload or signature alone identifies it.
        Arrays.stream(secret.split("\\."))
            .filter(p -> p.length() > 20)
            .skip(1)
            .forEach(fragments::add);
      }
      for (String line : logged) {
        if (fragments.stream().anyMatch(line::contains) || line.contains("Bearer ")) {
          leaks.add(line.length() > 300 ? line.substring(0, 300) + "..." : line);
        }
      }
    }
    assertThat(leaks)
        .as("log lines holding a token, a FHIR access token or a patient id")
        .isEmpty();
    // The service's own code must be clean without the safety net.
    assertThat(secretLogFilter.droppedSecrets().keySet())
        .as("loggers whose events were dropped for holding a token")
        .noneMatch(name -> name.startsWith("org.hemacds"));
  }

  private static String render(ILoggingEvent event) {
    StringBuilder text = new StringBuilder(event.getLoggerName()).append(' ');
    text.append(event.getFormattedMessage());
    if (event.getArgumentArray() != null) {
      for (Object argument : event.getArgumentArray()) {
        text.append(' ').append(argument);
      }
    }
    text.append(' ').append(event.getMDCPropertyMap());
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      text.append(' ').append(ThrowableProxyUtil.asString(thrown));
    }
    return text.toString();
  }

  private static String bodyWithFhirAuthorization() {
    return """
        {"hook": "order-select",
         "hookInstance": "%s",
         "fhirServer": "http://localhost:9/fhir",
         "fhirAuthorization": {"access_token": "%s", "token_type": "Bearer",
                               "expires_in": 300, "scope": "patient/*.read",
                               "subject": "cds-service"},
         "context": {
           "userId": "Practitioner/example",
           "patientId": "%s",
           "selections": [],
           "draftOrders": {"resourceType": "Bundle", "type": "collection", "entry": []}
         }}
        """
        .formatted(UUID.randomUUID(), FHIR_ACCESS_TOKEN, PATIENT_ID);
  }

  private static String badBody() {
    return """
        {"hook": "order-select", "hookInstance": "x",
         "fhirAuthorization": {"access_token": "%s", "token_type": "Bearer"},
         "context": {"userId": "Practitioner/1", "patientId": "Patient/%s"}}
        """
        .formatted(FHIR_ACCESS_TOKEN, PATIENT_ID);
  }

  private static String tamper(String token) {
    char[] chars = token.toCharArray();
    int i = token.lastIndexOf('.') + 5;
    chars[i] = chars[i] == 'A' ? 'B' : 'A';
    return new String(chars);
  }

  private static String unsecured(String aud) {
    Instant now = Instant.now();
    return new PlainJWT(
            new PlainHeader.Builder().type(JOSEObjectType.JWT).build(),
            new JWTClaimsSet.Builder()
                .issuer(TestIssuers.A)
                .audience(aud)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(60)))
                .jwtID(UUID.randomUUID().toString())
                .build())
        .serialize();
  }
}
