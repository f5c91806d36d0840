package org.hemacds.cards;

import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cds.rules.*}.
 *
 * @param location where the catalogue is read from: {@code classpath:cards/} (packaged with the
 *     service) or a directory such as {@code file:./cards/} for rule authors
 * @param timeZone the zone in which "today" is counted for lookbacks and ages
 */
@ConfigurationProperties("cds.rules")
public record RulesProperties(
    @DefaultValue("classpath:cards/") String location, @DefaultValue("UTC") ZoneId timeZone) {}
