package org.hemacds.hooks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code cds.limits.*}: bounds on what a client may send. Each one answers a clear 4xx.
 *
 * @param maxBody largest request body (413)
 * @param maxNestingDepth deepest JSON nesting (400)
 * @param maxStringLength longest JSON string value (400)
 * @param maxBundleEntries most entries in one Bundle of a request (400)
 * @param maxBodyTime longest a request body may take to arrive, however it trickles in (408); a
 *     body that stops arriving is cut off sooner by {@code server.tomcat.connection-timeout}
 */
@ConfigurationProperties("cds.limits")
public record LimitsProperties(
    @DefaultValue("5MB") DataSize maxBody,
    @DefaultValue("100") int maxNestingDepth,
    @DefaultValue("1000000") int maxStringLength,
    @DefaultValue("10000") int maxBundleEntries,
    @DefaultValue("10s") java.time.Duration maxBodyTime) {}
