package org.hemacds.fhir;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code cds.fhir.*}: which FHIR servers a request may name, and how data is fetched from them.
 *
 * @param allowedServers URL prefixes a request's {@code fhirServer} may start with (default:
 *     loopback only)
 * @param timeout deadline for all FHIR fetches of one request
 * @param pageSize {@code _count} asked of the server per page
 * @param maxPages Bundle pages followed per query; a query with more is unavailable
 * @param maxResponseSize largest FHIR response read; a larger one is unavailable
 * @param cacheTtl how long a FHIR response is reused for the same server, token and query (0 =
 *     never, the default)
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
    @DefaultValue("2s") Duration timeout,
    @DefaultValue("200") int pageSize,
    @DefaultValue("10") int maxPages,
    @DefaultValue("20MB") DataSize maxResponseSize,
    @DefaultValue("0s") Duration cacheTtl) {}
