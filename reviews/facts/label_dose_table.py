"""The US label dose table's entries: figures and citations only (reviews.facts.label_doses says
what each field means and how the entries are read). Read from public copies of the US
prescribing information; no label sentence is kept here. No Django imports.
"""

from dataclasses import dataclass

LABELLED, NO_US_LABEL, NOT_ENTERED = "labelled", "no_us_label", "not_entered"

NO_US_LABEL_TEXT = "No US label dose for depression (MDD)"


@dataclass(frozen=True)
class Label:
    name: str  # the product label's title: "ZOLOFT (sertraline hydrochloride) tablets"
    holder: str  # the firm the copy names
    revised: str  # "2023-08-08", "2022-08", or "" when the copy shows no date
    urls: tuple[str, ...]  # where the label text and its figures were read

    @property
    def citation(self) -> str:
        revised = f"revised {self.revised}" if self.revised else "revision date not shown"
        return f"{self.name}, {self.holder}, {revised}; {', '.join(self.urls)}"


@dataclass(frozen=True)
class LabelDose:
    medicine: str  # a generic of the drug table
    formulation: str  # "" for the form a plain name means; "XL", "SR", "XR", "CR"
    kind: str  # LABELLED, NO_US_LABEL or NOT_ENTERED
    low_mg: float | None = None
    high_mg: float | None = None
    adjunctive: bool = False  # the label's MDD dose is as an add-on to an antidepressant
    label: Label | None = None
    reason: str = ""  # NO_US_LABEL: why there is no US dose for depression

    @property
    def text(self) -> str:
        """What the step prints beside the dose; "" when nothing."""
        if self.kind == NO_US_LABEL:
            return NO_US_LABEL_TEXT
        if self.kind != LABELLED:
            return ""
        return f"US label, adult MDD{self._qualifier}: {_range(self)} mg/day"

    @property
    def compact(self) -> str:
        """Beside a dose on the documentation sheet: "label 50\u2013200", "label: none"."""
        if self.kind == NO_US_LABEL:
            return "label: none"
        return f"label {self.figures}" if self.figures else ""

    @property
    def figures(self) -> str:
        """Under a dose in the trial ledger, whose column says "label": "50\u2013200",
        "XL 300\u2013450", "add-on 2\u201315", "none"; "" when nothing."""
        if self.kind == NO_US_LABEL:
            return "none"
        if self.kind != LABELLED:
            return ""
        words = [self.formulation, "add-on" if self.adjunctive else ""]
        return " ".join([*(word for word in words if word), _range(self)])

    @property
    def _qualifier(self) -> str:
        what = ", ".join(
            part for part in (self.formulation, "adjunctive" if self.adjunctive else "") if part
        )
        return f" ({what})" if what else ""

    def as_json(self) -> dict | None:
        """`facts.courses[].label_dose` of the summary: null unless the label gives a range."""
        if self.kind != LABELLED or self.label is None:
            return None
        return {"low_mg": self.low_mg, "high_mg": self.high_mg, "source": self.label.citation}


def _range(entry: LabelDose) -> str:
    low, high = f"{entry.low_mg:g}", f"{entry.high_mg:g}"
    return low if low == high else f"{low}\u2013{high}"


def _labelled(medicine, formulation, low, high, label, *, adjunctive=False) -> LabelDose:
    return LabelDose(medicine, formulation, LABELLED, low, high, adjunctive, label)


def _none(reason: str, *medicines: str, formulation: str = "") -> tuple[LabelDose, ...]:
    return tuple(LabelDose(m, formulation, NO_US_LABEL, reason=reason) for m in medicines)


def _not_entered(*medicines: str, formulation: str = "") -> tuple[LabelDose, ...]:
    return tuple(LabelDose(m, formulation, NOT_ENTERED) for m in medicines)


_FDALABEL = "https://nctr-crs.fda.gov/fdalabel/services/spl/set-ids/{}/spl-doc"
_DAILYMED = "https://dailymed.nlm.nih.gov/dailymed/{}"

NOT_SOLD_IN_US = "not sold in the US: no US label"
OTHER_CONDITIONS = "its US label is for other conditions, not for depression"

ENTRIES: tuple[LabelDose, ...] = (
    _labelled(
        "sertraline",
        "",
        50,
        200,
        Label(
            "ZOLOFT (sertraline hydrochloride) tablets and oral solution",
            "Viatris Specialty LLC",
            "2023-08-08",
            (
                _FDALABEL.format("fda754f6-d0f3-4dce-a17a-927d64f912f7"),
                "https://fdocuments.us/document/zoloft-sertraline-hydrochloride-solution-concentrate-zoloft.html",
            ),
        ),
    ),
    _labelled(
        "escitalopram",
        "",
        10,
        20,
        Label(
            "LEXAPRO (escitalopram) tablets and oral solution",
            "Allergan, Inc.",
            "2023-10-01",
            (
                _FDALABEL.format("13bb8267-1cab-43e5-acae-55a4d957630a"),
                _DAILYMED.format("drugInfo.cfm?setid=4a08b6cf-7ba0-54a9-14e0-a6e8d1e4854e"),
            ),
        ),
    ),
    _labelled(
        "citalopram",
        "",
        20,
        40,
        Label(
            "CELEXA (citalopram) tablets",
            "Allergan, Inc.",
            "2023-10-09",
            (
                _FDALABEL.format("4259d9b1-de34-43a4-85a8-41dd214e9177"),
                "https://www.drugs.com/pro/celexa.html",
            ),
        ),
    ),
    _labelled(
        "fluoxetine",
        "",
        20,
        80,
        Label(
            "PROZAC (fluoxetine capsules)",
            "Dista Products Company (Eli Lilly and Company)",
            "2021-10",
            (
                "https://medic.hrt.org/dm/drug/prozac-fluoxetine-hydrochloride-capsule-dista-products-company",
                "https://angelfire.com/mn2/illstandbyyou/prozac.html",
            ),
        ),
    ),
    _labelled(
        "paroxetine",
        "",
        20,
        50,
        Label(
            "Paroxetine tablets (PAXIL generic)",
            "Apotex Corp.",
            "2024-09-27",
            (
                _DAILYMED.format("search.cfm?query=60505009701"),
                "https://themeditary.com/pro/paxil-prescribing-information-12781.html",
            ),
        ),
    ),
    _labelled(
        "paroxetine",
        "CR",
        25,
        62.5,
        Label(
            "Paroxetine HCl CR extended-release tablets (PAXIL CR generic)",
            "Apotex Corp.",
            "2023-08",
            (
                "https://pillsync.com/drug/droxidopa-300-mg/CAPSULE_GREEN_DX-300/27808-199-01/087ff0d3-1761-47ea-a8c1-7c4cb679af97",
            ),
        ),
    ),
    _labelled(
        "venlafaxine",
        "XR",
        75,
        225,
        Label(
            "EFFEXOR XR (venlafaxine extended-release) capsules",
            "Wyeth Pharmaceuticals LLC, a subsidiary of Pfizer Inc.",
            "2022-08",
            (
                _DAILYMED.format("fda/fdaDrugXsl.cfm?setid=53c3e7ac-1852-4d70-d2b6-4fca819acf26"),
                "https://www.droracle.ai/articles/622870/what-is-the-recommended-dosing-for-effexor-xr-venlafaxine",
            ),
        ),
    ),
    *_not_entered("venlafaxine"),
    _labelled(
        "desvenlafaxine",
        "",
        50,
        50,
        Label(
            "PRISTIQ (desvenlafaxine) extended-release tablets",
            "Wyeth Pharmaceuticals LLC, a subsidiary of Pfizer Inc.",
            "2024",
            (
                "https://optic.convoke.bio/document/224849",
                "http://www.120ty.net/bencandy.php?fid=134&id=48462",
            ),
        ),
    ),
    _labelled(
        "duloxetine",
        "",
        40,
        120,
        Label(
            "CYMBALTA (duloxetine delayed-release capsules)",
            "Eli Lilly and Company",
            "",
            ("http://www.rxlist.com/cymbalta-drug/indications-dosage.htm",),
        ),
    ),
    _labelled(
        "bupropion",
        "XL",
        300,
        450,
        Label(
            "WELLBUTRIN XL (bupropion hydrochloride extended-release tablets)",
            "Physicians Total Care, Inc. (repackager; GlaxoSmithKline label)",
            "",
            (
                _DAILYMED.format("fda/fdaDrugXsl.cfm?setid=c7b80939-0b2d-4dbc-b921-2081cfd5ae3e"),
                "http://www.120ty.net/bencandy.php?fid=134&id=47626",
            ),
        ),
    ),
    _labelled(
        "bupropion",
        "SR",
        300,
        400,
        Label(
            "WELLBUTRIN SR (bupropion hydrochloride sustained-release tablets)",
            "GlaxoSmithKline",
            "",
            ("http://www.drugs.com/dosage/wellbutrin-sr.html",),
        ),
    ),
    *_not_entered("bupropion"),
    _labelled(
        "aripiprazole",
        "",
        2,
        15,
        Label(
            "ABILIFY (aripiprazole), adjunctive treatment of MDD",
            "Otsuka America Pharmaceutical, Inc.",
            "",
            ("http://www.thecarlatreport.com/research/low-dose-abilify-ineffective-adjunct-mdd",),
        ),
        adjunctive=True,
    ),
    _labelled(
        "brexpiprazole",
        "",
        2,
        3,
        Label(
            "REXULTI (brexpiprazole) tablets, adjunctive treatment of MDD",
            "Otsuka America Pharmaceutical, Inc.",
            "",
            (
                "https://www.droracle.ai/articles/186606/what-is-the-recommended-use-and-dosage-of-rexulti",
            ),
        ),
        adjunctive=True,
    ),
    _labelled(
        "cariprazine",
        "",
        1.5,
        3,
        Label(
            "VRAYLAR (cariprazine) capsules, adjunctive therapy to antidepressants for MDD",
            "AbbVie Inc.",
            "",
            ("https://vraylarhcp.com/dosing",),
        ),
        adjunctive=True,
    ),
    _labelled(
        "quetiapine",
        "XR",
        150,
        300,
        Label(
            "SEROQUEL XR (quetiapine fumarate) extended-release tablets, adjunctive MDD",
            "AstraZeneca",
            "",
            (
                "http://www.empr.com/news/seroquel-xr-approved-for-adjunctive-treatment-of-major-depressive-disorder-mdd/article/159147/",
                "https://www.droracle.ai/articles/863851/what-is-the-recommended-initiation-and-titration-schedule-for",
            ),
        ),
        adjunctive=True,
    ),
    *_none("the immediate-release form's US label has no dose for depression", "quetiapine"),
    *_not_entered(
        "levomilnacipran",
        "amitriptyline",
        "amoxapine",
        "desipramine",
        "doxepin",
        "imipramine",
        "maprotiline",
        "nortriptyline",
        "protriptyline",
        "trimipramine",
        "isocarboxazid",
        "phenelzine",
        "tranylcypromine",
        "mirtazapine",
        "nefazodone",
        "trazodone",
        "vilazodone",
        "vortioxetine",
        "dextromethorphan-bupropion",
        "gepirone",
        "olanzapine-fluoxetine",
        "selegiline",
    ),
    *_none(NOT_SOLD_IN_US, "dosulepin", "lofepramine", "moclobemide", "mianserin"),
    *_none(NOT_SOLD_IN_US, "agomelatine", "reboxetine"),
    *_none(
        OTHER_CONDITIONS,
        "fluvoxamine",
        "clomipramine",
        "lurasidone",
        "olanzapine",
        "risperidone",
        "ziprasidone",
        "carbamazepine",
        "lamotrigine",
        "lithium",
        "valproate",
        "levothyroxine",
        "liothyronine",
        "alprazolam",
        "buspirone",
        "clonazepam",
        "diazepam",
        "lorazepam",
        "amphetamine",
        "lisdexamfetamine",
        "methylphenidate",
        "modafinil",
        "pramipexole",
        "zuranolone",
    ),
    *_none("sold as a medical food, with no drug label", "l-methylfolate"),
)
