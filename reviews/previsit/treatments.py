"""The names a patient may type for a talking therapy or a procedure, and the code each name
stands for (issue 25). Data and one small function: the patient's page offers the names as they
type; the clinician's "Add to the review" reads a name as a modality or a procedure kind only when
it is one of them exactly (case aside), and otherwise as "other" with the typed name kept.

The codes and their labels are the review's own value sets (reviews/choices.py); the aliases are
the everyday names and abbreviations of the same thing, never a broader or a nearby one: "ketamine"
alone names neither the IV nor the oral course, so it is no alias (the patient is offered both).
"""

from dataclasses import dataclass

from django.db.models import TextChoices

from reviews.choices import Modality, ProcedureKind

OTHER = "other"


@dataclass(frozen=True)
class Names:
    value_set: type[TextChoices]
    aliases: dict[str, tuple[str, ...]]  # code -> everyday names of exactly that

    def offered(self) -> tuple[str, ...]:
        """What the page offers as the patient types: each label, then each alias."""
        labels = [str(label) for code, label in self.value_set.choices if code != OTHER]
        return (*labels, *(alias for names in self.aliases.values() for alias in names))

    def code_for(self, typed: str) -> str:
        """The code a typed name is, exactly (case and outer spaces aside); "other" if none."""
        wanted = typed.strip().casefold()
        for code, label in self.value_set.choices:
            if code != OTHER and wanted == str(label).casefold():
                return code
        for code, names in self.aliases.items():
            if wanted in (name.casefold() for name in names):
                return code
        return OTHER


THERAPIES = Names(
    Modality,
    {
        Modality.CBT: ("CBT", "Cognitive behavioural therapy", "Cognitive behavioral therapy"),
        Modality.ACT: ("ACT", "Acceptance and commitment therapy"),
        Modality.IPT: ("IPT", "Interpersonal therapy", "Interpersonal psychotherapy"),
        Modality.FAMILY_COUPLES: ("Family therapy", "Couples therapy"),
        Modality.DBT: ("DBT", "Dialectical behaviour therapy", "Dialectical behavior therapy"),
        Modality.MINDFULNESS: ("MBCT", "Mindfulness-based cognitive therapy"),
        Modality.BEHAVIORAL_ACTIVATION: ("Behavioral activation",),
        Modality.PSYCHODYNAMIC: ("Psychodynamic psychotherapy",),
        Modality.EMDR: ("Eye movement desensitisation and reprocessing",),
        Modality.PROBLEM_SOLVING: ("Problem solving therapy",),
        Modality.CBASP: ("CBASP",),
        Modality.SHORT_TERM_PSYCHODYNAMIC: ("STPP",),
    },
)

PROCEDURES = Names(
    ProcedureKind,
    {
        ProcedureKind.RTMS: ("TMS", "Transcranial magnetic stimulation", "Repetitive TMS"),
        ProcedureKind.ITBS: ("Theta burst stimulation", "Intermittent theta burst stimulation"),
        ProcedureKind.KETAMINE_IV: ("Ketamine infusion", "IV ketamine"),
        ProcedureKind.KETAMINE_ORAL: ("Oral ketamine",),
        ProcedureKind.ESKETAMINE: ("Esketamine", "Spravato", "Esketamine nasal spray"),
        ProcedureKind.ECT: ("Electroconvulsive therapy",),
        ProcedureKind.VNS: ("VNS", "Vagus nerve stimulation"),
        ProcedureKind.PSYCHEDELIC_ASSISTED: ("Psilocybin therapy",),
        ProcedureKind.INPATIENT: ("Hospital stay", "Hospital admission"),
        ProcedureKind.PARTIAL_HOSPITALIZATION: ("Partial hospitalization", "Day hospital"),
        ProcedureKind.INTENSIVE_OUTPATIENT: ("Intensive outpatient program",),
    },
)
