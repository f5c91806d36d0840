package org.hemacds.cards;

import java.util.HashMap;
import java.util.Map;
import org.hemacds.cards.Chart.DraftFact;
import org.hemacds.cards.Chart.MedicationFact;
import org.hemacds.fhir.DataKind;

/** Evidence lines for medication records and draft orders. */
final class Medications {

  private Medications() {}

  static boolean available(Chart chart) {
    return chart.available(DataKind.MEDICATION_REQUESTS)
        && chart.available(DataKind.MEDICATION_STATEMENTS)
        && chart.available(DataKind.MEDICATION_ADMINISTRATIONS);
  }

  static Fact fact(MedicationFact m) {
    String when;
    if (m.use() == Chart.MedicationUse.ADMINISTRATION) {
      when = "given " + m.start();
    } else if (m.active()) {
      when = "active" + (m.start() == null ? "" : " since " + m.start());
    } else {
      when =
          (m.start() == null ? "date not recorded" : "from " + m.start())
              + (m.last() != null && !m.last().equals(m.start()) ? " to " + m.last() : "");
    }
    String ref = m.ref();
    Map<String, String> fields = new HashMap<>();
    fields.put("display", m.display());
    fields.put("ref", ref);
    fields.put("date", m.start() == null ? "unknown date" : m.start().toString());
    fields.put("last", m.last() == null ? "unknown date" : m.last().toString());
    fields.put("code", Codes.label(m.codes()));
    return new Fact(
        ref.substring(0, ref.indexOf('/')) + " `" + ref + "`: " + m.display() + ", " + when,
        Map.copyOf(fields),
        m.start());
  }

  static Fact draft(DraftFact d) {
    return new Fact(
        "Draft order `" + d.reference() + "`: " + d.display(),
        Map.of("display", d.display(), "ref", d.reference()),
        null);
  }
}
