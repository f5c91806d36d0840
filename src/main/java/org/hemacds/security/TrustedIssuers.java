package org.hemacds.security;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The issuers whose tokens are accepted: those of {@code cds.security.issuers}, plus this process's
 * own {@link LocalTokenIssuer} when the demo is enabled.
 */
@Component
class TrustedIssuers {

  /**
   * @param allowedJku the only {@code jku} header value accepted, or {@code null} if tokens of this
   *     issuer must carry none
   */
  record TrustedIssuer(String iss, String allowedJku, IssuerKeys keys) {}

  private final Map<String, TrustedIssuer> byIss = new LinkedHashMap<>();

  TrustedIssuers(SecurityProperties properties, ObjectProvider<LocalTokenIssuer> localIssuer) {
    JwksLoader loader = new JwksLoader(properties.jwks());
    for (SecurityProperties.Issuer issuer : properties.issuers()) {
      IssuerKeys keys =
          new RemoteJwks(
              issuer.iss(), issuer.jwksUri(), loader, properties.jwks(), Clock.systemUTC());
      byIss.put(issuer.iss(), new TrustedIssuer(issuer.iss(), issuer.jku(), keys));
    }
    localIssuer.ifAvailable(
        local -> {
          if (byIss.containsKey(local.issuer())) {
            throw new IllegalStateException(
                "cds.security.issuers lists '"
                    + local.issuer()
                    + "', which is reserved for the demo page's own tokens.");
          }
          byIss.put(
              local.issuer(),
              new TrustedIssuer(
                  local.issuer(), null, kid -> local.publicKeys().getKeyByKeyId(kid)));
        });
  }

  Optional<TrustedIssuer> find(String iss) {
    return Optional.ofNullable(byIss.get(iss));
  }

  int size() {
    return byIss.size();
  }
}
