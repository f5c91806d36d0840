package org.hemacds.cards;

/**
 * One condition kind of the rule language. Each kind is a record holding its compiled parameters
 * (value sets resolved, thresholds converted) and evaluates itself over an {@link Evaluation}. Data
 * that could not be read makes a criterion UNKNOWN, never FALSE.
 */
public sealed interface Criterion
    permits AllOf,
        AnyOf,
        Not,
        Named,
        HasCondition,
        LatestObservation,
        OnMedication,
        MedicationExposure,
        DraftOrderFor,
        TriggerIn,
        HasProcedure,
        HasServiceRequest,
        EnrolledInStudy,
        AgeBetween,
        GenderIs,
        TransfusionDependence,
        HighTransfusionBurden,
        TransfusionRate {

  Outcome evaluate(Evaluation evaluation);

  /** Adds the data this criterion reads. */
  void require(Requirements requirements);
}
