"""The patient's pre-visit questionnaire (issue 25, part 1): an invitation by a one-time link,
the patient's page without sign-in, and the clinician's "Add to the review" / "Leave out".

`phq9` holds the questionnaire (data), `treatments` the names of therapies and procedures a
patient may type, `tokens` the link's secret, `services` every write, `forms` the patient's form,
`reported` what "Add to the review" makes of a reported row. Nothing the patient sends reaches the
review but through `services.decide_score` and `services.decide_reported`, which the clinician
calls.
"""
