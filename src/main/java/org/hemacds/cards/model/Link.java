package org.hemacds.cards.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A card link; this service sends only {@code absolute} links. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Link(String label, String url, String type) {}
