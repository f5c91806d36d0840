package org.hemacds.security;

/**
 * A token that failed a check. The message names the check for the debug log; it never contains the
 * token and is never sent to the caller.
 */
final class TokenRejectedException extends Exception {

  TokenRejectedException(String reason) {
    super(reason, null, false, false);
  }
}
