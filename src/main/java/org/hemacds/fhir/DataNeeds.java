package org.hemacds.fhir;

import java.util.Set;

/**
 * Exactly the data the triggered rules read: the kinds, the observation codes ({@code
 * system|code}), and how far back observations matter.
 */
public record DataNeeds(
    Set<DataKind> kinds, Set<String> observationCodes, int observationLookbackDays) {}
