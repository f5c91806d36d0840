package org.hemacds.cards.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A one-click change the clinician may accept. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Suggestion(String label, String uuid, Boolean isRecommended, List<Action> actions) {}
