"""Django's error reports without patient data, on the debug page too.

`make run` serves with DEBUG on, so an error there shows Django's debug page, and Django's own
filter cleanses nothing while DEBUG is on. That page showed what a clinician had posted (a
patient's reference), the environment (the demo login's password), a patient's link in the
path, and an exception's message, which can quote what was typed. These classes (settings
DEFAULT_EXCEPTION_REPORTER and DEFAULT_EXCEPTION_REPORTER_FILTER) keep the page's use to a
developer (the exception's type, the frames and their code) and withhold the rest, as the logs
do (trdreview.logsafe).
"""

import re

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from trdreview.logsafe import WITHHELD, without_link


class PatientSafeFilter(SafeExceptionReporterFilter):
    # Besides Django's names: the demo login's note (it carries a password) and a database URL.
    hidden_settings = re.compile(
        "API|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|NOTE|LOGIN|DATABASE_URL|DSN",
        flags=re.IGNORECASE,
    )

    def is_active(self, request) -> bool:
        return True  # with DEBUG on too: that is where `make run` shows an error

    def get_post_parameters(self, request) -> dict:
        """Every posted value withheld: any of them may be a patient's."""
        if request is None:
            return {}
        return {name: self.cleansed_substitute for name in request.POST}

    def get_safe_request_meta(self, request) -> dict:
        """The environment with secrets withheld and a patient's link out of its paths."""
        return {
            name: without_link(value) if isinstance(value, str) else value
            for name, value in super().get_safe_request_meta(request).items()
        }

    def get_safe_cookies(self, request) -> dict:
        """Every cookie's value withheld (the patient's resume secret is one)."""
        return {name: self.cleansed_substitute for name in getattr(request, "COOKIES", {})}

    def get_traceback_frame_variables(self, request, tb_frame):
        """The frames' local names, without their values: a form's data is among them."""
        return {name: self.cleansed_substitute for name in tb_frame.f_locals}.items()


class _RequestShown:
    """The request as the page shows it: the method, and the path without a patient's link."""

    def __init__(self, request) -> None:
        self.path_info = without_link(request.path_info)
        self.META = {"REQUEST_METHOD": request.META.get("REQUEST_METHOD", "")}
        self.GET, self.FILES, self.COOKIES = request.GET, request.FILES, request.COOKIES


class PatientSafeReporter(ExceptionReporter):
    def get_traceback_data(self) -> dict:
        data = super().get_traceback_data()
        if self.request is not None:
            data["request"] = _RequestShown(self.request)
            data["request_insecure_uri"] = without_link(data.get("request_insecure_uri", ""))
        if data.get("exception_value"):
            data["exception_value"] = WITHHELD
        return data
