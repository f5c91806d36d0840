package org.hemacds.cards;

import java.util.List;
import org.hemacds.terminology.QuantityConverter;
import org.hemacds.terminology.ValueSetRegistry;

/** Everything compiled from {@code cards/}: rules in id order, value sets, unit conversions. */
public record RuleSet(List<Rule> rules, ValueSetRegistry valueSets, QuantityConverter units) {}
