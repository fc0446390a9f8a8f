"""The US label dose table's second round of entries (issue 23): the tricyclics, MAOIs, the
selegiline patch, mirtazapine, trazodone, nefazodone, vortioxetine, vilazodone, levomilnacipran,
gepirone and the immediate-release forms of bupropion and venlafaxine. Figures and citations
only, read through the `search` tool from public copies of the US prescribing information; no
label sentence is kept here. Where a copy is second-hand (a drug reference quoting the label,
a brand's site for prescribers), the holder says so. No Django imports.

low_mg is the label's usual effective or target dose; where an older label gives only a
starting dose and a maximum, its adult outpatient starting dose. high_mg is the label's
maximum, for adult outpatients where the label gives outpatients and inpatients apart.
"""

from reviews.facts.label_dose_kinds import Label, LabelDose, labelled

_DRUGS_COM = "https://www.drugs.com/dosage/{}.html"
_SECOND_HAND = "copy: {}"

LATER_ENTRIES: tuple[LabelDose, ...] = (
    labelled(
        "amitriptyline",
        "",
        75,
        150,
        Label(
            "ELAVIL (amitriptyline HCl) tablets, outpatients",
            _SECOND_HAND.format("RxList's copy of the label on GlobalRPh"),
            "",
            ("https://globalrph.com/rx-list/elavil-drug",),
        ),
    ),
    labelled(
        "nortriptyline",
        "",
        75,
        150,
        Label(
            "Nortriptyline hydrochloride capsules",
            _SECOND_HAND.format("DailyMed label as republished by linkedlifedata.com"),
            "",
            (
                "http://linkedlifedata.com/resource/dailymed-drugs/834?role=all",
                "https://www.recallguide.org/manufacturer/ranbaxy-laboratories-limited/",
            ),
        ),
    ),
    labelled(
        "imipramine",
        "",
        75,
        200,
        Label(
            "TOFRANIL (imipramine hydrochloride) tablets, outpatients",
            _SECOND_HAND.format("the label's dosage section quoted by GeneSight"),
            "",
            (
                "https://genesight.com/product/medications-tofranil-imipramine",
                "http://www.drugs.com/dosage/imipramine.html",
            ),
        ),
    ),
    labelled(
        "desipramine",
        "",
        100,
        300,
        Label(
            "Desipramine hydrochloride tablets",
            _SECOND_HAND.format("Drugs.com dosage summary of the label"),
            "",
            (_DRUGS_COM.format("desipramine"), "https://nursekey.com/desipramine-hydrochloride"),
        ),
    ),
    labelled(
        "doxepin",
        "",
        75,
        300,
        Label(
            "Doxepin hydrochloride capsules",
            _SECOND_HAND.format("PrescriberPoint's copy of the generic label"),
            "2025-07",
            ("https://prescriberpoint.com/therapies/doxepin-hydrochloride-4920401",),
        ),
    ),
    labelled(
        "protriptyline",
        "",
        15,
        60,
        Label(
            "Protriptyline hydrochloride tablets, USP",
            _SECOND_HAND.format("DrugLib's and RxList's copies of the label (VIVACTIL, Duramed)"),
            "",
            (
                "http://webmail.druglib.com/druginfo/protriptyline/indications_dosage/",
                "http://www.rxlist.com/vivactil-drug/indications-dosage.htm",
            ),
        ),
    ),
    labelled(
        "trimipramine",
        "",
        75,
        200,
        Label(
            "SURMONTIL (trimipramine maleate) capsules, outpatients",
            _SECOND_HAND.format("HealthyPlace's copy of the label; figures from summaries of it"),
            "",
            (
                "https://www.healthyplace.com/other-info/psychiatric-medications/surmontil-trimipramine-melate-full-prescribing-information/",
                "https://nursekey.com/trimipramine-maleate",
            ),
        ),
    ),
    labelled(
        "amoxapine",
        "",
        200,
        400,
        Label(
            "Amoxapine tablets, USP, outpatients",
            _SECOND_HAND.format("DrugLib's copy of the label; DailyMed holds Actavis Pharma's"),
            "",
            (
                "http://www.druglib.com/druginfo/amoxapine/indications_dosage/",
                "https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid=a16297df-3158-48db-85e5-5cd506885556&version=19",
            ),
        ),
    ),
    labelled(
        "maprotiline",
        "",
        75,
        150,
        Label(
            "Maprotiline hydrochloride tablets, USP, outpatients",
            _SECOND_HAND.format("MPR and Drugs.com summaries of the label (Mylan)"),
            "",
            ("https://www.empr.com/drug/maprotiline-hcl/", _DRUGS_COM.format("maprotiline")),
        ),
    ),
    labelled(
        "phenelzine",
        "",
        60,
        90,
        Label(
            "NARDIL (phenelzine sulfate tablets, USP)",
            "Parke-Davis Div of Pfizer Inc",
            "",
            (
                "http://labeling.pfizer.com/showlabeling.aspx?id=638",
                _DRUGS_COM.format("phenelzine"),
            ),
        ),
    ),
    labelled(
        "tranylcypromine",
        "",
        30,
        60,
        Label(
            "PARNATE (tranylcypromine sulfate) tablets",
            "Concordia Pharmaceuticals Inc.",
            "",
            (
                "https://fda.report/DailyMed/b72d8187-dfcc-4ea0-b5e9-c0be95b69a27&version=6",
                "http://butalbitalapap.org/index-4930.html",
            ),
        ),
    ),
    labelled(
        "isocarboxazid",
        "",
        40,
        60,
        Label(
            "MARPLAN (isocarboxazid) tablets",
            _SECOND_HAND.format("the label's dosage quoted by CenterWatch and MPR"),
            "",
            (
                "https://cms.centerwatch.com/directories/1067-fda-approved-drugs/listing/3809-marplan-isocarboxazid",
                "http://www.empr.com/marplan/drug/410/",
            ),
        ),
    ),
    labelled(
        "selegiline",
        "patch",
        6,
        12,
        Label(
            "EMSAM (selegiline transdermal system), mg per 24 hours",
            _SECOND_HAND.format("MPR and Drugs.com summaries of the label (Mylan Specialty L.P.)"),
            "",
            (
                "http://www.mimslearning.co.uk/emsam/drug/400/",
                "http://www.drugs.com/dosage/selegiline.html",
            ),
        ),
    ),
    labelled(
        "mirtazapine",
        "",
        15,
        45,
        Label(
            "Mirtazapine tablets (REMERON generic)",
            _SECOND_HAND.format("Drugs.com dosage summary of the label"),
            "",
            (_DRUGS_COM.format("mirtazapine"),),
        ),
    ),
    labelled(
        "trazodone",
        "",
        150,
        400,
        Label(
            "Trazodone hydrochloride tablets, USP, outpatients",
            "Mutual Pharmaceutical Company, Inc.",
            "2014-05",
            (
                "https://drugs-library.com/drugs/trazodone-hydrochloride_b693593c.html",
                "http://www.druglib.com/druginfo/trazodone/indications_dosage/",
            ),
        ),
    ),
    labelled(
        "nefazodone",
        "",
        300,
        600,
        Label(
            "SERZONE (nefazodone hydrochloride) tablets",
            _SECOND_HAND.format("RxList's copy of the label on GlobalRPh"),
            "",
            (
                "https://globalrph.com/rx-list/serzone-drug",
                "http://www.drugs.com/dosage/nefazodone.html",
            ),
        ),
    ),
    labelled(
        "vortioxetine",
        "",
        10,
        20,
        Label(
            "TRINTELLIX (vortioxetine) tablets",
            "Takeda Pharmaceuticals America, Inc. (brand site for prescribers)",
            "2021-09",
            (
                "https://www.trintellixhcp.com/dosing",
                "https://www.rxgo.com/drug/trintellix-coupon/prescribing",
            ),
        ),
    ),
    labelled(
        "vilazodone",
        "",
        20,
        40,
        Label(
            "VIIBRYD (vilazodone hydrochloride) tablets",
            "Allergan (brand site for prescribers)",
            "2023-08",
            (
                "https://www.viibrydhcp.com/dosages",
                "https://pillsync.com/drug/vilazodone-hydrochloride-10-MG-Oral-Tablet-Viibryd/OVAL_PINK_10/0456-1100-31/4c55ccfb-c4cf-11df-851a-0800200c9a66",
            ),
        ),
    ),
    labelled(
        "levomilnacipran",
        "",
        40,
        120,
        Label(
            "FETZIMA (levomilnacipran) extended-release capsules",
            _SECOND_HAND.format("TheMediTary's copy of the label's dosage section"),
            "",
            (
                "https://themeditary.com/dosage-information/fetzima-dosage-436.html",
                "https://www.empr.com/drug/fetzima/",
            ),
        ),
    ),
    labelled(
        "gepirone",
        "",
        18.2,
        72.6,
        Label(
            "EXXUA (gepirone) extended-release tablets",
            _SECOND_HAND.format("Drugs.com copy of the label's dosage section (Fabre-Kramer)"),
            "",
            (_DRUGS_COM.format("exxua"),),
        ),
    ),
    labelled(
        "bupropion",
        "",
        300,
        450,
        Label(
            "WELLBUTRIN (bupropion hydrochloride) immediate-release tablets",
            _SECOND_HAND.format("Drugs.com dosage summary of the label"),
            "",
            ("http://www.drugs.com/dosage/bupropion.html",),
        ),
    ),
    labelled(
        "venlafaxine",
        "",
        75,
        225,
        Label(
            "Venlafaxine tablets (immediate release), outpatients",
            _SECOND_HAND.format("Drugs.com dosage summary of the label"),
            "",
            (
                _DRUGS_COM.format("venlafaxine"),
                "https://www.droracle.ai/articles/445399/what-is-the-recommended-dosage-of-venlafaxine-effexor",
            ),
        ),
    ),
)
