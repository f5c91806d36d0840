#!/usr/bin/env python3
"""Writes the CDS Hooks sample requests of fhir-samples/ and their expected.yaml.

Every patient chart is defined once below, with dates given as "days before today"; each
request is a chart plus a hook, a context and (on order hooks) draft orders. The prefetch of each
request holds exactly the keys of its service's discovery templates (read from a running service,
or from a saved copy of GET /cds-services), each filled the way an EHR answers the template:
the Patient, or a searchset Bundle of the chart's resources of that type (observations narrowed to
the template's LOINC codes, newest first).

    python3 fhir-samples/generate.py                     # today = ANCHOR; rewrites fhir-samples/
    python3 fhir-samples/generate.py --today 2027-03-01 --out /tmp/samples   # a fresh copy
    python3 fhir-samples/generate.py --redate --out /tmp/samples   # the files, moved to today

The committed files are written with today = ANCHOR (also recorded in expected.yaml). The demo
page, GET /demo/samples/{file} and FhirSamplesHttpTest shift every date by (real today - ANCHOR),
so the samples never age out of the rules' lookbacks. Only the standard library is used.
"""

import argparse
import datetime as dt
import json
import os
import sys
import urllib.parse
import urllib.request
import uuid

ANCHOR = dt.date(2026, 11, 28)
HERE = os.path.dirname(os.path.abspath(__file__))
EHR_BASE = "https://ehr.example.org/fhir"

ICD10 = "http://hl7.org/fhir/sid/icd-10-cm"
SCT = "http://snomed.info/sct"
LOINC = "http://loinc.org"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
ATC = "http://www.whocc.no/atc"
PCS = "http://www.cms.gov/Medicare/Coding/ICD10"
HCPCS = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
UCUM = "http://unitsofmeasure.org"
INTENT_EXT = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-procedure-intent"
CURATIVE = {"system": SCT, "code": "373808002", "display": "Curative - procedure intent"}
PALLIATIVE = {"system": SCT, "code": "363676003", "display": "Palliative - procedure intent"}

TODAY = ANCHOR  # set from --today in main()


# ---------------------------------------------------------------- dates


def day(days_ago):
    return (TODAY - dt.timedelta(days=days_ago)).isoformat()


def instant(days_ago, time="08:10"):
    return day(days_ago) + "T" + time + ":00Z"


def born(years, days=0):
    """A birth date that makes the patient `years` old (plus `days`) today."""
    try:
        date = TODAY.replace(year=TODAY.year - years)
    except ValueError:  # 29 February
        date = TODAY.replace(year=TODAY.year - years, day=28)
    return (date - dt.timedelta(days=days)).isoformat()


# ---------------------------------------------------------------- resources


def patient(pid, given, family, gender, age, days=0):
    return {
        "resourceType": "Patient",
        "id": pid,
        "identifier": [{"system": "urn:example:mrn", "value": "MRN-" + pid.upper()}],
        "name": [{"use": "official", "family": family, "given": [given]}],
        "gender": gender,
        "birthDate": born(age, days),
    }


def condition(rid, code, display, onset, text=None, status="active", system=ICD10,
              verification="confirmed"):
    c = {
        "resourceType": "Condition",
        "id": rid,
        "clinicalStatus": {"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": status}]},
        "verificationStatus": {"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/condition-ver-status",
            "code": verification}]},
        "category": [{"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/condition-category",
            "code": "problem-list-item", "display": "Problem List Item"}]}],
        "code": {"coding": [{"system": system, "code": code, "display": display}]},
        "onsetDateTime": day(onset),
        "recordedDate": day(max(onset - 2, 0)),
    }
    if text:
        c["code"]["text"] = text
    return c


# LOINC code -> (display, UCUM code, printed unit, category)
LABS = {
    "718-7": ("Hemoglobin [Mass/volume] in Blood", "g/dL", "g/dL", "laboratory"),
    "777-3": ("Platelets [#/volume] in Blood by Automated count", "10*9/L", "10^9/L", "laboratory"),
    "751-8": ("Neutrophils [#/volume] in Blood by Automated count", "10*9/L", "10^9/L",
              "laboratory"),
    "60474-4": ("Reticulocytes [#/volume] in Blood by Automated count", "10*9/L", "10^9/L",
                "laboratory"),
    "2276-4": ("Ferritin [Mass/volume] in Serum or Plasma", "ng/mL", "ng/mL", "laboratory"),
    "2502-3": ("Iron saturation [Mass Fraction] in Serum or Plasma", "%", "%", "laboratory"),
    "15061-5": ("Erythropoietin (EPO) [Units/volume] in Serum or Plasma", "m[IU]/mL", "mIU/mL",
                "laboratory"),
    "2823-3": ("Potassium [Moles/volume] in Serum or Plasma", "mmol/L", "mmol/L", "laboratory"),
    "19123-9": ("Magnesium [Mass/volume] in Serum or Plasma", "mg/dL", "mg/dL", "laboratory"),
    "17861-6": ("Calcium [Mass/volume] in Serum or Plasma", "mg/dL", "mg/dL", "laboratory"),
    "2160-0": ("Creatinine [Mass/volume] in Serum or Plasma", "mg/dL", "mg/dL", "laboratory"),
    "98979-8": ("Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, "
                "Plasma or Blood by Creatinine-based formula (CKD-EPI 2021)",
                "mL/min/{1.73_m2}", "mL/min/1.73m2", "laboratory"),
    "1742-6": ("Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma",
               "U/L", "U/L", "laboratory"),
    "1920-8": ("Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma",
               "U/L", "U/L", "laboratory"),
    "8636-3": ("Q-T interval corrected (EKG)", "ms", "ms", "procedure"),
    "8302-2": ("Body height", "cm", "cm", "vital-signs"),
    "29463-7": ("Body weight", "kg", "kg", "vital-signs"),
}


def obs(rid, loinc, value, days_ago, time="07:45"):
    display, ucum, unit, category = LABS[loinc]
    return {
        "resourceType": "Observation",
        "id": rid,
        "status": "final",
        "category": [{"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": category}]}],
        "code": {"coding": [{"system": LOINC, "code": loinc, "display": display}]},
        "effectiveDateTime": instant(days_ago, time),
        "valueQuantity": {"value": value, "unit": unit, "system": UCUM, "code": ucum},
    }


def pregnancy_status(rid, days_ago):
    return {
        "resourceType": "Observation",
        "id": rid,
        "status": "final",
        "category": [{"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "social-history"}]}],
        "code": {"coding": [{"system": LOINC, "code": "82810-3", "display": "Pregnancy status"}]},
        "effectiveDateTime": instant(days_ago, "09:30"),
        "valueCodeableConcept": {"coding": [{
            "system": LOINC, "code": "LA15173-0", "display": "Pregnant"}]},
    }


# Drugs: key -> (codings, text)
DRUGS = {
    "ato": ([{"system": RXNORM, "code": "18330", "display": "arsenic trioxide"}],
            "Arsenic trioxide"),
    "tretinoin": ([{"system": RXNORM, "code": "10753", "display": "tretinoin"}],
                  "Tretinoin (ATRA) oral capsules"),
    "idarubicin": ([{"system": RXNORM, "code": "5650", "display": "idarubicin"}], "Idarubicin"),
    "epoetin": ([{"system": RXNORM, "code": "105694", "display": "epoetin alfa"}],
                "Epoetin alfa"),
    "darbepoetin": ([{"system": RXNORM, "code": "283838", "display": "darbepoetin alfa"}],
                    "Darbepoetin alfa"),
    "eltrombopag": ([{"system": RXNORM, "code": "711942", "display": "eltrombopag"}],
                    "Eltrombopag"),
    "romiplostim": ([{"system": RXNORM, "code": "805452", "display": "romiplostim"}],
                    "Romiplostim"),
    "cyclosporine": ([{"system": RXNORM, "code": "3008", "display": "cyclosporine"}],
                     "Ciclosporin (Neoral) oral"),
    "hatg": ([{"system": ATC, "code": "L04AA03",
               "display": "antilymphocyte immunoglobulin (horse)"}],
             "Horse anti-thymocyte globulin (ATGAM)"),
    "carboplatin": ([{"system": ATC, "code": "L01XA02", "display": "carboplatin"}], "Carboplatin"),
    "pemetrexed": ([{"system": ATC, "code": "L01BA04", "display": "pemetrexed"}], "Pemetrexed"),
    "oxaliplatin": ([{"system": ATC, "code": "L01XA03", "display": "oxaliplatin"}], "Oxaliplatin"),
    "fluorouracil": ([{"system": ATC, "code": "L01BC02", "display": "fluorouracil"}],
                     "Fluorouracil"),
    "capecitabine": ([{"system": ATC, "code": "L01BC06", "display": "capecitabine"}],
                     "Capecitabine"),
    "doxorubicin": ([{"system": ATC, "code": "L01DB01", "display": "doxorubicin"}], "Doxorubicin"),
    "cyclophosphamide": ([{"system": ATC, "code": "L01AA01", "display": "cyclophosphamide"}],
                         "Cyclophosphamide"),
    "docetaxel": ([{"system": ATC, "code": "L01CD02", "display": "docetaxel"}], "Docetaxel"),
}


def med(key, text=None):
    codings, default = DRUGS[key]
    return {"coding": [dict(c) for c in codings], "text": text or default}


def subject(pid):
    return {"reference": "Patient/" + pid}


def med_request(rid, key, status, authored, dosage, text=None, intent_coding=None):
    r = {"resourceType": "MedicationRequest", "id": rid, "status": status, "intent": "order",
         "medicationCodeableConcept": med(key, text), "authoredOn": day(authored),
         "dosageInstruction": [{"text": dosage}]}
    if intent_coding:
        r["extension"] = [{"url": INTENT_EXT, "valueCodeableConcept": {"coding": [intent_coding]}}]
    return r


def med_statement(rid, key, status, start, end=None, text=None, dosage=None):
    r = {"resourceType": "MedicationStatement", "id": rid, "status": status,
         "medicationCodeableConcept": med(key, text)}
    r["effectivePeriod"] = {"start": day(start)}
    if end is not None:
        r["effectivePeriod"]["end"] = day(end)
    if dosage:
        r["dosage"] = [{"text": dosage}]
    return r


def med_admin(rid, key, days_ago, dose_text, intent_coding=None, time="10:00"):
    r = {"resourceType": "MedicationAdministration", "id": rid, "status": "completed",
         "medicationCodeableConcept": med(key), "effectiveDateTime": instant(days_ago, time),
         "dosage": {"text": dose_text}}
    if intent_coding:
        r["extension"] = [{"url": INTENT_EXT, "valueCodeableConcept": {"coding": [intent_coding]}}]
    return r


def transfusion(rid, days_ago, units):
    """A completed RBC transfusion with its unit count (a contained BiologicallyDerivedProduct)."""
    return {
        "resourceType": "Procedure",
        "id": rid,
        "status": "completed",
        "category": {"coding": [{"system": SCT, "code": "277132007",
                                 "display": "Therapeutic procedure"}]},
        "code": {"coding": [{"system": SCT, "code": "116863004",
                             "display": "Transfusion of red blood cells"}],
                 "text": "RBC transfusion, %d unit%s" % (units, "" if units == 1 else "s")},
        "performedDateTime": instant(days_ago, "13:00"),
        "contained": [{"resourceType": "BiologicallyDerivedProduct", "id": "units",
                       "productCategory": "cells", "quantity": units}],
        "usedReference": [{"reference": "#units"}],
    }


def procedure(rid, system, code, display, days_ago, text=None):
    return {"resourceType": "Procedure", "id": rid, "status": "completed",
            "code": {"coding": [{"system": system, "code": code, "display": display}],
                     "text": text or display},
            "performedDateTime": instant(days_ago, "09:00")}


def research_subject(rid, study_id, study_title, start):
    return {"resourceType": "ResearchSubject", "id": rid, "status": "on-study",
            "study": {"reference": "ResearchStudy/" + study_id, "display": study_title},
            "period": {"start": day(start)}}


# Draft orders (the order being placed). Same shapes as the demo page's formulary.


def draft_med(rid, key, dosage, text):
    return {"resourceType": "MedicationRequest", "id": rid, "status": "draft", "intent": "order",
            "medicationCodeableConcept": med(key, text), "dosageInstruction": [{"text": dosage}]}


def draft_rbc(rid):
    return {"resourceType": "ServiceRequest", "id": rid, "status": "draft", "intent": "order",
            "category": [{"coding": [{"system": SCT, "code": "116863004",
                                      "display": "Transfusion of red blood cells"}]}],
            "code": {"coding": [
                {"system": HCPCS, "code": "P9016",
                 "display": "Red blood cells, leukocytes reduced, each unit"},
                {"system": SCT, "code": "116863004", "display": "Transfusion of red blood cells"}],
                "text": "Transfuse RBC, leukocyte-reduced"},
            "quantityQuantity": {"value": 2, "unit": "units"}}


def draft_hsct(rid):
    return {"resourceType": "ServiceRequest", "id": rid, "status": "draft", "intent": "order",
            "code": {"coding": [{"system": SCT, "code": "234341003",
                                 "display": "Allogeneic hematopoietic stem cell transplant"}],
                     "text": "Referral for allogeneic HSCT evaluation"}}


# ---------------------------------------------------------------- patients


def charts():
    """Each patient: id -> (scenario title, list of resources). Dates are days before today."""
    c = {}

    # Severe aplastic anaemia, 14 months after horse ATG + ciclosporin, still transfusion
    # dependent with iron overload.
    p = "aa-001"
    c[p] = ("Severe aplastic anaemia, refractory to ATG + ciclosporin, transfusion dependent", [
        patient(p, "Jonas", "Berger", "male", 58, 40),
        condition(p + "-saa", "D61.3", "Idiopathic aplastic anemia", 430,
                  text="Severe aplastic anaemia (idiopathic)"),
        med_statement(p + "-atg", "hatg", "completed", 410, 406,
                      dosage="40 mg/kg/day IV for 4 days"),
        med_request(p + "-csa", "cyclosporine", "active", 410, "150 mg by mouth twice daily"),
        transfusion(p + "-tx1", 66, 2), transfusion(p + "-tx2", 38, 2),
        transfusion(p + "-tx3", 11, 2),
        obs(p + "-hb", "718-7", 7.9, 3), obs(p + "-plt", "777-3", 12, 3),
        obs(p + "-anc", "751-8", 0.4, 3), obs(p + "-retic", "60474-4", 18, 3),
        obs(p + "-ferritin", "2276-4", 1850, 10), obs(p + "-k", "2823-3", 4.1, 3),
        obs(p + "-creat", "2160-0", 0.9, 3), obs(p + "-egfr", "98979-8", 88, 3),
        obs(p + "-weight", "29463-7", 76, 11),
    ])

    # Aplastic anaemia enrolled in an arsenic trioxide trial, baseline ECG and electrolytes done.
    p = "aa-002"
    c[p] = ("Aplastic anaemia, enrolled in an arsenic trioxide trial", [
        patient(p, "Mira", "Okafor", "female", 34, 200),
        condition(p + "-aa", "D61.9", "Aplastic anemia, unspecified", 120,
                  text="Aplastic anaemia (moderate)"),
        research_subject(p + "-rs", "ato-saa-2", "Arsenic trioxide in refractory aplastic anaemia"
                         " (phase 2)", 20),
        obs(p + "-hb", "718-7", 8.6, 4), obs(p + "-plt", "777-3", 18, 4),
        obs(p + "-anc", "751-8", 0.6, 4), obs(p + "-qtc", "8636-3", 432, 5, "11:20"),
        obs(p + "-k", "2823-3", 4.0, 4), obs(p + "-mg", "19123-9", 2.0, 4),
        obs(p + "-ca", "17861-6", 9.3, 4), obs(p + "-alt", "1742-6", 22, 4),
        obs(p + "-ast", "1920-8", 25, 4), obs(p + "-creat", "2160-0", 0.7, 4),
    ])

    # APL, first relapse 2.5 years after ATRA + ATO; QTc long and potassium low.
    p = "apl-001"
    c[p] = ("Acute promyelocytic leukaemia, first relapse; QTc 512 ms", [
        patient(p, "Daniel", "Moreau", "male", 47, 90),
        condition(p + "-apl", "C92.40", "Acute promyelocytic leukemia, not having achieved"
                  " remission", 900, text="APL (first diagnosis)", status="remission"),
        condition(p + "-cr1", "C92.41", "Acute promyelocytic leukemia, in remission", 820,
                  text="APL in first molecular remission", status="resolved"),
        condition(p + "-relapse", "C92.42", "Acute promyelocytic leukemia, in relapse", 12,
                  text="APL, first relapse"),
        med_statement(p + "-atra1", "tretinoin", "completed", 900, 680),
        med_statement(p + "-ato1", "ato", "completed", 900, 680),
        obs(p + "-hb", "718-7", 9.4, 2), obs(p + "-plt", "777-3", 38, 2),
        obs(p + "-anc", "751-8", 0.9, 2), obs(p + "-qtc", "8636-3", 512, 2, "10:05"),
        obs(p + "-k", "2823-3", 3.2, 2), obs(p + "-mg", "19123-9", 1.6, 2),
        obs(p + "-ca", "17861-6", 8.9, 2), obs(p + "-creat", "2160-0", 1.0, 2),
        obs(p + "-alt", "1742-6", 34, 2), obs(p + "-ast", "1920-8", 29, 2),
    ])

    # APL, second relapse after relapse 1, ATO reinduction and autologous HSCT.
    p = "apl-002"
    c[p] = ("Acute promyelocytic leukaemia, second relapse after autologous HSCT", [
        patient(p, "Helena", "Lindqvist", "female", 52, 150),
        condition(p + "-apl", "C92.40", "Acute promyelocytic leukemia, not having achieved"
                  " remission", 1500, text="APL (first diagnosis)", status="resolved"),
        condition(p + "-relapse1", "C92.42", "Acute promyelocytic leukemia, in relapse", 700,
                  text="APL, first relapse", status="resolved"),
        condition(p + "-cr2", "C92.41", "Acute promyelocytic leukemia, in remission", 620,
                  text="APL in second molecular remission", status="resolved"),
        condition(p + "-relapse2", "C92.42", "Acute promyelocytic leukemia, in relapse", 20,
                  text="APL, second relapse"),
        med_statement(p + "-ato2", "ato", "completed", 700, 560),
        procedure(p + "-autohsct", PCS, "30243Y0", "Transfusion of autologous hematopoietic stem"
                  " cells into central vein, percutaneous approach", 520,
                  text="Autologous stem cell transplant"),
        obs(p + "-hb", "718-7", 9.8, 3), obs(p + "-plt", "777-3", 41, 3),
        obs(p + "-anc", "751-8", 1.2, 3), obs(p + "-qtc", "8636-3", 446, 3, "10:30"),
    ])

    # APL in a new second remission after ATO reinduction: the consolidation decision.
    p = "apl-003"
    c[p] = ("Acute promyelocytic leukaemia, new second remission", [
        patient(p, "Tomás", "Ferreira", "male", 39, 20),
        condition(p + "-apl", "C92.40", "Acute promyelocytic leukemia, not having achieved"
                  " remission", 1200, text="APL (first diagnosis)", status="resolved"),
        condition(p + "-relapse", "C92.42", "Acute promyelocytic leukemia, in relapse", 250,
                  text="APL, first relapse", status="resolved"),
        condition(p + "-cr2", "C92.41", "Acute promyelocytic leukemia, in remission", 120,
                  text="APL in second molecular remission (CR2)"),
        med_statement(p + "-ato2", "ato", "completed", 245, 130),
        obs(p + "-hb", "718-7", 12.8, 6), obs(p + "-plt", "777-3", 182, 6),
        obs(p + "-anc", "751-8", 2.9, 6), obs(p + "-ferritin", "2276-4", 420, 6),
        obs(p + "-qtc", "8636-3", 428, 6, "10:30"),
    ])

    # Newly diagnosed APL at 20 weeks of pregnancy.
    p = "apl-004"
    c[p] = ("Newly diagnosed acute promyelocytic leukaemia in pregnancy (20 weeks)", [
        patient(p, "Sofia", "Romano", "female", 31, 100),
        condition(p + "-apl", "C92.40", "Acute promyelocytic leukemia, not having achieved"
                  " remission", 2, text="Acute promyelocytic leukaemia, new diagnosis"),
        condition(p + "-preg", "77386006", "Pregnancy (finding)", 140, system=SCT,
                  text="Pregnancy, 20 weeks"),
        pregnancy_status(p + "-pregstatus", 2),
        obs(p + "-hb", "718-7", 8.1, 1), obs(p + "-plt", "777-3", 22, 1),
        obs(p + "-anc", "751-8", 1.1, 1), obs(p + "-qtc", "8636-3", 421, 1, "12:10"),
        obs(p + "-alt", "1742-6", 19, 1), obs(p + "-ast", "1920-8", 24, 1),
    ])

    # Lung cancer on palliative chemotherapy, Hb 11.6: an ESA would target too high.
    p = "onc-001"
    c[p] = ("Lung cancer on palliative carboplatin/pemetrexed, Hb 11.6 g/dL", [
        patient(p, "Margaret", "Hughes", "female", 67, 60),
        condition(p + "-nsclc", "C34.11", "Malignant neoplasm of upper lobe, right bronchus or"
                  " lung", 300, text="Non-small cell lung cancer, stage IV"),
        med_admin(p + "-carbo", "carboplatin", 9, "AUC 5 IV", PALLIATIVE),
        med_admin(p + "-pem", "pemetrexed", 9, "500 mg/m2 IV", PALLIATIVE),
        obs(p + "-hb", "718-7", 11.6, 4), obs(p + "-plt", "777-3", 212, 4),
        obs(p + "-anc", "751-8", 3.8, 4), obs(p + "-ferritin", "2276-4", 310, 30),
        obs(p + "-tsat", "2502-3", 27, 30),
    ])

    # Lower-risk MDS, serum EPO 640, about one unit a month.
    p = "mds-001"
    c[p] = ("Lower-risk MDS, serum EPO 640 mIU/mL", [
        patient(p, "Walter", "Brennan", "male", 74, 15),
        condition(p + "-mds", "D46.0", "Refractory anemia without ring sideroblasts, so stated",
                  800, text="MDS with single-lineage dysplasia (IPSS-R low)"),
        transfusion(p + "-tx1", 100, 1), transfusion(p + "-tx2", 60, 1),
        transfusion(p + "-tx3", 20, 1),
        obs(p + "-hb", "718-7", 8.8, 3), obs(p + "-plt", "777-3", 131, 3),
        obs(p + "-epo", "15061-5", 640, 40), obs(p + "-ferritin", "2276-4", 540, 40),
        obs(p + "-tsat", "2502-3", 31, 40),
    ])

    # Colon cancer on FOLFOX (intent not coded), iron deficient.
    p = "onc-002"
    c[p] = ("Colon cancer on FOLFOX (intent not recorded), iron deficient", [
        patient(p, "Rajesh", "Patel", "male", 63, 250),
        condition(p + "-crc", "C18.7", "Malignant neoplasm of sigmoid colon", 200,
                  text="Adenocarcinoma of the sigmoid colon"),
        med_admin(p + "-oxali", "oxaliplatin", 12, "85 mg/m2 IV"),
        med_admin(p + "-5fu", "fluorouracil", 12, "400 mg/m2 IV bolus, then 2400 mg/m2 over 46 h"),
        obs(p + "-hb", "718-7", 8.7, 5), obs(p + "-plt", "777-3", 188, 5),
        obs(p + "-ferritin", "2276-4", 38, 20), obs(p + "-tsat", "2502-3", 9, 20),
    ])

    # Early breast cancer on adjuvant (curative) AC chemotherapy, anaemic.
    p = "onc-003"
    c[p] = ("Early breast cancer on adjuvant (curative) AC chemotherapy", [
        patient(p, "Claire", "Dubois", "female", 46, 30),
        condition(p + "-bc", "C50.412", "Malignant neoplasm of upper-outer quadrant of left"
                  " female breast", 90, text="Invasive ductal carcinoma, left breast, stage IIA"),
        med_admin(p + "-dox", "doxorubicin", 6, "60 mg/m2 IV", CURATIVE),
        med_admin(p + "-cyc", "cyclophosphamide", 6, "600 mg/m2 IV", CURATIVE),
        obs(p + "-hb", "718-7", 9.1, 3), obs(p + "-plt", "777-3", 164, 3),
        obs(p + "-anc", "751-8", 1.9, 3), obs(p + "-ferritin", "2276-4", 210, 25),
        obs(p + "-tsat", "2502-3", 24, 25),
    ])

    # Lower-risk MDS with ring sideroblasts, ESA failure, heavy transfusion need, ferritin 2380.
    p = "mds-002"
    c[p] = ("Lower-risk MDS, ESA-refractory, transfusion dependent, ferritin 2380 ng/mL", [
        patient(p, "Arthur", "Kowalski", "male", 71, 100),
        condition(p + "-mds", "D46.1", "Refractory anemia with ring sideroblasts", 1100,
                  text="MDS with ring sideroblasts (IPSS-R low)"),
        med_statement(p + "-esa", "epoetin", "completed", 400, 200,
                      dosage="40,000 units SC weekly"),
        transfusion(p + "-tx1", 100, 2), transfusion(p + "-tx2", 79, 2),
        transfusion(p + "-tx3", 58, 2), transfusion(p + "-tx4", 37, 2),
        transfusion(p + "-tx5", 16, 2),
        obs(p + "-epo", "15061-5", 180, 420), obs(p + "-hb", "718-7", 8.4, 2),
        obs(p + "-plt", "777-3", 165, 2), obs(p + "-anc", "751-8", 2.2, 2),
        obs(p + "-ferritin", "2276-4", 2380, 16), obs(p + "-tsat", "2502-3", 88, 16),
        obs(p + "-egfr", "98979-8", 72, 25), obs(p + "-creat", "2160-0", 1.1, 25),
        obs(p + "-weight", "29463-7", 81, 16),
    ])

    # Hypoplastic MDS ten months after horse ATG + ciclosporin, still anaemic.
    p = "mds-003"
    c[p] = ("MDS, persistent anaemia 10 months after ATG + ciclosporin", [
        patient(p, "Ingrid", "Halvorsen", "female", 63, 70),
        condition(p + "-mds", "D46.4", "Refractory anemia, unspecified", 600,
                  text="Hypoplastic MDS (IPSS-R low)"),
        med_admin(p + "-atg", "hatg", 300, "40 mg/kg IV, day 1 of 4"),
        med_statement(p + "-csa", "cyclosporine", "active", 300, dosage="100 mg twice daily"),
        obs(p + "-hb", "718-7", 8.9, 5), obs(p + "-plt", "777-3", 62, 5),
        obs(p + "-anc", "751-8", 1.3, 5),
    ])

    # MDS with excess blasts diagnosed five weeks ago, 58, one transfusion so far.
    p = "mds-004"
    c[p] = ("MDS with excess blasts, diagnosed 5 weeks ago, age 58", [
        patient(p, "Stefan", "Novak", "male", 58, 120),
        condition(p + "-mds", "D46.21", "Refractory anemia with excess of blasts 2", 38,
                  text="MDS with excess blasts-2 (IPSS-R high)"),
        transfusion(p + "-tx1", 24, 2),
        obs(p + "-hb", "718-7", 8.2, 4), obs(p + "-plt", "777-3", 54, 4),
        obs(p + "-anc", "751-8", 0.8, 4), obs(p + "-ferritin", "2276-4", 1320, 10),
    ])

    # Gastric cancer, platelets 41 despite six weeks of romiplostim after oxaliplatin.
    p = "onc-004"
    c[p] = ("Gastric cancer, platelets 41 × 10^9/L despite romiplostim after chemotherapy", [
        patient(p, "Kenji", "Watanabe", "male", 60, 180),
        condition(p + "-gc", "C16.9", "Malignant neoplasm of stomach, unspecified", 240,
                  text="Gastric adenocarcinoma, stage III"),
        med_admin(p + "-oxali", "oxaliplatin", 35, "130 mg/m2 IV"),
        med_request(p + "-cape", "capecitabine", "completed", 35, "1000 mg/m2 twice daily,"
                    " days 1-14"),
        med_request(p + "-romi", "romiplostim", "active", 44, "3 mcg/kg SC once weekly"),
        obs(p + "-plt", "777-3", 41, 2), obs(p + "-hb", "718-7", 10.1, 2),
        obs(p + "-anc", "751-8", 2.1, 2), obs(p + "-alt", "1742-6", 28, 2),
        obs(p + "-ast", "1920-8", 31, 2), obs(p + "-height", "8302-2", 172, 100),
        obs(p + "-weight", "29463-7", 68, 2),
    ])

    # Ordinary: breast cancer on adjuvant docetaxel/cyclophosphamide with normal counts.
    p = "onc-005"
    c[p] = ("Ordinary: breast cancer on adjuvant chemotherapy, normal counts", [
        patient(p, "Anna", "Schneider", "female", 55, 10),
        condition(p + "-bc", "C50.911", "Malignant neoplasm of unspecified site of right female"
                  " breast", 150, text="Invasive ductal carcinoma, right breast, stage I"),
        med_admin(p + "-doce", "docetaxel", 7, "75 mg/m2 IV", CURATIVE),
        med_admin(p + "-cyc", "cyclophosphamide", 7, "600 mg/m2 IV", CURATIVE),
        obs(p + "-hb", "718-7", 12.9, 3), obs(p + "-plt", "777-3", 245, 3),
        obs(p + "-anc", "751-8", 3.4, 3), obs(p + "-alt", "1742-6", 21, 3),
        obs(p + "-ast", "1920-8", 23, 3), obs(p + "-creat", "2160-0", 0.8, 3),
    ])

    # Ordinary: lower-risk MDS, Hb 9.5, no transfusions, EPO 95: an ESA is reasonable.
    p = "mds-005"
    c[p] = ("Ordinary: lower-risk MDS, Hb 9.5 g/dL, no transfusions", [
        patient(p, "George", "Whitfield", "male", 77, 200),
        condition(p + "-mds", "D46.0", "Refractory anemia without ring sideroblasts, so stated",
                  700, text="MDS with single-lineage dysplasia (IPSS-R very low)"),
        obs(p + "-hb", "718-7", 9.5, 4), obs(p + "-plt", "777-3", 150, 4),
        obs(p + "-anc", "751-8", 2.0, 4), obs(p + "-epo", "15061-5", 95, 60),
        obs(p + "-ferritin", "2276-4", 280, 60), obs(p + "-tsat", "2502-3", 26, 60),
    ])
    return c


def requests():
    """(file name, service id, patient id, drafts, selected ids, rule ids, what it shows)."""
    ato = lambda rid: draft_med(rid, "ato", "0.15 mg/kg IV once daily",
                                "Arsenic trioxide 0.15 mg/kg IV daily")
    return [
        ("patient-view-aplastic-anemia.json", "hematology-patient-view", "aa-001", [], [],
         ["R14", "R22"], "Opening the chart of a transfusion-dependent SAA patient refractory to"
         " IST: iron overload without chelation; refractory-AA options"),
        ("order-select-aplastic-anemia-arsenic-trioxide.json", "hematology-order-select",
         "aa-001", [ato("draft-ato-1")], ["draft-ato-1"], ["R01", "R04"],
         "Selecting arsenic trioxide for aplastic anaemia outside a trial, no recent ECG"),
        ("order-sign-aplastic-anemia-arsenic-trioxide.json", "hematology-order-sign", "aa-001",
         [ato("draft-ato-1")], [], ["R01", "R04"], "Signing the same order"),
        ("patient-view-aplastic-anemia-trial.json", "hematology-patient-view", "aa-002", [], [],
         [], "Chart of an aplastic anaemia patient on a trial: nothing to say"),
        ("order-select-aplastic-anemia-trial-arsenic-trioxide.json", "hematology-order-select",
         "aa-002", [ato("draft-ato-1")], ["draft-ato-1"], ["R02"],
         "Arsenic trioxide within a trial: monitoring checklist"),
        ("patient-view-apl-first-relapse.json", "hematology-patient-view", "apl-001", [], [], [],
         "Chart of a first APL relapse: nothing on patient-view"),
        ("order-select-apl-first-relapse-arsenic-trioxide.json", "hematology-order-select",
         "apl-001", [ato("draft-ato-1")], ["draft-ato-1"], ["R03", "R05"],
         "ATO reinduction with QTc 512 ms (R03 suppresses R04) and the supporting evidence"),
        ("order-sign-apl-first-relapse-idarubicin.json", "hematology-order-sign", "apl-001",
         [draft_med("draft-ida-1", "idarubicin", "12 mg/m2 IV on days 2, 4, 6, 8",
                    "Idarubicin 12 mg/m2 IV"),
          draft_med("draft-atra-1", "tretinoin", "45 mg/m2/day by mouth in two divided doses",
                    "Tretinoin 45 mg/m2/day PO")], [], ["R06"],
         "Signing AIDA (idarubicin + ATRA) reinduction for relapsed APL: consider ATO"),
        ("patient-view-apl-second-relapse.json", "hematology-patient-view", "apl-002", [], [],
         ["R07"], "Second relapse of APL: allogeneic HSCT as salvage"),
        ("patient-view-apl-second-remission.json", "hematology-patient-view", "apl-003", [], [],
         ["R08"], "New second remission of APL: post-remission options"),
        ("order-select-apl-second-remission-hsct.json", "hematology-order-select", "apl-003",
         [draft_hsct("draft-hsct-1")], ["draft-hsct-1"], ["R08"],
         "Selecting an HSCT referral in second remission"),
        ("patient-view-apl-pregnancy.json", "hematology-patient-view", "apl-004", [], [], [],
         "Chart of a pregnant APL patient: nothing on patient-view"),
        ("order-select-apl-pregnancy-tretinoin.json", "hematology-order-select", "apl-004",
         [draft_med("draft-atra-1", "tretinoin", "45 mg/m2/day by mouth in two divided doses",
                    "Tretinoin 45 mg/m2/day PO")], ["draft-atra-1"], ["R25"],
         "Tretinoin during pregnancy (boxed warning; APL on file)"),
        ("patient-view-lung-cancer.json", "hematology-patient-view", "onc-001", [], [], [],
         "Chart of a lung cancer patient on palliative chemotherapy: nothing"),
        ("order-select-lung-cancer-darbepoetin.json", "hematology-order-select", "onc-001",
         [draft_med("draft-esa-1", "darbepoetin", "500 mcg SC every 3 weeks",
                    "Darbepoetin alfa 500 mcg SC every 3 weeks")], ["draft-esa-1"], ["R09"],
         "An ESA with Hb 11.6 g/dL"),
        ("patient-view-mds-high-epo.json", "hematology-patient-view", "mds-001", [], [], [],
         "Chart of a lower-risk MDS patient with a high EPO: nothing"),
        ("order-select-mds-high-epo-epoetin.json", "hematology-order-select", "mds-001",
         [draft_med("draft-esa-1", "epoetin", "40,000 units SC once weekly",
                    "Epoetin alfa 40,000 units SC weekly")], ["draft-esa-1"], ["R10"],
         "An ESA in MDS with EPO > 500 (Nordic intermediate group)"),
        ("patient-view-colon-cancer.json", "hematology-patient-view", "onc-002", [], [], [],
         "Chart of a colon cancer patient on FOLFOX: nothing"),
        ("order-select-colon-cancer-darbepoetin.json", "hematology-order-select", "onc-002",
         [draft_med("draft-esa-1", "darbepoetin", "500 mcg SC every 3 weeks",
                    "Darbepoetin alfa 500 mcg SC every 3 weeks")], ["draft-esa-1"],
         ["R11", "R13"], "An ESA with iron deficiency, on chemotherapy of unrecorded intent"),
        ("patient-view-breast-cancer-adjuvant.json", "hematology-patient-view", "onc-003", [], [],
         [], "Chart of a patient on adjuvant chemotherapy: nothing"),
        ("order-sign-breast-cancer-epoetin.json", "hematology-order-sign", "onc-003",
         [draft_med("draft-esa-1", "epoetin", "40,000 units SC once weekly",
                    "Epoetin alfa 40,000 units SC weekly")], [], ["R12"],
         "Signing an ESA during curative-intent chemotherapy"),
        ("patient-view-mds-iron-overload.json", "hematology-patient-view", "mds-002", [], [],
         ["R14", "R18"], "TD lower-risk MDS with ferritin 2380: chelation (deferasirox suggested);"
         " imetelstat after ESA failure"),
        ("order-select-mds-iron-overload-rbc.json", "hematology-order-select", "mds-002",
         [draft_rbc("draft-rbc-1")], ["draft-rbc-1"], ["R14", "R15"],
         "Selecting an RBC transfusion at Hb 8.4 with iron overload"),
        ("order-sign-mds-iron-overload-rbc.json", "hematology-order-sign", "mds-002",
         [draft_rbc("draft-rbc-1")], [], ["R14"], "Signing it (R15 is order-select only)"),
        ("patient-view-mds-after-ist.json", "hematology-patient-view", "mds-003", [], [], ["R17"],
         "MDS still anaemic 10 months after ATG + ciclosporin"),
        ("patient-view-mds-new-diagnosis.json", "hematology-patient-view", "mds-004", [], [],
         ["R19"], "New MDS at 58: transplant evaluation"),
        ("order-select-mds-new-diagnosis-hsct.json", "hematology-order-select", "mds-004",
         [draft_hsct("draft-hsct-1")], ["draft-hsct-1"], ["R20"],
         "HSCT referral with ferritin 1320"),
        ("patient-view-ctit.json", "hematology-patient-view", "onc-004", [], [], ["R23"],
         "TPO-RA-refractory CTIT: consider ATRA (tretinoin 50 mg daily by BSA suggested)"),
        ("order-select-ctit-eltrombopag.json", "hematology-order-select", "onc-004",
         [draft_med("draft-tpo-1", "eltrombopag", "50 mg by mouth once daily",
                    "Eltrombopag 50 mg PO daily")], ["draft-tpo-1"], ["R23"],
         "Switching TPO-RA: the same ATRA card on the order"),
        ("order-select-ctit-tretinoin.json", "hematology-order-select", "onc-004",
         [draft_med("draft-atra-1", "tretinoin", "50 mg by mouth once daily for 6 weeks",
                    "Tretinoin 50 mg PO daily x 6 weeks")], ["draft-atra-1"], ["R24"],
         "ATRA ordered for CTIT: monitoring"),
        ("patient-view-breast-cancer-ordinary.json", "hematology-patient-view", "onc-005", [], [],
         [], "Ordinary: solid tumour on chemotherapy with normal counts; nothing fires"),
        ("patient-view-mds-ordinary.json", "hematology-patient-view", "mds-005", [], [], [],
         "Ordinary: lower-risk MDS, Hb 9.5, no transfusions; nothing fires"),
        ("order-select-mds-ordinary-epoetin.json", "hematology-order-select", "mds-005",
         [draft_med("draft-esa-1", "epoetin", "40,000 units SC once weekly",
                    "Epoetin alfa 40,000 units SC weekly")], ["draft-esa-1"], [],
         "Ordinary: an ESA with EPO 95, iron replete, Hb 9.5; nothing fires"),
    ]


# ---------------------------------------------------------------- prefetch


def fill(template, pid):
    return template.replace("{{context.patientId}}", pid)


def date_of(resource):
    for key in ("effectiveDateTime", "performedDateTime", "authoredOn", "onsetDateTime",
                "recordedDate"):
        if key in resource:
            return resource[key]
    period = resource.get("effectivePeriod") or resource.get("period") or {}
    return period.get("start", "")


def prefetch_for(templates, pid, chart):
    """Answers each template the way a FHIR server would, from the chart."""
    prefetch = {}
    for key, template in templates.items():
        query = fill(template, pid)
        if "?" not in query:
            rtype, rid = query.split("/", 1)
            prefetch[key] = next(r for r in chart if r["resourceType"] == rtype and r["id"] == rid)
            continue
        rtype, params = query.split("?", 1)
        params = urllib.parse.parse_qs(params)
        matches = [r for r in chart if r["resourceType"] == rtype]
        if "code" in params:
            wanted = set(params["code"][0].split(","))
            matches = [r for r in matches
                       if any(c["system"] + "|" + c["code"] in wanted
                              for c in r.get("code", {}).get("coding", []))]
        if params.get("_sort") == ["-date"]:
            matches.sort(key=date_of, reverse=True)
        prefetch[key] = {
            "resourceType": "Bundle",
            "type": "searchset",
            "total": len(matches),
            "link": [{"relation": "self", "url": EHR_BASE + "/" + query}],
            "entry": [{"fullUrl": EHR_BASE + "/" + r["resourceType"] + "/" + r["id"],
                       "resource": r, "search": {"mode": "match"}} for r in matches],
        }
        if not matches:
            del prefetch[key]["entry"]
    return prefetch


def with_subject(resource, pid):
    r = dict(resource)
    if r["resourceType"] == "ResearchSubject":
        r["individual"] = subject(pid)
    elif r["resourceType"] != "Patient":
        r["subject"] = subject(pid)
    # Put resourceType, id, status first for readability.
    order = ["resourceType", "id", "status", "intent", "subject", "individual"]
    return {k: r[k] for k in order if k in r} | {k: v for k, v in r.items() if k not in order}


def build(discovery):
    services = {s["id"]: s for s in discovery["services"]}
    all_charts = charts()
    files = {}
    expected = []
    for name, service_id, pid, drafts, selected, rules, what in requests():
        title, resources = all_charts[pid]
        chart = [with_subject(r, pid) for r in resources]
        service = services[service_id]
        hook = service["hook"]
        context = {"userId": "Practitioner/hem-1", "patientId": pid}
        if hook == "patient-view":
            context["encounterId"] = "enc-" + pid
        else:
            context["encounterId"] = "enc-" + pid
            if hook == "order-select":
                context["selections"] = [d["resourceType"] + "/" + d["id"] for d in drafts
                                         if d["id"] in selected]
            context["draftOrders"] = {
                "resourceType": "Bundle", "type": "collection",
                "entry": [{"resource": with_subject(d, pid)} for d in drafts]}
        files[name] = {
            "hookInstance": str(uuid.uuid5(uuid.NAMESPACE_URL, "urn:hemacds:sample:" + name)),
            "hook": hook,
            "context": context,
            "prefetch": prefetch_for(service["prefetch"], pid, chart),
        }
        expected.append((name, service_id, pid, title, rules, what))
    return files, expected


def yaml_str(text):
    return json.dumps(text, ensure_ascii=False)


def write(files, expected, out):
    os.makedirs(out, exist_ok=True)
    for name, body in files.items():
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            json.dump(body, f, indent=2, ensure_ascii=False)
            f.write("\n")
    lines = [
        "# Written by generate.py; do not edit by hand (edit generate.py and run it).",
        "# anchor: the date the sample files' dates are written relative to. The demo page,",
        "# GET /demo/samples/{file} and FhirSamplesHttpTest shift every date and dateTime by",
        "# (today - anchor) days, so the samples stay inside the rules' lookbacks.",
        "anchor: \"" + TODAY.isoformat() + "\"",
        "samples:",
    ]
    for name, service_id, pid, title, rules, what in expected:
        lines += [
            "  - file: " + name,
            "    service: " + service_id,
            "    patient: " + pid,
            "    scenario: " + yaml_str(title),
            "    shows: " + yaml_str(what),
            "    rules: [" + ", ".join(rules) + "]",
        ]
    with open(os.path.join(out, "expected.yaml"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def load_discovery(source):
    if source.startswith("http://") or source.startswith("https://"):
        try:
            with urllib.request.urlopen(source, timeout=10) as response:
                return json.load(response)
        except OSError as e:
            sys.exit("Cannot read discovery from %s (%s). Start the service (./mvnw "
                     "spring-boot:run) or pass --discovery <saved GET /cds-services JSON>."
                     % (source, e))
    with open(source, encoding="utf-8") as f:
        return json.load(f)


def shift_dates(node, days):
    """Moves every full date/dateTime string by `days` (as SampleDates.java does)."""
    if isinstance(node, dict):
        return {k: shift_dates(v, days) for k, v in node.items()}
    if isinstance(node, list):
        return [shift_dates(v, days) for v in node]
    if isinstance(node, str) and len(node) >= 10 and (len(node) == 10 or node[10] == "T"):
        try:
            moved = dt.date.fromisoformat(node[:10]) + dt.timedelta(days=days)
            return moved.isoformat() + node[10:]
        except ValueError:
            return node
    return node


def redate(out):
    """Copies the committed samples to `out` with their dates moved from the anchor to today."""
    with open(os.path.join(HERE, "expected.yaml"), encoding="utf-8") as f:
        anchor = next(dt.date.fromisoformat(line.split(":", 1)[1].strip().strip('"'))
                      for line in f if line.startswith("anchor:"))
    days = (dt.datetime.now(dt.timezone.utc).date() - anchor).days
    os.makedirs(out, exist_ok=True)
    names = sorted(f for f in os.listdir(HERE) if f.endswith(".json"))
    for name in names:
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            body = shift_dates(json.load(f), days)
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            json.dump(body, f, indent=2, ensure_ascii=False)
            f.write("\n")
    print("copied %d samples to %s, dates moved by %d days (anchor %s)"
          % (len(names), out, days, anchor))


def main():
    global TODAY
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--today", default=ANCHOR.isoformat(),
                        help="date the samples are written relative to (default: the anchor)")
    parser.add_argument("--out", default=HERE, help="output directory (default: fhir-samples/)")
    parser.add_argument("--discovery", default="http://localhost:8080/cds-services",
                        help="URL of GET /cds-services, or a file holding its answer")
    parser.add_argument("--redate", action="store_true",
                        help="copy the committed samples to --out with dates moved to today"
                             " (no service needed)")
    args = parser.parse_args()
    if args.redate:
        if os.path.abspath(args.out) == HERE:
            sys.exit("--redate needs --out <another directory>")
        redate(args.out)
        return
    TODAY = dt.date.fromisoformat(args.today)
    files, expected = build(load_discovery(args.discovery))
    stale = [f for f in os.listdir(args.out)
             if f.endswith(".json") and f not in files] if os.path.isdir(args.out) else []
    write(files, expected, args.out)
    print("wrote %d requests and expected.yaml to %s (dates relative to %s)"
          % (len(files), args.out, TODAY))
    for f in stale:
        print("note: %s is not a generated sample; remove it if it is obsolete" % f)


if __name__ == "__main__":
    main()
