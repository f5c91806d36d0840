package org.hemacds.hooks;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The three services of {@code interface.md} and their discovery entries. */
@Component
public class CdsServiceCatalog {

  private static final String USAGE =
      "Send the prefetch keys listed here, or a fhirServer on the service's allow-list (with"
          + " fhirAuthorization unless the server is open).";
  private static final String JWT_USAGE = " Calls need a CDS Hooks JWT from a trusted issuer.";

  static final List<CdsService> SERVICES =
      List.of(
          new CdsService(
              "hematology-order-select",
              Hook.ORDER_SELECT,
              "Hematology order check (on select)",
              "Checks selected hematology and oncology orders (arsenic trioxide, tretinoin, ESAs,"
                  + " RBC transfusion, TPO receptor agonists, transplant) against the patient's"
                  + " diagnoses, labs, medications and trial enrolment."),
          new CdsService(
              "hematology-order-sign",
              Hook.ORDER_SIGN,
              "Hematology order check (on sign)",
              "Checks hematology and oncology orders about to be signed against the patient's"
                  + " diagnoses, labs, medications and trial enrolment."),
          new CdsService(
              "hematology-patient-view",
              Hook.PATIENT_VIEW,
              "Hematology chart review",
              "On opening a chart, suggests next steps in aplastic anemia, APL, MDS and"
                  + " cancer-therapy-induced thrombocytopenia: iron chelation, transplant"
                  + " evaluation, options after failed therapy."));

  private final Map<String, CdsService> byId =
      SERVICES.stream().collect(Collectors.toMap(CdsService::id, Function.identity()));
  private final ServicePrefetch prefetch;
  private final String usage;

  CdsServiceCatalog(
      ServicePrefetch prefetch, @Value("${cds.security.enabled:true}") boolean jwtRequired) {
    this.prefetch = prefetch;
    this.usage = jwtRequired ? USAGE + JWT_USAGE : USAGE;
  }

  public Optional<CdsService> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public List<CdsService> services() {
    return SERVICES;
  }

  DiscoveryResponse discovery() {
    return new DiscoveryResponse(
        SERVICES.stream()
            .map(
                s ->
                    new CdsServiceDescriptor(
                        s.hook().id(),
                        s.title(),
                        s.description(),
                        s.id(),
                        prefetch.templates(s.hook()),
                        usage))
            .toList());
  }
}
