package org.hemacds.cards;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.hemacds.fhir.DataKind;
import org.hemacds.fhir.FhirTestJson;
import org.hemacds.fhir.PatientData;
import org.hemacds.fhir.PatientDataLoader;
import org.hemacds.terminology.CompiledValueSet;
import org.hl7.fhir.r4.model.BiologicallyDerivedProduct;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The BSA dose (Mosteller, rounded once to 10 mg with halves up: monotone in height and weight,
 * never more than half a capsule off the unrounded dose), and lookback windows at their edges
 * ("within N days" includes day N, excludes day N+1 and any future date, whatever the time and
 * offset the date is written with).
 */
class DoseAndLookbackProperties {

  static final RuleSet RULES = BodySurfaceDoseTest.RULES;

  // ---- BSA dose ---------------------------------------------------------------------------

  @Provide
  Arbitrary<BigDecimal> heights() {
    return Arbitraries.bigDecimals()
        .between(new BigDecimal("50"), new BigDecimal("250"))
        .ofScale(1);
  }

  @Provide
  Arbitrary<BigDecimal> weights() {
    return Arbitraries.bigDecimals().between(new BigDecimal("3"), new BigDecimal("250")).ofScale(1);
  }

  static int mg(double cm, double kg) {
    Fact dose =
        BodySurfaceDose.compute(
            BodySurfaceDoseTest.spec(),
            BodySurfaceDoseTest.evaluation(
                BodySurfaceDoseTest.obs("h", "8302-2", cm, "cm", "2026-06-01"),
                BodySurfaceDoseTest.obs("w", "29463-7", kg, "kg", "2026-11-20")));
    assertThat(dose.field("known")).as("dose for %s cm, %s kg", cm, kg).isEqualTo("true");
    assertThat(dose.field("method")).isEqualTo("Mosteller");
    return Integer.parseInt(dose.field("mg"));
  }

  @Property(tries = 300)
  void theDoseIsMostellerRoundedToTenMg(
      @ForAll("heights") BigDecimal cm, @ForAll("weights") BigDecimal kg) {
    int mg = mg(cm.doubleValue(), kg.doubleValue());
    double bsa = Math.sqrt(cm.doubleValue() * kg.doubleValue() / 3600);
    assertThat(mg % 10).isZero();
    // Rounded once, from the unrounded BSA: never more than half a capsule off.
    assertThat(Math.abs(mg - bsa * 25)).isLessThanOrEqualTo(5 + 1e-9);
  }

  @Property(tries = 200)
  void theDoseNeverFallsWhenHeightOrWeightRises(
      @ForAll("heights") BigDecimal cm,
      @ForAll("weights") BigDecimal kg,
      @ForAll @IntRange(min = 1, max = 300) int tenths) {
    BigDecimal step = BigDecimal.valueOf(tenths, 1);
    int base = mg(cm.doubleValue(), kg.doubleValue());
    assertThat(mg(cm.add(step).doubleValue(), kg.doubleValue())).isGreaterThanOrEqualTo(base);
    assertThat(mg(cm.doubleValue(), kg.add(step).doubleValue())).isGreaterThanOrEqualTo(base);
  }

  /** A recorded BSA b (0.01 m²): the dose is b × 25 mg rounded to 10 mg, halves (…5 mg) up. */
  @Property(tries = 300)
  void halvesRoundUp(@ForAll @IntRange(min = 20, max = 300) int hundredths) {
    BigDecimal bsa = BigDecimal.valueOf(hundredths, 2);
    Fact dose =
        BodySurfaceDose.compute(
            BodySurfaceDoseTest.spec(),
            BodySurfaceDoseTest.evaluation(
                BodySurfaceDoseTest.obs("b", "3140-1", bsa.doubleValue(), "m2", "2026-11-20")));
    BigDecimal raw = bsa.multiply(BigDecimal.valueOf(25));
    BigDecimal expected =
        raw.divide(BigDecimal.TEN, 0, RoundingMode.HALF_UP).multiply(BigDecimal.TEN);
    assertThat(new BigDecimal(dose.field("mg"))).isEqualByComparingTo(expected);
  }

  // ---- lookback windows -------------------------------------------------------------------

  @Provide
  Arbitrary<LocalDate> todays() {
    return Arbitraries.integers()
        .between(0, 365 * 40)
        .map(d -> LocalDate.of(2000, 1, 1).plusDays(d));
  }

  @Provide
  Arbitrary<String> timesOfDay() {
    // How the date is written: a bare date, or a time of day with any offset from -12 to +14 h.
    return Arbitraries.oneOf(
        Arbitraries.just(""),
        Arbitraries.integers()
            .between(0, 23 * 60 + 59)
            .flatMap(
                minutes ->
                    Arbitraries.integers()
                        .between(-12 * 4, 14 * 4)
                        .map(
                            quarter ->
                                String.format(
                                    "T%02d:%02d:00%s%02d:%02d",
                                    minutes / 60,
                                    minutes % 60,
                                    quarter < 0 ? "-" : "+",
                                    Math.abs(quarter) / 4,
                                    Math.abs(quarter) % 4 * 15))),
        Arbitraries.just("T00:00:00Z"),
        Arbitraries.just("T23:59:59.999Z"));
  }

  static Chart chartOn(LocalDate today, List<? extends Resource> resources, DataKind kind) {
    Map<DataKind, List<Resource>> found = new EnumMap<>(DataKind.class);
    for (DataKind k : DataKind.values()) {
      found.put(k, new ArrayList<>());
    }
    found.get(kind).addAll(resources);
    PatientData data = PatientDataLoader.assemble("p1", FhirTestJson.json(found), Set.of());
    return Chart.of(data, List.of(), today);
  }

  static Observation hbOn(LocalDate day, String time) {
    Observation o = BodySurfaceDoseTest.obs("hb", "718-7", 9, "g/dL", day.toString());
    o.setEffective(new DateTimeType(day + time));
    return o;
  }

  @Property(tries = 500)
  void anObservationOnDayNIsWithinAnNDayLookback(
      @ForAll("todays") LocalDate today,
      @ForAll @IntRange(min = 0, max = 3650) int days,
      @ForAll("timesOfDay") String time) {
    CompiledValueSet hb = RULES.valueSets().get("obs-hemoglobin");
    Chart onEdge =
        chartOn(today, List.of(hbOn(today.minusDays(days), time)), DataKind.OBSERVATIONS);
    assertThat(LatestObservation.latest(onEdge, hb, days))
        .as("day %d of %d", days, days)
        .isPresent();
    Chart past =
        chartOn(today, List.of(hbOn(today.minusDays(days + 1L), time)), DataKind.OBSERVATIONS);
    assertThat(LatestObservation.latest(past, hb, days)).as("day %d", days + 1).isEmpty();
  }

  @Property(tries = 300)
  void aFutureObservationIsNeverWithinALookback(
      @ForAll("todays") LocalDate today,
      @ForAll @IntRange(min = 0, max = 3650) int days,
      @ForAll @IntRange(min = 1, max = 400) int ahead,
      @ForAll("timesOfDay") String time) {
    CompiledValueSet hb = RULES.valueSets().get("obs-hemoglobin");
    Chart future =
        chartOn(today, List.of(hbOn(today.plusDays(ahead), time)), DataKind.OBSERVATIONS);
    assertThat(LatestObservation.latest(future, hb, days)).isEmpty();
  }

  static Procedure transfusionOn(LocalDate day, String time) {
    Procedure p = new Procedure();
    p.setId("t-" + day);
    p.setStatus(Procedure.ProcedureStatus.COMPLETED);
    p.setSubject(new Reference("Patient/p1"));
    p.getCode().addCoding().setSystem("http://snomed.info/sct").setCode("116863004");
    p.setPerformed(new DateTimeType(day + time));
    BiologicallyDerivedProduct unit = new BiologicallyDerivedProduct();
    unit.setId("u");
    unit.setQuantity(2);
    p.addContained(unit);
    p.addUsedReference(new Reference("#u"));
    return p;
  }

  @Property(tries = 300)
  void transfusionEpisodesCountDayNButNotDayNPlusOneOrTheFuture(
      @ForAll("todays") LocalDate today,
      @ForAll @IntRange(min = 0, max = 3650) int days,
      @ForAll("timesOfDay") String time) {
    CompiledValueSet rbc = RULES.valueSets().get("vs-rbc-transfusion");
    assertThat(rbc.containsAny(Codes.of(FhirTestJson.json(transfusionOn(today, "")).get("code"))))
        .isTrue();
    Chart chart =
        chartOn(
            today,
            List.of(
                transfusionOn(today.minusDays(days), time),
                transfusionOn(today.minusDays(days + 1L), time),
                transfusionOn(today.plusDays(1), time)),
            DataKind.PROCEDURES);
    List<TransfusionHistory.Episode> episodes = TransfusionHistory.episodes(chart, rbc, days);
    assertThat(episodes)
        .extracting(TransfusionHistory.Episode::date)
        .containsExactly(today.minusDays(days));
    assertThat(episodes.get(0).knownUnits()).isEqualTo(2);
  }
}
