package org.hemacds.cards;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hemacds.cards.Chart.DraftFact;
import org.hemacds.terminology.QuantityConverter;

/**
 * The state of evaluating one rule for one request: the chart, the draft orders that triggered the
 * rule, and the facts bound by name ({@code as:}) so far. Pure: no I/O.
 */
public final class Evaluation {

  private final Chart chart;
  private final QuantityConverter units;
  private final List<DraftFact> triggers;
  private final Map<String, Fact> bindings = new HashMap<>();

  public Evaluation(Chart chart, QuantityConverter units, List<DraftFact> triggers) {
    this.chart = chart;
    this.units = units;
    this.triggers = List.copyOf(triggers);
  }

  public Chart chart() {
    return chart;
  }

  public LocalDate today() {
    return chart.today();
  }

  public QuantityConverter units() {
    return units;
  }

  public List<DraftFact> triggers() {
    return triggers;
  }

  public Fact binding(String name) {
    return bindings.get(name);
  }

  public Map<String, Fact> bindings() {
    return bindings;
  }

  void bind(String name, Fact fact) {
    bindings.put(name, fact);
  }
}
