package org.hemacds.security;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Locale;
import org.hemacds.hooks.CdsException;
import org.hemacds.hooks.LocalCallers;
import org.hemacds.hooks.PublicBaseUrl;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /demo/token {"aud": "<service URL>"}} answers {@code {"token": "...", "expiresIn":
 * 60}}: a token of the {@link LocalTokenIssuer} for the demo page's next call. Answered only to
 * loopback callers that asked for a loopback host, came through no proxy and from no other web
 * origin, unless {@code cds.demo.allow-remote-token-requests} is set.
 */
@RestController
@ConditionalOnProperty(name = "cds.demo.enabled", havingValue = "true", matchIfMissing = true)
class DemoTokenController {

  record TokenRequest(String aud) {}

  record TokenResponse(String token, long expiresIn) {

    /** Spring MVC logs the returned value at debug: never the token. */
    @Override
    public String toString() {
      return "TokenResponse[token=(redacted), expiresIn=" + expiresIn + "]";
    }
  }

  private static final int MAX_AUD_LENGTH = 2048;

  private final LocalTokenIssuer issuer;
  private final DemoTokenProperties properties;
  private final PublicBaseUrl baseUrl;

  DemoTokenController(
      LocalTokenIssuer issuer, DemoTokenProperties properties, PublicBaseUrl baseUrl) {
    this.issuer = issuer;
    this.properties = properties;
    this.baseUrl = baseUrl;
  }

  @PostMapping(
      path = "/demo/token",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<TokenResponse> token(@RequestBody TokenRequest body, HttpServletRequest request) {
    if (!properties.allowRemoteTokenRequests() && !isLocalSameOriginCaller(request)) {
      throw new CdsException(
          HttpStatus.FORBIDDEN,
          "forbidden",
          "Demo tokens are issued only to the demo page on this machine"
              + " (see cds.demo.allow-remote-token-requests).");
    }
    String aud = body == null ? null : body.aud();
    if (!isHttpUrl(aud)) {
      throw CdsException.badRequest(
          "Field 'aud' must be the absolute http(s) URL of the CDS service to be called.");
    }
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .body(new TokenResponse(issuer.mint(aud), LocalTokenIssuer.LIFETIME.toSeconds()));
  }

  /**
   * A local caller ({@link LocalCallers#isLocal}: loopback peer, no proxy, a loopback {@code Host},
   * so a foreign page that rebinds its name to this machine gets nothing) and no foreign web origin
   * (a page elsewhere must not mint tokens in a local browser).
   */
  boolean isLocalSameOriginCaller(HttpServletRequest request) {
    if (!LocalCallers.isLocal(request)) {
      return false;
    }
    String origin = request.getHeader("Origin");
    return origin == null || origin.equalsIgnoreCase(originOf(baseUrl.of(request)));
  }

  private static String originOf(String url) {
    URI uri = URI.create(url);
    return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority();
  }

  private static boolean isHttpUrl(String value) {
    if (value == null || value.length() > MAX_AUD_LENGTH) {
      return false;
    }
    try {
      URI uri = new URI(value);
      return uri.getScheme() != null
          && (uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
          && uri.getHost() != null
          && uri.getRawUserInfo() == null
          && uri.getRawFragment() == null;
    } catch (Exception e) {
      return false;
    }
  }
}
