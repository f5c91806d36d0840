package org.hemacds.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Test EHR issuers with keys made in memory, and a real HTTP server on loopback serving their JWK
 * sets. Started once per JVM so every test class sharing {@link #register} shares one Spring
 * context. No private key is ever written anywhere.
 */
final class TestIssuers {

  /** Keys published at {@code /a/jwks.json}; tokens may carry jku {@link #A_JKU}. */
  static final String A = "https://ehr-a.example.org";

  static final String A_JKU = "https://ehr-a.example.org/.well-known/jwks.json";

  /** Keys served from a {@code file:} JWKS. */
  static final String FILE = "https://ehr-file.example.org";

  /** Keys that a test may rotate at {@code /rotating/jwks.json}. */
  static final String ROTATING = "https://ehr-rotating.example.org";

  /** A JWKS endpoint that answers nothing until released. */
  static final String HANGING = "https://ehr-hanging.example.org";

  static final Duration JWKS_TIMEOUT = Duration.ofSeconds(3);
  static final Duration MIN_REFRESH = Duration.ofSeconds(4);

  private static TestIssuers instance;

  final ECKey aEc = ec("a-es384");
  final RSAKey aRsa = rsa("a-rs384", JWSAlgorithm.RS384);
  final RSAKey aRsaNoAlg = rsa("a-rsa-any", null);
  final ECKey fileEc = ec("file-es384");
  final ECKey rotating1 = ec("rot-1");
  final ECKey rotating2 = ec("rot-2");
  final ECKey rotating3 = ec("rot-3");
  final ECKey hangingEc = ec("hang-1");

  final List<JWK> rotatingPublished = new CopyOnWriteArrayList<>(List.of(rotating1.toPublicJWK()));
  volatile boolean rotatingFails;
  final AtomicInteger rotatingFetches = new AtomicInteger();
  final AtomicInteger aFetches = new AtomicInteger();
  final AtomicInteger hangingFetches = new AtomicInteger();
  final AtomicInteger foreignJkuFetches = new AtomicInteger();
  final CountDownLatch hangingEntered = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  private final HttpServer server;
  private final Path fileJwks;

  private TestIssuers() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool(daemon()));
    server.createContext(
        "/a/jwks.json",
        exchange -> {
          aFetches.incrementAndGet();
          send(exchange, 200, new JWKSet(List.of(aEc, aRsa, aRsaNoAlg)).toPublicJWKSet());
        });
    server.createContext(
        "/rotating/jwks.json",
        exchange -> {
          rotatingFetches.incrementAndGet();
          if (rotatingFails) {
            send(exchange, 503, null);
          } else {
            send(exchange, 200, new JWKSet(List.copyOf(rotatingPublished)));
          }
        });
    server.createContext(
        "/hanging/jwks.json",
        exchange -> {
          hangingFetches.incrementAndGet();
          hangingEntered.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          send(exchange, 200, new JWKSet(hangingEc.toPublicJWK()));
        });
    server.createContext(
        "/foreign/jwks.json",
        exchange -> {
          foreignJkuFetches.incrementAndGet();
          send(exchange, 200, new JWKSet());
        });
    server.start();
    fileJwks = Files.createTempFile("test-issuer-jwks", ".json");
    fileJwks.toFile().deleteOnExit();
    Files.writeString(fileJwks, new JWKSet(fileEc.toPublicJWK()).toString());
  }

  static synchronized TestIssuers get() {
    if (instance == null) {
      try {
        instance = new TestIssuers();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(instance::stop));
    }
    return instance;
  }

  /** The properties of a security-on context trusting these issuers. */
  static void register(DynamicPropertyRegistry registry) {
    TestIssuers issuers = get();
    registry.add("cds.security.issuers[0].iss", () -> A);
    registry.add("cds.security.issuers[0].jwks-uri", () -> issuers.url("/a/jwks.json"));
    registry.add("cds.security.issuers[0].jku", () -> A_JKU);
    registry.add("cds.security.issuers[1].iss", () -> FILE);
    registry.add("cds.security.issuers[1].jwks-uri", () -> issuers.fileJwks.toUri().toString());
    registry.add("cds.security.issuers[2].iss", () -> ROTATING);
    registry.add("cds.security.issuers[2].jwks-uri", () -> issuers.url("/rotating/jwks.json"));
    registry.add("cds.security.issuers[3].iss", () -> HANGING);
    registry.add("cds.security.issuers[3].jwks-uri", () -> issuers.url("/hanging/jwks.json"));
    registry.add("cds.security.jwks.connect-timeout", () -> JWKS_TIMEOUT.toMillis() + "ms");
    registry.add("cds.security.jwks.read-timeout", () -> JWKS_TIMEOUT.toMillis() + "ms");
    registry.add("cds.security.jwks.min-refresh-interval", () -> MIN_REFRESH.toMillis() + "ms");
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private void stop() {
    release.countDown();
    server.stop(0);
  }

  // ---- tokens ----

  /** A valid token of {@code iss} for {@code aud}, signed with {@code key} and its own alg. */
  static String token(JWK key, String iss, String aud) {
    return token(key, algOf(key), h -> {}, c -> c.issuer(iss).audience(aud));
  }

  /**
   * A token signed with {@code key}: header typ JWT and kid of the key; claims iat now, exp now + 5
   * min and a fresh jti, then adjusted by the two callbacks.
   */
  static String token(
      JWK key,
      JWSAlgorithm alg,
      Consumer<JWSHeader.Builder> header,
      Consumer<JWTClaimsSet.Builder> claims) {
    JWSHeader.Builder h = new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).keyID(key.getKeyID());
    header.accept(h);
    Instant now = Instant.now();
    JWTClaimsSet.Builder c =
        new JWTClaimsSet.Builder()
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(300)))
            .jwtID(UUID.randomUUID().toString());
    claims.accept(c);
    SignedJWT jwt = new SignedJWT(h.build(), c.build());
    try {
      jwt.sign(signer(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  static JWSAlgorithm algOf(JWK key) {
    if (key.getAlgorithm() != null) {
      return JWSAlgorithm.parse(key.getAlgorithm().getName());
    }
    return key instanceof ECKey ? JWSAlgorithm.ES384 : JWSAlgorithm.RS384;
  }

  private static JWSSigner signer(JWK key) throws JOSEException {
    return key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
  }

  static ECKey ec(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_384)
          .keyID(kid)
          .algorithm(JWSAlgorithm.ES384)
          .keyUse(KeyUse.SIGNATURE)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static RSAKey rsa(String kid, JWSAlgorithm alg) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).algorithm(alg).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void send(HttpExchange exchange, int status, JWKSet keys) throws IOException {
    byte[] body = keys == null ? new byte[0] : keys.toString(true).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
    exchange.close();
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return runnable -> {
      Thread thread = new Thread(runnable, "test-jwks-server");
      thread.setDaemon(true);
      return thread;
    };
  }
}
