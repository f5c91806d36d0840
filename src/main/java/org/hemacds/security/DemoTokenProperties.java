package org.hemacds.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cds.demo.*} as far as security is concerned: whether this process trusts its own demo
 * issuer, and who may ask it for tokens.
 *
 * @param enabled the demo page and its token issuer ({@link LocalTokenIssuer}); off in production
 * @param allowRemoteTokenRequests answer {@code POST /demo/token} from any host, not only from
 *     loopback callers without proxy headers
 */
@ConfigurationProperties("cds.demo")
public record DemoTokenProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("false") boolean allowRemoteTokenRequests) {}
