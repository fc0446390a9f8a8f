"""The US label dose table's entries: figures and citations only (reviews.facts.label_doses
says what each field means and how the entries are read). Read from public copies of the US
prescribing information; no label sentence is kept here. The entries of the second round are in
reviews.facts.label_dose_table_more. No Django imports.
"""

from reviews.facts.label_dose_kinds import (
    LABELLED,
    NO_US_LABEL,
    NO_US_LABEL_TEXT,
    NOT_ENTERED,
    Label,
    LabelDose,
    labelled,
    no_label,
    not_entered,
)
from reviews.facts.label_dose_table_more import LATER_ENTRIES

__all__ = ["LABELLED", "NO_US_LABEL", "NO_US_LABEL_TEXT", "NOT_ENTERED", "Label", "LabelDose"]

_FDALABEL = "https://nctr-crs.fda.gov/fdalabel/services/spl/set-ids/{}/spl-doc"
_DAILYMED = "https://dailymed.nlm.nih.gov/dailymed/{}"

NOT_SOLD_IN_US = "not sold in the US: no US label"
OTHER_CONDITIONS = "its US label is for other conditions, not for depression"
POSTPARTUM_ONLY = "its US label is for postpartum depression only, not for MDD"

ENTRIES: tuple[LabelDose, ...] = (
    labelled(
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
    labelled(
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
    labelled(
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
    labelled(
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
    labelled(
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
    labelled(
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
    labelled(
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
    labelled(
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
    labelled(
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
    labelled(
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
    labelled(
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
    labelled(
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
    labelled(
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
    labelled(
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
    labelled(
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
    *no_label("the immediate-release form's US label has no dose for depression", "quetiapine"),
    *not_entered("dextromethorphan-bupropion", "olanzapine-fluoxetine"),
    *LATER_ENTRIES,
    *no_label(NOT_SOLD_IN_US, "dosulepin", "lofepramine", "moclobemide", "mianserin"),
    *no_label(NOT_SOLD_IN_US, "agomelatine", "reboxetine"),
    *no_label(
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
    ),
    *no_label(POSTPARTUM_ONLY, "zuranolone"),
    *no_label("sold as a medical food, with no drug label", "l-methylfolate"),
)
