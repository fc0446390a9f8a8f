"""The cited knowledge: the source documents and the next-step categories they mention.

Everything here describes what the five source documents (SOURCES, S1–S5) say, in our own
words; facts and figures carry over, wording does not. The categories are always listed all
together, never ranked by a patient's data: CATEGORIES is grouped and alphabetical within each
group. The product's own voice puts no treatments in sequence: where a source describes a
sequence, the text names the source and its kind, and such text is printed only in the
descriptions appendix, never beside a patient's facts. No Django imports.

Bump CATALOGUE_VERSION whenever a text or a source list changes: a finalised review stores the
version it was summarised with, so its PDF can be reproduced. tests/reviews/test_catalogue.py
records a hash of this module's data for each version and fails when the data changes alone.
"""

from dataclasses import dataclass

CATALOGUE_VERSION = "2026.12.2"


@dataclass(frozen=True)
class Source:
    key: str  # "S1" … "S5", how the product cites it
    title: str  # short title, cited as "<key> — <title>"
    kind: str  # shown beside the citation so a reader can weigh the source
    description: str


SOURCES: tuple[Source, ...] = (
    Source(
        key="S1",
        title="a patient's blog about living with treatment-resistant depression",
        kind="personal account",
        description=(
            "One person's account of medicines and therapy that did not relieve depression, "
            "partial hospitalisation, and two courses of TMS with a relapse between them. The "
            "author offers pharmacogenetic testing as a tip to readers; the post does not say "
            "whether the author was tested."
        ),
    ),
    Source(
        key="S2",
        title="treatment provider's article on treatment-resistant depression",
        kind="provider article",
        description=(
            "An article for patients from a treatment provider covering what TRD is, possible "
            "causes, signs, treatment options and ways of coping."
        ),
    ),
    Source(
        key="S3",
        title="patient guide to treatment-resistant depression",
        kind="health-system patient guide",
        description=(
            "A health system's guide for patients on what a psychiatrist reviews, medication and "
            "talk-therapy options, procedures and self-care."
        ),
    ),
    Source(
        key="S4",
        title="physician-authored clinic article: understanding treatment-resistant depression",
        kind="clinic article (promotional)",
        description=(
            "An article by a physician, published by a clinic that offers TRD care, on why "
            "depression can be hard to treat and on ketamine, TMS, ECT and psychedelic research; "
            "it promotes the clinic's services."
        ),
    ),
    Source(
        key="S5",
        title="short overview of treatment approaches for treatment-resistant depression",
        kind="overview",
        description=(
            "A brief list of approaches to TRD: medication changes, psychotherapy, ECT, TMS, "
            "ketamine and augmentation, ending on close work with a professional experienced in "
            "resistant depression."
        ),
    ),
)

GROUPS: tuple[tuple[str, str], ...] = (
    ("medication", "Medication"),
    ("psychotherapy", "Psychotherapy"),
    ("procedures", "Procedures and intensive care"),
    ("evaluation", "Evaluation"),
    ("practical", "Practical matters"),
)


@dataclass(frozen=True)
class Category:
    id: str
    group: str  # a key of GROUPS
    label: str
    description: str  # 2–4 sentences of facts from the sources, in our words
    sources: tuple[str, ...]  # keys of SOURCES
    when_mentioned: str  # when the documents bring it up, stated as a fact about them


_CATEGORIES: tuple[Category, ...] = (
    Category(
        id="more_time",
        group="medication",
        label="More time on the current medicine",
        description=(
            "S3 gives four to eight weeks as the usual time for an antidepressant or another "
            "depression medicine to reach full effect, and longer for some people. It gives the "
            "same span for side effects to ease."
        ),
        sources=("S3",),
        when_mentioned=(
            "S3 describes this among the medication options for when an antidepressant has "
            "not yet helped."
        ),
    ),
    Category(
        id="dose_adjustment",
        group="medication",
        label="Dose adjustment",
        description=(
            "S3 notes that, because people respond to medicines differently, a dose above the "
            "usual one may help some, and that dose changes are made together with the doctor "
            "rather than alone. S5 mentions changing the dose of current medicines as one kind "
            "of medication adjustment."
        ),
        sources=("S3", "S5"),
        when_mentioned=(
            "S3 and S5 describe this for when the current antidepressant has not helped enough."
        ),
    ),
    Category(
        id="switch",
        group="medication",
        label="Switching antidepressant or class",
        description=(
            "The documents describe moving to a different antidepressant, or to another class of "
            "antidepressant. S3 notes that several may be tried before one works, and S2 mentions "
            "other classes for people whose depression did not respond to SSRIs or SNRIs."
        ),
        sources=("S2", "S3", "S5"),
        when_mentioned="S2, S3 and S5 describe this when an antidepressant has not worked.",
    ),
    Category(
        id="combination",
        group="medication",
        label="Combining two antidepressants",
        description=(
            "S3 describes taking two antidepressants of different types at once, so that a "
            "broader range of mood-related neurotransmitters such as serotonin, norepinephrine "
            "and dopamine is affected. S2 and S5 also mention combining medicines or classes of "
            "antidepressant, and S4 mentions medication combinations."
        ),
        sources=("S2", "S3", "S4", "S5"),
        when_mentioned=(
            "The documents list combining among the medication options for when one "
            "antidepressant alone has not been enough."
        ),
    ),
    Category(
        id="augmentation",
        group="medication",
        label="Augmentation (adding a medicine from another group)",
        description=(
            "S3 describes augmentation as adding to an antidepressant a medicine that is "
            "commonly used for another physical or mental health condition. The documents name "
            "antipsychotics (S2, S3; atypical antipsychotics in S5), mood stabilisers (S2, S3), "
            "lithium (S5), thyroid hormone (S3, S5, neither naming a particular one), anxiety "
            "medicines (S3) and other medicines (S3, S5)."
        ),
        sources=("S2", "S3", "S5"),
        when_mentioned=(
            "S2, S3 and S5 describe augmentation as a way to strengthen an antidepressant that "
            "has helped too little."
        ),
    ),
    Category(
        id="pharmacogenomic_testing",
        group="medication",
        label="Pharmacogenomic testing",
        description=(
            "These tests look at genes linked to how the body breaks down a medicine or how "
            "depression may respond to it. S1 and S3 say the results offer clues, not certainty, "
            "about whether a medicine will work. Both note that insurance does not always pay "
            "for the tests."
        ),
        sources=("S1", "S3"),
        when_mentioned=(
            "S1 and S3 bring the tests up chiefly where earlier medicines caused many side "
            "effects or helped little."
        ),
    ),
    Category(
        id="psychotherapy",
        group="psychotherapy",
        label="Psychotherapy, by type",
        description=(
            "The documents describe talk therapy as useful even when medicines have not worked, "
            "and S3 describes it as often most helpful when combined with a medicine. Types named "
            "include CBT, ACT, IPT, family or couples therapy, DBT, group therapy, mindfulness, "
            "behavioural activation, psychodynamic therapy and EMDR (S4). The copy of S3 used "
            "here has garbled names for two of them; the terms are normalised to behavioural "
            "activation and mindfulness. S3 adds that another approach or another therapist may "
            "be tried when one does not help, and S1 describes six years of therapy that had not "
            "relieved one person's symptoms enough for them to function."
        ),
        sources=("S1", "S2", "S3", "S4", "S5"),
        when_mentioned=(
            "S3 describes a change of approach or therapist when counselling has not helped; "
            "S2 names DBT and ACT where trauma or anxiety complicate depression."
        ),
    ),
    Category(
        id="rtms",
        group="procedures",
        label="rTMS / iTBS",
        description=(
            "Repetitive transcranial magnetic stimulation uses a magnetic coil on the scalp to "
            "act on the nerve cells of mood-related brain areas, without surgery. "
            "S3 describes sessions of about 30 minutes and a shorter form, intermittent theta "
            "burst stimulation (iTBS). S1, a personal account, describes an approval of "
            "TMS for anxiety for 32 days, about a year of remission, then a relapse and a "
            "second course that insurance covered in full."
        ),
        sources=("S1", "S2", "S3", "S4", "S5"),
        when_mentioned=(
            "S2, S3 and S5 describe TMS for when medicines or other treatments have not helped. "
            "S1, a personal account, describes TMS and ketamine as usually the procedures people "
            "try before others."
        ),
    ),
    Category(
        id="ketamine",
        group="procedures",
        label="Ketamine (IV) / esketamine (nasal)",
        description=(
            "S3 describes ketamine given into a vein in low doses for quick relief, with effects "
            "lasting days to weeks; S1 and S4 describe relief within hours for some people. In "
            "S3, esketamine is a nasal form approved in the US and given in a clinic under "
            "supervision, because of possible serious side effects and misuse. S3 notes that "
            "both are usually taken together with an oral antidepressant."
        ),
        sources=("S1", "S3", "S4", "S5"),
        when_mentioned=(
            "S3 describes the adults for whom esketamine is approved in the US. S1, a personal "
            "account, describes ketamine and TMS as usually the procedures people try before "
            "others. S5 notes that the long-term effects of ketamine are still being studied."
        ),
    ),
    Category(
        id="ect",
        group="procedures",
        label="Electroconvulsive therapy (ECT)",
        description=(
            "In ECT a measured electrical current is passed through the brain under general "
            "anaesthesia, causing a short, controlled seizure. S3 mentions temporary confusion or "
            "memory loss as possible side effects, and describes marked relief from major "
            "depression after a series of treatments."
        ),
        sources=("S1", "S3", "S4", "S5"),
        when_mentioned=(
            "S5, an overview, describes ECT for very severe depression, including where life is "
            "at risk, and after other treatments have not helped. S1, a personal account, "
            "describes it as often used when TMS has not led to remission."
        ),
    ),
    Category(
        id="vns",
        group="procedures",
        label="Vagus nerve stimulation (VNS)",
        description=(
            "An implanted device in the chest sends electrical pulses along a wire to the vagus "
            "nerve in the neck. From there the signals reach mood-related areas of the brain."
        ),
        sources=("S1", "S3"),
        when_mentioned=(
            "S3, a health-system patient guide, describes VNS as usually kept for when ECT, rTMS "
            "or another brain-stimulation treatment has not improved symptoms. S1, a personal "
            "account, places it after ECT, TMS and ketamine, when those have not helped."
        ),
    ),
    Category(
        id="psychedelic_research",
        group="procedures",
        label="Psychedelic-assisted therapy (research)",
        description=(
            "S4 describes research on psilocybin and MDMA given alongside psychotherapy, with "
            "results it calls exciting. The article discusses it in terms of research findings."
        ),
        sources=("S4",),
        when_mentioned=(
            "Only S4, a promotional clinic article, mentions this, as part of current research."
        ),
    ),
    Category(
        id="intensive_programmes",
        group="procedures",
        label="Intensive programmes (inpatient, partial hospitalisation)",
        description=(
            "S1 describes two inpatient or partial hospitalisation programmes that helped a "
            "great deal, with depression returning in full within a year each time. It is the "
            "only source here that describes such programmes."
        ),
        sources=("S1",),
        when_mentioned=(
            "S1 mentions these as part of one person's treatment history, not as a general option."
        ),
    ),
    Category(
        id="specialist",
        group="evaluation",
        label="Specialist (psychiatrist) evaluation",
        description=(
            "S3 describes asking for a referral to a mental health specialist when depression "
            "continues on an antidepressant started in primary care. In its account the "
            "psychiatrist goes over the medical history, life situation, past treatments and "
            "their effect, all current medicines and supplements, adherence, physical conditions "
            "and other possible diagnoses. S5 ends by stressing close work with a professional "
            "experienced in resistant depression, who looks at the person's symptoms, history "
            "and needs in shaping a treatment plan. S2 describes consulting a mental health "
            "professional, and S4 describes psychiatrists within a care team."
        ),
        sources=("S2", "S3", "S4", "S5"),
        when_mentioned=(
            "S3 describes this when symptoms persist despite treatment begun by a primary-care "
            "doctor, S2 for anyone who suspects their depression is treatment-resistant, and S5 "
            "as the setting in which an approach to treatment is worked out."
        ),
    ),
    Category(
        id="diagnosis_review",
        group="evaluation",
        label="Re-examining the diagnosis",
        description=(
            "The documents note that what looks like treatment-resistant depression is sometimes "
            "another condition, or depression with another condition beside it. Conditions named "
            "include bipolar disorder (S2, S3, S4), dysthymia (S3: a long-lasting form of "
            "depression), personality disorders (S3), anxiety (S2) and trauma-related problems "
            "(S4). S1 "
            "distinguishes treatment-resistant depression from persistent depression."
        ),
        sources=("S1", "S2", "S3", "S4"),
        when_mentioned=(
            "S3 lists this among the things the psychiatrist reviews; S2 and S4 give "
            "misdiagnosis and co-occurring conditions as reasons treatment may not work."
        ),
    ),
    Category(
        id="physical_health",
        group="evaluation",
        label="Physical conditions that cause or worsen depression",
        description=(
            "S3 notes that some physical illnesses can bring on depression or make it worse. "
            "The examples it gives are thyroid disorders, chronic pain and heart problems."
        ),
        sources=("S3",),
        when_mentioned=(
            "S3 lists this among the things the psychiatrist reviews when depression has not "
            "improved."
        ),
    ),
    Category(
        id="substance_use",
        group="evaluation",
        label="Substance use",
        description=(
            "S3 describes heavy drinking, recreational drugs and cannabis as common among people "
            "with depression, and alcohol and drugs as making depression worse and harder to "
            "treat over time, and it describes substance use being treated alongside the "
            "depression. S2 names substance use disorders among conditions "
            "that often occur with depression."
        ),
        sources=("S2", "S3"),
        when_mentioned=(
            "S3 describes this among steps beside formal treatment; S2 mentions it as a "
            "co-occurring condition that can complicate treatment."
        ),
    ),
    Category(
        id="adherence",
        group="evaluation",
        label="Adherence to the treatment plan",
        description=(
            "S3 includes in the psychiatrist's review whether medicines are taken as planned and "
            "whether the steps of treatment are followed. It mentions missed sessions or "
            "appointments and stopping medicines once feeling well, and notes that stopping can "
            "bring symptoms back along with withdrawal-like effects. Side effects and cost are "
            "named as topics to raise with the doctor and pharmacist."
        ),
        sources=("S3",),
        when_mentioned=(
            "S3 brings this up both in the psychiatrist's review and among the steps a patient "
            "can take."
        ),
    ),
    Category(
        id="lifestyle",
        group="evaluation",
        label="Stress, sleep, exercise and diet",
        description=(
            "S3 describes stress from relationships, money or work, and too little sleep, as "
            "making depression worse, and exercise as lifting mood; it names ways to reduce "
            "stress, among them meditation, yoga, tai chi, mindfulness, muscle relaxation and "
            "journaling. S2 mentions exercise, a healthy diet and enough sleep. S4 counts money "
            "troubles, limited access to health care and the stigma of mental illness among the "
            "social conditions that make depression harder to overcome."
        ),
        sources=("S2", "S3", "S4"),
        when_mentioned=(
            "S2 lists these among ways of coping and S3 among steps beside formal treatment; S3 "
            "also includes life situations in the psychiatrist's review, and S4 gives social "
            "conditions among the reasons depression can be hard to treat."
        ),
    ),
    Category(
        id="support",
        group="evaluation",
        label="Support network, integrated care and between-visit tools",
        description=(
            "S2 describes staying in touch with important people or support groups as a source "
            "of emotional strength and less isolation. S4 describes care teams that bring "
            "together therapists, psychiatrists, health coaches and support staff, and digital "
            "tools such as mood tracking and messaging between sessions."
        ),
        sources=("S2", "S4"),
        when_mentioned=(
            "S2 lists a support network among ways of coping; S4, a promotional article, "
            "describes care teams and digital tools as part of its clinic's service."
        ),
    ),
    Category(
        id="coverage",
        group="practical",
        label="Insurance coverage of treatments and tests",
        description=(
            "S1 and S3 note that insurance does not always pay for pharmacogenomic tests. S3 "
            "mentions finding out whether health insurance covers a given treatment, and S1 "
            "describes insurance approval and full coverage of a second course of TMS. S4 mentions "
            "insurance as a barrier to care and, as a promotional article, its clinic's coverage."
        ),
        sources=("S1", "S3", "S4"),
        when_mentioned=(
            "S1 and S3 raise coverage in connection with genetic testing and with procedures; S4 "
            "among the barriers to treatment."
        ),
    ),
)

# Grouped, and alphabetical by label within each group: an order that carries no ranking.
CATEGORIES: tuple[Category, ...] = tuple(
    sorted(
        _CATEGORIES,
        key=lambda category: (
            [key for key, _title in GROUPS].index(category.group),
            category.label.casefold(),
        ),
    )
)
CATEGORIES_BY_ID: dict[str, Category] = {category.id: category for category in CATEGORIES}

# Printed under the disclaimer of every summary, whatever the answers: beside a patient's "yes"
# in the safety box, the sources' words would join the answer into a rule ("get help at once").
SAFETY_NOTE = (
    "On suicidal thoughts, in every summary whatever the answers: S2 tells readers to get help "
    "at once for suicidal thoughts or behaviour, S3 notes that such thoughts sometimes come with "
    "treatment-resistant depression, and S1 describes them during one person's relapse."
)

DISCLAIMER = (
    "This summary lists what the source documents mention beside what this review recorded. It "
    "does not choose, rank or propose any treatment, and it does not say whether a patient's "
    "depression is treatment-resistant. Clinical decisions rest with the treating clinician."
)
