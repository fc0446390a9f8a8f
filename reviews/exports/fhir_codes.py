"""The standard codes the FHIR export uses, each with the public source it was read from.

Only a code seen in a cited source, meaning what the review records, is here; anything else is
exported as text alone (docs/fhir.md). Data and one small lookup; no Django imports.

- RxNorm (US National Library of Medicine, public domain): the ingredient code (term type IN) of
  every medicine of reviews/facts/drugs.py, or its multiple-ingredient code (MIN) for a product of
  two; an entry without a code says why. Read from public tables that map a drug to its RxNorm
  ingredient: CPIC's drug list and two PharmGKB downloads (sister projects: where all give a code
  they agree, but they are not independent), and NLM's RxNorm term-type table as quoted in
  Medplum's documentation. Every code below was read again in those files when this table was
  written. Not re-checked against a current RxNorm release (RxNav was not reachable): rxcuis are
  not reused, but a maintainer with internet access can confirm each in RxNav
  (https://rxnav.nlm.nih.gov/REST/rxcui/<code>/properties.json), most usefully lithium,
  levothyroxine, liothyronine and l-methylfolate, whose source names are older UMLS names
  ("Thyroxine", "Triiodothyronine", "Levomefolic Acid").
- LOINC (Regenstrief, free under the LOINC licence): PHQ-9's total score and its item 9, with the
  answers of item 9. No LOINC code was found in a stored source for MADRS, HAM-D17, BDI-II or
  QIDS-SR16 totals (none was looked up for WSAS), so they are exported as text with the product's
  own code.
- SNOMED CT: none. The one procedure code verified (1010697006, right unilateral
  electroconvulsive therapy) is narrower than the review's "ECT", which records no laterality.
- ATC codes are not free for commercial use: none is shipped.
"""

from dataclasses import dataclass

from reviews.facts import drugs

# The product's own namespace for its Questionnaire, code systems and identifiers. The product has
# no domain of its own: ".example" is reserved (RFC 2606), so nobody else can ever own these URLs.
# Changing it changes the canonical URL of every export's Questionnaire.
PRODUCT_BASE = "https://trdreview.example/fhir"

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
LOINC = "http://loinc.org"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
UCUM = "http://unitsofmeasure.org"


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    url: str


CPIC = Source(
    "CPIC",
    "CPIC drug list, cpicpgx/cpic-schema drug.sql (2018-02-14)",
    "https://github.com/cpicpgx/cpic-schema/blob/05f9b09c5fcdf674efe3289411994b54f979aedb/drug.sql",
)
PHARMGKB_2022 = Source(
    "PharmGKB-2022",
    "PharmGKB drugs.tsv download, copy in dna-seq/gero-drugs-module (2022-08-05)",
    "https://github.com/dna-seq/gero-drugs-module/blob/6f5fcd365101e364182019dcef811f7b8aada3b3/"
    "drugs.tsv",
)
PHARMGKB_2023 = Source(
    "PharmGKB-2023",
    "PharmGKB chemicals.tsv download, copy in stear-alec/Knowledge_Graph (2023-12-08)",
    "https://github.com/stear-alec/Knowledge_Graph/blob/90d9ae08df779222c2f229aaa301050c20b1ea70/"
    "chemicals.tsv",
)
NLM_TTY = Source(
    "NLM-TTY",
    "RxNorm term types, NLM RxNorm technical documentation appendix 5, as quoted in Medplum's "
    "'Medication Code Systems'",
    "https://www.medplum.com/docs/medications/medication-codes",
)
LOINC_44261_6 = Source(
    "LOINC-44261-6", "LOINC term 44261-6 and its panel 44249-1", "https://loinc.org/44261-6"
)
LOINC_LL358_3 = Source(
    "LOINC-LL358-3",
    "LOINC answer list LL358-3 (PHQ-9 items) and the terms using it",
    "https://loinc.org/LL358-3",
)
US_CORE_PHQ9 = Source(
    "US-Core-6.1.0",
    "US Core 6.1.0 examples Observation-PHQ9-item-example-44261-6 and -44260-8",
    "https://github.com/HL7/US-Core/tree/6.1.0/input/examples",
)

BOTH_PHARMGKB = (PHARMGKB_2022, PHARMGKB_2023)
ALL_THREE = (CPIC, PHARMGKB_2022, PHARMGKB_2023)


@dataclass(frozen=True)
class RxNormEntry:
    """A medicine's RxNorm code, or why it has none.

    `code` is its ingredient (IN), or for a product of two medicines its multiple ingredient
    (MIN); `ingredients` are the IN codes of a product whose MIN code was not found.
    """

    generic: str  # as drugs.py spells it
    code: str | None
    sources: tuple[Source, ...] = ()
    ingredients: tuple[str, ...] = ()
    note: str = ""


def _code(generic: str, code: str, sources: tuple[Source, ...], note: str = "") -> RxNormEntry:
    return RxNormEntry(generic, code, sources, note=note)


def _none(generic: str, note: str) -> RxNormEntry:
    return RxNormEntry(generic, None, note=note)


_NOT_IN_SOURCES = "No RxNorm code in CPIC's or PharmGKB's tables; not verified, so text only."
_NO_IDENTIFIER = "PharmGKB lists it without an RxNorm identifier; not verified, so text only."

RXNORM_ENTRIES: tuple[RxNormEntry, ...] = (
    # ssri
    _code("citalopram", "2556", ALL_THREE),
    _code("escitalopram", "321988", ALL_THREE),
    _code("fluoxetine", "4493", (*ALL_THREE, NLM_TTY)),
    _code("fluvoxamine", "42355", ALL_THREE),
    _code("paroxetine", "32937", ALL_THREE),
    _code("sertraline", "36437", ALL_THREE),
    # snri
    _code("desvenlafaxine", "734064", BOTH_PHARMGKB),
    _code("duloxetine", "72625", ALL_THREE),
    _none("levomilnacipran", _NO_IDENTIFIER),
    _code("venlafaxine", "39786", ALL_THREE),
    # tca
    _code("amitriptyline", "704", ALL_THREE),
    _code("amoxapine", "722", BOTH_PHARMGKB),
    _code("clomipramine", "2597", ALL_THREE),
    _code("desipramine", "3247", ALL_THREE),
    _none("dosulepin", _NOT_IN_SOURCES + " Not marketed in the US."),
    _code("doxepin", "3638", ALL_THREE),
    _code("imipramine", "5691", ALL_THREE),
    _none("lofepramine", _NOT_IN_SOURCES + " Not marketed in the US."),
    _code("maprotiline", "6646", BOTH_PHARMGKB),
    _code("nortriptyline", "7531", ALL_THREE),
    _code("protriptyline", "8886", ALL_THREE),
    _code("trimipramine", "10834", ALL_THREE),
    # maoi
    _code("isocarboxazid", "6011", BOTH_PHARMGKB),
    _code("moclobemide", "30121", BOTH_PHARMGKB, "Not marketed in the US."),
    _code("phenelzine", "8123", BOTH_PHARMGKB),
    _code("tranylcypromine", "10734", BOTH_PHARMGKB),
    _code("selegiline", "9639", BOTH_PHARMGKB, "The Emsam patch; drugs.BRAND_CLASSES."),
    # ndri, nassa, serotonin modulators, melatonergic
    _code("bupropion", "42347", ALL_THREE),
    _code("mianserin", "6929", BOTH_PHARMGKB, "Not marketed in the US."),
    _code("mirtazapine", "15996", ALL_THREE),
    _code("nefazodone", "31565", BOTH_PHARMGKB),
    _code("trazodone", "10737", BOTH_PHARMGKB),
    _code("vilazodone", "1086769", BOTH_PHARMGKB),
    _code("vortioxetine", "1455099", ALL_THREE),
    _none("agomelatine", _NO_IDENTIFIER + " Not marketed in the US."),
    # other antidepressants
    RxNormEntry(
        "dextromethorphan-bupropion",
        None,
        (CPIC, PHARMGKB_2022, PHARMGKB_2023),
        ingredients=("3289", "42347"),
        note="No multiple-ingredient (MIN) code found; its two ingredients are coded.",
    ),
    _none("gepirone", _NOT_IN_SOURCES),
    _code("olanzapine-fluoxetine", "611247", (NLM_TTY,), "MIN 'Fluoxetine / Olanzapine'."),
    _code("reboxetine", "60842", BOTH_PHARMGKB, "Not marketed in the US."),
    # antipsychotics
    _code("aripiprazole", "89013", ALL_THREE),
    _code("brexpiprazole", "1658314", ALL_THREE),
    _none("cariprazine", _NO_IDENTIFIER),
    _none("lurasidone", _NO_IDENTIFIER),
    _code("olanzapine", "61381", ALL_THREE),
    _code("quetiapine", "51272", BOTH_PHARMGKB),
    _code("risperidone", "35636", ALL_THREE),
    _code("ziprasidone", "115698", BOTH_PHARMGKB),
    # mood stabilisers
    _code("carbamazepine", "2002", ALL_THREE),
    _code("lamotrigine", "28439", ALL_THREE),
    _code("lithium", "6448", BOTH_PHARMGKB),
    _code("valproate", "11118", ALL_THREE, "The sources name the ingredient valproic acid."),
    # thyroid hormones
    _code("levothyroxine", "10582", BOTH_PHARMGKB, "PharmGKB shows the UMLS name Thyroxine."),
    _code("liothyronine", "10814", BOTH_PHARMGKB, "PharmGKB shows the UMLS name Triiodothyronine."),
    # anxiolytics
    _code("alprazolam", "596", BOTH_PHARMGKB),
    _code("buspirone", "1827", BOTH_PHARMGKB),
    _code("clonazepam", "2598", BOTH_PHARMGKB),
    _code("diazepam", "3322", ALL_THREE),
    _code("lorazepam", "6470", BOTH_PHARMGKB),
    # stimulants
    _code("amphetamine", "725", BOTH_PHARMGKB, "Adderall also holds dextroamphetamine."),
    _code("lisdexamfetamine", "700810", BOTH_PHARMGKB),
    _code("methylphenidate", "6901", ALL_THREE),
    _code("modafinil", "30125", ALL_THREE),
    # other
    _code("l-methylfolate", "1025342", BOTH_PHARMGKB, "PharmGKB's name: Levomefolic Acid."),
    _code("pramipexole", "746741", BOTH_PHARMGKB),
    _none("zuranolone", _NOT_IN_SOURCES),
    # a name whose class the clinician chooses (drugs.AMBIGUOUS): the ingredient is the same
    _code("milnacipran", "588250", BOTH_PHARMGKB),
)

RXNORM_BY_GENERIC: dict[str, RxNormEntry] = {entry.generic: entry for entry in RXNORM_ENTRIES}


def rxnorm_for(drug: str) -> RxNormEntry | None:
    """The RxNorm entry of a medicine as typed (generic or brand, any case, with formulation
    words); None for a name the drug table does not know."""
    return RXNORM_BY_GENERIC.get(drugs.generic_name(drug))


@dataclass(frozen=True)
class LoincCode:
    code: str
    display: str  # the LOINC long common name, as the source shows it
    sources: tuple[Source, ...]


# Rating-scale totals by the review's scale code; None: no LOINC code found, text only.
SCALE_TOTALS: dict[str, LoincCode | None] = {
    "phq9": LoincCode(
        "44261-6",
        "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]",
        (LOINC_44261_6, US_CORE_PHQ9),
    ),
    "madrs": None,
    "hamd17": None,
    "bdi2": None,
    "qids_sr16": None,
    "wsas": None,
}

PHQ9_ITEM9 = LoincCode(
    "44260-8",
    "Thoughts that you would be better off dead, or of hurting yourself in some way in last 2 "
    "weeks [Reported.PHQ]",
    (LOINC_LL358_3, US_CORE_PHQ9),
)

# Item 9's answers (LOINC answer list LL358-3) by the item's score, 0 to 3.
PHQ9_ANSWERS: dict[int, tuple[str, str]] = {
    0: ("LA6568-5", "Not at all"),
    1: ("LA6569-3", "Several days"),
    2: ("LA6570-1", "More than half the days"),
    3: ("LA6571-9", "Nearly every day"),
}

# SNOMED CT procedure codes by procedure kind: none verified that means what the review records.
SNOMED_PROCEDURES: dict[str, str] = {}
