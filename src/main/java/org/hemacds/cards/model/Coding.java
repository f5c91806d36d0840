package org.hemacds.cards.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** CDS Hooks Coding (not FHIR's): system, code and display. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Coding(String system, String code, String display) {}
