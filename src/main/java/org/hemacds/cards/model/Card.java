package org.hemacds.cards.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A CDS Hooks 2.0 card. Empty optional fields are left out of the JSON. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Card(
    String uuid,
    String summary,
    String detail,
    String indicator,
    Source source,
    List<Suggestion> suggestions,
    String selectionBehavior,
    List<Coding> overrideReasons,
    List<Link> links) {}
