package org.hemacds.hooks;

import java.util.Map;

/** Supplies each hook's prefetch templates (derived from the rules that hook runs). */
public interface ServicePrefetch {

  Map<String, String> templates(Hook hook);
}
