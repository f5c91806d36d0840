package org.hemacds.hooks;

import java.util.List;

/** The FHIR OperationOutcome shape used for every error body (as CDS Hooks 3.0 ballots). */
public record OperationOutcome(String resourceType, List<Issue> issue) {

  public record Issue(String severity, String code, String diagnostics) {}

  public static OperationOutcome error(String code, String diagnostics) {
    return new OperationOutcome("OperationOutcome", List.of(new Issue("error", code, diagnostics)));
  }
}
