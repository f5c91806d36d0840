package org.hemacds.cards;

import java.util.List;

/** A rule that fired for a request, with the evidence and the evaluation state behind it. */
public record Decision(Rule rule, List<Fact> evidence, Evaluation evaluation) {}
