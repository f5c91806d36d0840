package org.hemacds.hooks;

/** Answers one validated hook request with cards. */
public interface HookHandler {

  CdsResponse handle(CdsService service, HookRequest request);
}
