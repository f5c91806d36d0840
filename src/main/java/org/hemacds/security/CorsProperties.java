package org.hemacds.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cds.cors.*}: which browser origins may call the service (EHR web clients, the public CDS
 * Hooks sandbox). No credentials are ever allowed, so {@code *} is safe: calls carry a JWT instead.
 */
@ConfigurationProperties("cds.cors")
public record CorsProperties(
    @DefaultValue("*") List<String> allowedOrigins, @DefaultValue("1h") Duration maxAge) {}
