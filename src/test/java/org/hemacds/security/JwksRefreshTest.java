package org.hemacds.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Lazy JWKS fetching, refresh on an unknown kid (rate-limited), and isolation between issuers. */
class JwksRefreshTest extends SecuredServiceTest {

  final TestIssuers issuers = TestIssuers.get();

  @Test
  void unknownKidRefetchesTheJwksOnceAndThenSucceeds() throws Exception {
    String aud = serviceUrl(ORDER_SELECT);
    assertThat(
            callOrderSelect(TestIssuers.token(issuers.rotating1, TestIssuers.ROTATING, aud))
                .statusCode())
        .isEqualTo(200);
    int afterFirstLoad = issuers.rotatingFetches.get();
    assertThat(afterFirstLoad).isEqualTo(1);

    // The issuer rotates in a new key; the first token signed with it triggers one refetch.
    issuers.rotatingPublished.add(issuers.rotating2.toPublicJWK());
    Thread.sleep(TestIssuers.MIN_REFRESH.toMillis() + 200);
    assertThat(
            callOrderSelect(TestIssuers.token(issuers.rotating2, TestIssuers.ROTATING, aud))
                .statusCode())
        .isEqualTo(200);
    assertThat(issuers.rotatingFetches.get()).isEqualTo(afterFirstLoad + 1);

    // A kid still unknown right after: refused, and no further fetch within the interval.
    String unpublished = TestIssuers.token(issuers.rotating3, TestIssuers.ROTATING, aud);
    CdsJwtAuthenticationTest.assertBare401(callOrderSelect(unpublished));
    CdsJwtAuthenticationTest.assertBare401(
        callOrderSelect(TestIssuers.token(issuers.rotating3, TestIssuers.ROTATING, aud)));
    assertThat(issuers.rotatingFetches.get()).isEqualTo(afterFirstLoad + 1);

    // The JWKS endpoint goes down: the refetch fails, and cached keys keep working.
    issuers.rotatingFails = true;
    try {
      Thread.sleep(TestIssuers.MIN_REFRESH.toMillis() + 200);
      CdsJwtAuthenticationTest.assertBare401(
          callOrderSelect(TestIssuers.token(issuers.rotating3, TestIssuers.ROTATING, aud)));
      assertThat(issuers.rotatingFetches.get()).isEqualTo(afterFirstLoad + 2);
      assertThat(
              callOrderSelect(TestIssuers.token(issuers.rotating1, TestIssuers.ROTATING, aud))
                  .statusCode())
          .isEqualTo(200);
    } finally {
      issuers.rotatingFails = false;
    }
  }

  @Test
  void aHangingJwksEndpointDoesNotBlockAnotherIssuer() throws Exception {
    String aud = serviceUrl(ORDER_SELECT);
    // Issuer A's keys are cached.
    assertThat(callOrderSelect(TestIssuers.token(issuers.aEc, TestIssuers.A, aud)).statusCode())
        .isEqualTo(200);

    CompletableFuture<HttpResponse<String>> hanging =
        CompletableFuture.supplyAsync(
            () -> callOrderSelect(TestIssuers.token(issuers.hangingEc, TestIssuers.HANGING, aud)));
    assertThat(issuers.hangingEntered.await(10, TimeUnit.SECONDS)).isTrue();

    long start = System.nanoTime();
    HttpResponse<String> fromA =
        callOrderSelect(
            TestIssuers.token(
                issuers.aRsa,
                JWSAlgorithm.RS384,
                h -> {},
                c -> c.issuer(TestIssuers.A).audience(aud)));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    assertThat(fromA.statusCode()).isEqualTo(200);
    assertThat(elapsed).isLessThan(TestIssuers.JWKS_TIMEOUT);
    assertThat(hanging.isDone()).isFalse();

    // The hanging issuer's caller is refused once the JWKS timeout passes, not left waiting.
    HttpResponse<String> refused = hanging.get(10, TimeUnit.SECONDS);
    CdsJwtAuthenticationTest.assertBare401(refused);
  }
}
