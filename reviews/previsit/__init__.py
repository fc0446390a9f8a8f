"""The patient's pre-visit questionnaire (issue 25, part 1): an invitation by a one-time link,
the patient's page without sign-in, and the clinician's "Add to the review" / "Leave out".

`phq9` holds the questionnaire (data), `tokens` the link's secret, `services` every write,
`forms` the patient's form. Nothing the patient sends reaches the review but through
`services.accept_score`, which the clinician calls.
"""
