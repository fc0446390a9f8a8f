"""Every value set of the interchange format (docs/format.md), one TextChoices each.

The codes are the JSON format's codes and the database's values; the labels are what the UI, the
summary and the PDF show. Changing a code breaks the interchange format: add, never rename.
"""

from django.db import models


class YesNo(models.TextChoices):
    UNKNOWN = "unknown", "Unknown"
    YES = "yes", "Yes"
    NO = "no", "No"


class SafetyAnswer(models.TextChoices):
    """A safety item. "unknown" has been the format's code since version 1; it reads "not asked"."""

    UNKNOWN = "unknown", "Not asked"
    YES = "yes", "Yes"
    NO = "no", "No"


class TakingAsPrescribed(models.TextChoices):
    UNKNOWN = "unknown", "Unknown"
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"


class Assessment(models.TextChoices):
    NOT_ASSESSED = "not_assessed", "Not assessed"
    ABSENT = "absent", "Absent"
    PRESENT = "present", "Present"
    UNCERTAIN = "uncertain", "Uncertain"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINAL = "final", "Final"


class DrugClass(models.TextChoices):
    SSRI = "ssri", "SSRI"
    SNRI = "snri", "SNRI"
    TCA = "tca", "Tricyclic (TCA)"
    MAOI = "maoi", "MAOI"
    NDRI = "ndri", "NDRI (bupropion)"
    NASSA = "nassa", "NaSSA (mirtazapine, mianserin)"
    SEROTONIN_MODULATOR = "serotonin_modulator", "Serotonin modulator"
    MELATONERGIC = "melatonergic", "Melatonergic (agomelatine)"
    OTHER_ANTIDEPRESSANT = "other_antidepressant", "Other antidepressant"
    # Kept so older records and files stay valid; a known drug name upgrades it to a finer class.
    ATYPICAL = "atypical", "Atypical antidepressant (older code)"
    ANTIPSYCHOTIC = "antipsychotic", "Antipsychotic"
    MOOD_STABILIZER = "mood_stabilizer", "Mood stabiliser"
    THYROID_HORMONE = "thyroid_hormone", "Thyroid hormone"
    ANXIOLYTIC = "anxiolytic", "Anti-anxiety medicine"
    STIMULANT = "stimulant", "Stimulant"
    OTHER = "other", "Other"


class GivenFor(models.TextChoices):
    DEPRESSION = "depression", "Depression"
    PAIN = "pain", "Pain"
    SLEEP = "sleep", "Sleep"
    ANXIETY = "anxiety", "Anxiety"
    OTHER_CONDITION = "other_condition", "Another condition"
    UNKNOWN = "unknown", "Unknown"


class StopReason(models.TextChoices):
    UNKNOWN = "unknown", "Unknown"
    NOT_STOPPED = "not_stopped", "Not stopped"
    NO_EFFECT = "no_effect", "No effect"
    PARTIAL_EFFECT = "partial_effect", "Partial effect"
    SIDE_EFFECTS = "side_effects", "Side effects"
    RECOVERED = "recovered", "Recovered"
    PATIENT_CHOICE = "patient_choice", "Patient's choice"
    COST_OR_ACCESS = "cost_or_access", "Cost or access"
    OTHER = "other", "Other"


class Role(models.TextChoices):
    # A new row starts at monotherapy (the first code), as the clinician typing it sees; a row
    # made from the patient's report before the visit starts at UNKNOWN: the patient was not
    # asked how the medicine was used, and "monotherapy" would state what nobody said.
    MONOTHERAPY = "monotherapy", "Monotherapy"
    COMBINATION = "combination", "Combination"
    AUGMENTATION = "augmentation", "Augmentation"
    UNKNOWN = "unknown", "Role not recorded"


class TrialAdherence(models.TextChoices):
    UNKNOWN = "unknown", "Unknown"
    AS_PRESCRIBED = "as_prescribed", "As prescribed"
    PARTIAL = "partial", "Partial"
    POOR = "poor", "Poor"


class Response(models.TextChoices):
    UNKNOWN = "unknown", "Unknown"
    NONE = "none", "None"
    PARTIAL = "partial", "Partial"
    RESPONSE = "response", "Response"
    REMISSION = "remission", "Remission"
    LOST_RESPONSE = "lost_response", "Lost response"


class Tolerability(models.TextChoices):
    UNKNOWN = "unknown", "Unknown"
    TOLERATED = "tolerated", "Tolerated"
    LIMITED_BY_SIDE_EFFECTS = "limited_by_side_effects", "Limited by side effects"
    INTOLERABLE = "intolerable", "Intolerable"


class InfoSource(models.TextChoices):
    UNKNOWN = "unknown", "Unknown"
    PATIENT_REPORT = "patient_report", "Patient report"
    RECORDS = "records", "Records"
    PHARMACY = "pharmacy", "Pharmacy"


class Modality(models.TextChoices):
    CBT = "cbt", "Cognitive behavioural therapy (CBT)"
    ACT = "act", "Acceptance and commitment therapy (ACT)"
    IPT = "ipt", "Interpersonal therapy (IPT)"
    FAMILY_COUPLES = "family_couples", "Family or couples therapy"
    DBT = "dbt", "Dialectical behaviour therapy (DBT)"
    GROUP = "group", "Group therapy"
    MINDFULNESS = "mindfulness", "Mindfulness-based therapy"
    BEHAVIORAL_ACTIVATION = "behavioral_activation", "Behavioural activation"
    PSYCHODYNAMIC = "psychodynamic", "Psychodynamic therapy"
    EMDR = "emdr", "EMDR"
    # Named by the sources and by payers' forms (issue 23).
    PROBLEM_SOLVING = "problem_solving", "Problem-solving therapy"
    CBASP = "cbasp", "CBASP (cognitive behavioral analysis system of psychotherapy)"
    SHORT_TERM_PSYCHODYNAMIC = "short_term_psychodynamic", "Short-term psychodynamic psychotherapy"
    OTHER = "other", "Other"


class Benefit(models.TextChoices):
    UNKNOWN = "unknown", "Unknown"
    NONE = "none", "None"
    PARTIAL = "partial", "Partial"
    SUBSTANTIAL = "substantial", "Substantial"


class ProcedureKind(models.TextChoices):
    RTMS = "rtms", "rTMS"
    ITBS = "itbs", "iTBS"
    KETAMINE_IV = "ketamine_iv", "Ketamine (IV)"
    KETAMINE_ORAL = "ketamine_oral", "Ketamine (oral)"
    ESKETAMINE = "esketamine", "Esketamine (nasal)"
    ECT = "ect", "ECT"
    VNS = "vns", "Vagus nerve stimulation (VNS)"
    PSYCHEDELIC_ASSISTED = "psychedelic_assisted", "Psychedelic-assisted therapy (research)"
    INPATIENT = "inpatient", "Inpatient stay"
    PARTIAL_HOSPITALIZATION = "partial_hospitalization", "Partial hospitalisation"
    INTENSIVE_OUTPATIENT = "intensive_outpatient", "Intensive outpatient programme"
    OTHER = "other", "Other"


class WorkStudy(models.TextChoices):
    UNKNOWN = "unknown", "Not recorded"
    WORKING = "working", "Working"
    STUDYING = "studying", "Studying"
    OFF_SICK = "off_sick", "Off sick"
    UNEMPLOYED = "unemployed", "Unemployed"
    RETIRED = "retired", "Retired"
    OTHER = "other", "Other"


class TmsProtocol(models.TextChoices):
    UNKNOWN = "unknown", "Not recorded"
    TEN_HZ = "10hz", "10 Hz"
    ITBS = "itbs", "iTBS"
    DEEP = "deep", "Deep TMS (H-coil)"
    ACCELERATED = "accelerated", "Accelerated"
    OTHER = "other", "Other"


class TmsTarget(models.TextChoices):
    UNKNOWN = "unknown", "Not recorded"
    LEFT_DLPFC = "left_dlpfc", "Left DLPFC"
    RIGHT = "right", "Right"
    BILATERAL = "bilateral", "Bilateral"


class EctPlacement(models.TextChoices):
    UNKNOWN = "unknown", "Not recorded"
    RIGHT_UNILATERAL = "right_unilateral", "Right unilateral"
    BITEMPORAL = "bitemporal", "Bitemporal"
    BIFRONTAL = "bifrontal", "Bifrontal"


class Alcohol(models.TextChoices):
    UNKNOWN = "unknown", "Unknown"
    NONE = "none", "None"
    OCCASIONAL = "occasional", "Occasional"
    REGULAR = "regular", "Regular"
    HEAVY = "heavy", "Heavy"


class Stressor(models.TextChoices):
    RELATIONSHIP = "relationship", "Relationship"
    FINANCIAL = "financial", "Financial"
    WORK = "work", "Work"
    HOUSING = "housing", "Housing"
    LOSS = "loss", "Loss or bereavement"
    HEALTH = "health", "Health"
    OTHER = "other", "Other"


class Sleep(models.TextChoices):
    UNKNOWN = "unknown", "Unknown"
    GOOD = "good", "Good"
    POOR = "poor", "Poor"


class Exercise(models.TextChoices):
    UNKNOWN = "unknown", "Unknown"
    REGULAR = "regular", "Regular"
    SOME = "some", "Some"
    NONE = "none", "None"


class SupportNetwork(models.TextChoices):
    UNKNOWN = "unknown", "Unknown"
    GOOD = "good", "Good"
    LIMITED = "limited", "Limited"
    NONE = "none", "None"


class Barrier(models.TextChoices):
    COST = "cost", "Cost"
    SIDE_EFFECTS = "side_effects", "Side effects"
    ACCESS = "access", "Access"
    OTHER = "other", "Other"


class Scale(models.TextChoices):
    PHQ9 = "phq9", "PHQ-9"
    MADRS = "madrs", "MADRS"
    HAMD17 = "hamd17", "HAM-D17"
    BDI2 = "bdi2", "BDI-II"
    QIDS_SR16 = "qids_sr16", "QIDS-SR16"
    # Function, not severity: the Work and Social Adjustment Scale's total (issue 23).
    WSAS = "wsas", "WSAS"


# The scale of a procedure's scores before and after the course: a rating scale, or none
# recorded (tests/reviews/printing/test_procedure_detail.py holds it to Scale).
class ScoreScale(models.TextChoices):
    UNKNOWN = "unknown", "Not recorded"
    PHQ9 = "phq9", "PHQ-9"
    MADRS = "madrs", "MADRS"
    HAMD17 = "hamd17", "HAM-D17"
    BDI2 = "bdi2", "BDI-II"
    QIDS_SR16 = "qids_sr16", "QIDS-SR16"
    WSAS = "wsas", "WSAS"


# Inclusive score ranges of each severity scale (DESIGN §5).
SCALE_RANGES: dict[str, tuple[int, int]] = {
    Scale.PHQ9: (0, 27),
    Scale.MADRS: (0, 60),
    Scale.HAMD17: (0, 52),
    Scale.BDI2: (0, 63),
    Scale.QIDS_SR16: (0, 27),
    Scale.WSAS: (0, 40),
}
