package org.hemacds.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.List;
import java.util.Random;

/**
 * Where a structure-aware fuzzer's decisions come from: Jazzer's {@link FuzzedDataProvider} when
 * fuzzing (coverage-guided), or a seeded {@link Random} for the short fixed-seed runs in {@code
 * verify}. The same harness code runs under both.
 */
public interface Choices {

  /** A number in {@code [0, bound)}; 0 when {@code bound <= 1}. */
  int pick(int bound);

  boolean flip();

  long anyLong();

  /** Any finite double. */
  double anyDouble();

  /** A string of at most {@code maxLength} characters, any code points. */
  String anyString(int maxLength);

  default <T> T oneOf(List<T> values) {
    return values.get(pick(values.size()));
  }

  static Choices of(FuzzedDataProvider data) {
    return new Choices() {
      @Override
      public int pick(int bound) {
        return bound <= 1 ? 0 : data.consumeInt(0, bound - 1);
      }

      @Override
      public boolean flip() {
        return data.consumeBoolean();
      }

      @Override
      public long anyLong() {
        return data.consumeLong();
      }

      @Override
      public double anyDouble() {
        return data.consumeRegularDouble();
      }

      @Override
      public String anyString(int maxLength) {
        return data.consumeString(maxLength);
      }
    };
  }

  static Choices of(Random random) {
    return new Choices() {
      private static final String ALPHABET =
          "aZ09 -_./:|#%*^{}[]<>=\"\\\n\t\u00e9\u2265\u0000\ud83e\ude78";

      @Override
      public int pick(int bound) {
        return bound <= 1 ? 0 : random.nextInt(bound);
      }

      @Override
      public boolean flip() {
        return random.nextBoolean();
      }

      @Override
      public long anyLong() {
        return random.nextBoolean() ? random.nextInt(2000) - 1000 : random.nextLong();
      }

      @Override
      public double anyDouble() {
        return switch (random.nextInt(4)) {
          case 0 -> random.nextDouble() * 100;
          case 1 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20);
          case 2 -> Double.MAX_VALUE * random.nextDouble();
          default -> random.nextInt(1000) / 10.0;
        };
      }

      @Override
      public String anyString(int maxLength) {
        int length = random.nextInt(Math.max(1, maxLength + 1));
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
          text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
      }
    };
  }
}
