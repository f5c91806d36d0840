package org.hemacds.hooks;

/** Answers one validated hook request with cards. */
public interface HookHandler {

  /** Answers the request and records the cards shown (for feedback and analytics). */
  CdsResponse handle(CdsService service, HookRequest request);

  /** Answers the request without recording its cards (start-up warm-up, offline evaluation). */
  CdsResponse answerUnrecorded(CdsService service, HookRequest request);
}
