"""Request handling, one module per job: fetch the review through the access helper, validate
with a form, call a service, redirect or render.

- `walkthrough`: start a review, its steps (save, autosave, discard), resume and finish.
- `summaries`: a review's page, its PDF and its JSON export.
- `past_reviews`: the list and its CSV.
- `patient_timeline`: a patient's reviews over time.
- `versions`: a follow-up at a later visit, an amendment of a final review.
- `audit_trail`: every recorded event of one review, page by page.
- `accounts`: "stay signed in" and the audited password change.
"""
