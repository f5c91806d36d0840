package org.hemacds.hooks;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.hemacds.bench.BenchmarkRequests;
import org.hemacds.cards.Chart;
import org.hemacds.cards.Decision;
import org.hemacds.cards.Requirements;
import org.hemacds.cards.RuleCatalog;
import org.hemacds.cards.RuleEngine;
import org.hemacds.cards.RulesProperties;
import org.hemacds.cards.model.Card;
import org.hemacds.fhir.DraftOrder;
import org.hemacds.fhir.DraftOrders;
import org.hemacds.fhir.FhirProperties;
import org.hemacds.fhir.FhirServerPolicy;
import org.hemacds.fhir.PatientData;
import org.hemacds.fhir.PatientDataLoader;
import org.hemacds.fhir.ResourceTypes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stages of one order-select (and patient-view) call on the benchmark patient of {@link
 * BenchmarkRequests}: 300 observations over three years, 10 draft orders, 4 cards. Each stage gets
 * the previous stage's output, built once in {@link #setUp()}; {@link #handle()} is everything
 * after the HTTP body is parsed, {@link #wholeRequest()} everything from the body's bytes to the
 * response's bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HookPathBenchmark {

  static final Set<String> EXPECTED_ORDER_SELECT = Set.of("R03", "R09", "R10", "R14");

  FhirContext fhir;
  RuleCatalog catalog;
  RuleEngine engine;
  ResourceTypes resourceTypes;
  RequestBodies bodies;
  HookRequestParser requestParser;
  PatientDataLoader loader;
  HookOrchestrator orchestrator;
  JsonMapper responseJson;
  CdsService orderSelectService;
  LocalDate today;

  byte[] orderSelectBody;
  HookRequest orderSelect;
  HookRequest patientView;
  List<DraftOrder> drafts;
  Requirements orderSelectNeeds;
  Requirements patientViewNeeds;
  PatientData orderSelectData;
  PatientData patientViewData;
  Chart orderSelectChart;
  Chart patientViewChart;
  List<Decision> decisions;
  CdsResponse response;

  @Setup
  public void setUp() {
    fhir = FhirContext.forR4Cached();
    RulesProperties rules = new RulesProperties("classpath:cards/", ZoneOffset.UTC);
    catalog = new RuleCatalog(rules, fhir);
    engine = catalog.engine();
    resourceTypes = new ResourceTypes(fhir);
    LimitsProperties limits =
        new LimitsProperties(
            DataSize.ofMegabytes(5), 100, 1_000_000, 10_000, Duration.ofSeconds(10));
    bodies = new RequestBodies(limits);
    requestParser =
        new HookRequestParser(
            new FhirServerPolicy(
                new FhirProperties(
                    List.of("http://localhost"),
                    Duration.ofSeconds(2),
                    200,
                    10,
                    DataSize.ofMegabytes(20),
                    Duration.ZERO)),
            limits);
    loader = new PatientDataLoader(Optional.empty());
    orchestrator = new HookOrchestrator(catalog, loader, resourceTypes, rules, CardLog.NONE);
    // As Spring Boot's message converter writes the response.
    responseJson = JsonMapper.builder().build();
    orderSelectService = CdsServiceCatalog.SERVICES.get(0);
    today = LocalDate.now(ZoneOffset.UTC);

    orderSelectBody = BenchmarkRequests.orderSelect(today).getBytes(StandardCharsets.UTF_8);
    orderSelect = requestParser.parse(bodies.parse(orderSelectBody), Hook.ORDER_SELECT);
    patientView =
        requestParser.parse(
            bodies.parse(BenchmarkRequests.patientView(today).getBytes(StandardCharsets.UTF_8)),
            Hook.PATIENT_VIEW);
    drafts = readDrafts();
    if (drafts.size() != 10) {
      throw new IllegalStateException("expected 10 draft orders, read " + drafts.size());
    }
    Chart preview = Chart.of(PatientData.none(BenchmarkRequests.PATIENT), drafts, today);
    orderSelectNeeds =
        RuleEngine.requirements(engine.candidates("order-select", preview.drafts(), false));
    patientViewNeeds = RuleEngine.requirements(engine.candidates("patient-view", List.of(), false));
    orderSelectData = patientData();
    patientViewData = patientViewData();
    int sent = orderSelect.prefetch().get("observations").get("entry").size();
    if (sent != BenchmarkRequests.OBSERVATIONS) {
      throw new IllegalStateException("expected 300 observations in the prefetch, sent " + sent);
    }
    // Observations older than the triggered rules' longest lookback are not parsed.
    System.out.println(
        "order-select reads "
            + orderSelectData.observations().size()
            + " of the "
            + sent
            + " prefetched observations; patient-view "
            + patientViewData.observations().size());
    orderSelectChart = Chart.of(orderSelectData, drafts, today);
    patientViewChart = Chart.of(patientViewData, List.of(), today);
    RuleEngine.Result result = engineOrderSelect();
    decisions = result.decisions();
    Set<String> fired = Set.copyOf(decisions.stream().map(d -> d.rule().id()).toList());
    if (!fired.equals(EXPECTED_ORDER_SELECT)) {
      throw new IllegalStateException("order-select fired " + fired);
    }
    if (enginePatientView().decisions().isEmpty()) {
      throw new IllegalStateException("patient-view fired nothing");
    }
    response = handle();
    if (response.cards().size() != EXPECTED_ORDER_SELECT.size()) {
      throw new IllegalStateException("handle() returned " + response.cards().size() + " cards");
    }
  }

  /** Body bytes → JSON tree → validated {@link HookRequest}. */
  @Benchmark
  public HookRequest parseRequest() {
    return requestParser.parse(bodies.parse(orderSelectBody), Hook.ORDER_SELECT);
  }

  /** The 10 draft orders, read from the request JSON. */
  @Benchmark
  public List<DraftOrder> readDrafts() {
    return DraftOrders.read(
        orderSelect.context().draftOrders(),
        Set.copyOf(orderSelect.context().selections()),
        false,
        resourceTypes);
  }

  /** PatientData from the prefetch: the kinds the triggered rules read. */
  @Benchmark
  public PatientData patientData() {
    return loader.load(
        BenchmarkRequests.PATIENT, orderSelect.prefetch(), null, orderSelectNeeds.needs(), today);
  }

  /** PatientData for patient-view (all of its rules' kinds). */
  @Benchmark
  public PatientData patientViewData() {
    return loader.load(
        BenchmarkRequests.PATIENT, patientView.prefetch(), null, patientViewNeeds.needs(), today);
  }

  /** The chart (facts) built from PatientData and drafts. */
  @Benchmark
  public Chart chart() {
    return Chart.of(orderSelectData, drafts, today);
  }

  /** The engine on order-select: every triggered rule on the prebuilt chart. */
  @Benchmark
  public RuleEngine.Result engineOrderSelect() {
    return engine.evaluate("order-select", orderSelectChart, false);
  }

  /** The engine including building the chart (what a request pays after PatientData). */
  @Benchmark
  public RuleEngine.Result engineOrderSelectWithChart() {
    return engine.evaluate("order-select", Chart.of(orderSelectData, drafts, today), false);
  }

  /** The engine on patient-view: all patient-view rules on the prebuilt chart. */
  @Benchmark
  public RuleEngine.Result enginePatientView() {
    return engine.evaluate("patient-view", patientViewChart, false);
  }

  /** The 4 cards of order-select. */
  @Benchmark
  public List<Card> renderCards() {
    return decisions.stream().map(catalog.renderer()::render).toList();
  }

  /** The response as Spring writes it. */
  @Benchmark
  public byte[] writeResponse() {
    return responseJson.writeValueAsBytes(response);
  }

  /** Everything after the HTTP body is parsed: drafts, PatientData, engine, cards. */
  @Benchmark
  public CdsResponse handle() {
    return orchestrator.handle(orderSelectService, orderSelect);
  }

  /** Body bytes to response bytes, without HTTP. */
  @Benchmark
  public byte[] wholeRequest() {
    HookRequest request = requestParser.parse(bodies.parse(orderSelectBody), Hook.ORDER_SELECT);
    return responseJson.writeValueAsBytes(orchestrator.handle(orderSelectService, request));
  }
}
