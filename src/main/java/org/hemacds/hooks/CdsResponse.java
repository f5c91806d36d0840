package org.hemacds.hooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.hemacds.cards.model.Action;
import org.hemacds.cards.model.Card;

/** A service's answer: {@code cards} always present (possibly empty), no empty systemActions. */
public record CdsResponse(
    @JsonInclude(JsonInclude.Include.ALWAYS) List<Card> cards,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Action> systemActions) {

  public static CdsResponse of(List<Card> cards) {
    return new CdsResponse(List.copyOf(cards), List.of());
  }
}
