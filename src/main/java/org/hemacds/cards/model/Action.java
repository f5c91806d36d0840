package org.hemacds.cards.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * A suggestion action. {@code resource} holds the FHIR resource as JSON text (rendered by HAPI) so
 * that it is written verbatim; {@code resourceId} is a relative reference {@code Type/id}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Action(
    String type, String description, @JsonRawValue String resource, String resourceId) {}
