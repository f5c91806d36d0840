package org.hemacds.cards.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Card source: the guideline or paper the card rests on. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Source(String label, String url, String icon, Coding topic) {

  public Source(String label, String url) {
    this(label, url, null, null);
  }
}
