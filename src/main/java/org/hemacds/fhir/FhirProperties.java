package org.hemacds.fhir;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cds.fhir.*}: which FHIR servers a request may name, and how long fetching may take.
 *
 * @param allowedServers URL prefixes a request's {@code fhirServer} may start with
 * @param timeout deadline for all FHIR fetches of one request
 */
@ConfigurationProperties("cds.fhir")
public record FhirProperties(
    @DefaultValue({
          "http://localhost",
          "https://localhost",
          "http://127.0.0.1",
          "https://127.0.0.1",
          "http://[::1]",
          "https://[::1]"
        })
        List<String> allowedServers,
    @DefaultValue("2s") Duration timeout) {}
