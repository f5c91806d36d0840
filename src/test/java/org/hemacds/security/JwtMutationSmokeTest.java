package org.hemacds.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.hemacds.fuzz.Choices;
import org.junit.jupiter.api.Test;

/**
 * The fixed-seed run of {@link JwtFuzzTest}'s token generator for {@code verify}: a few thousand
 * fuzzed but validly signed tokens, and as many random strings; no exception but the verifier's own
 * rejection.
 */
class JwtMutationSmokeTest {

  @Test
  void fuzzedSignedTokensAreAcceptedOrRejectedNeverThrown() {
    Choices choices = Choices.of(new Random(20261128L));
    int accepted = 0;
    for (int i = 0; i < 300; i++) {
      if (JwtFuzzTest.verify(JwtFuzzTest.signedToken(choices))) {
        accepted++;
      }
    }
    // Some tokens pass every check: the generator reaches the checks after the signature.
    assertThat(accepted).isGreaterThan(0).isLessThan(300);
  }

  @Test
  void randomTextIsRejected() {
    Choices choices = Choices.of(new Random(7L));
    for (int i = 0; i < 2_000; i++) {
      String token =
          choices.pick(3) == 0
              ? choices.anyString(300)
              : choices.anyString(40) + "." + choices.anyString(80) + "." + choices.anyString(40);
      JwtFuzzTest.verify(token);
    }
  }
}
