package org.hemacds.cards;

import java.util.Map;
import java.util.Set;
import org.hemacds.cards.Chart.StudyFact;
import org.hemacds.fhir.DataKind;

/** An active research enrolment (codes.md §4): an on-study status and a period covering today. */
public record EnrolledInStudy() implements Criterion {

  static final Set<String> ON_STUDY =
      Set.of("on-study", "on-study-intervention", "on-study-observation", "pending-on-study");

  @Override
  public Outcome evaluate(Evaluation evaluation) {
    Chart chart = evaluation.chart();
    if (!chart.available(DataKind.RESEARCH_SUBJECTS)) {
      return Outcome.UNKNOWN;
    }
    for (StudyFact s : chart.studies()) {
      boolean started = s.start() == null || !s.start().isAfter(chart.today());
      boolean notEnded = s.end() == null || !s.end().isBefore(chart.today());
      if (ON_STUDY.contains(s.status()) && started && notEnded) {
        String study = s.study() == null ? "study not named" : s.study();
        String period =
            (s.start() == null ? "" : ", from " + s.start())
                + (s.end() == null ? "" : " to " + s.end());
        return Outcome.isTrue(
            new Fact(
                "ResearchSubject `" + s.ref() + "`: " + study + ", " + s.status() + period,
                Map.of("display", study, "ref", s.ref(), "status", s.status()),
                s.start()));
      }
    }
    return Outcome.FALSE;
  }

  @Override
  public void require(Requirements requirements) {
    requirements.kind(DataKind.RESEARCH_SUBJECTS);
  }
}
