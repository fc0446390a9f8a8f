// A date known to a year, a month or a day may be typed without its dashes ("20240301") or with
// one-digit parts ("2024-3-1"); leaving the field writes it the one way the page shows dates
// ("2024-03-01"), so what is saved is what is seen. The server reads the same forms
// (reviews/answer_forms.py, PartialDateField); anything else is left as typed for it to refuse.
(function () {
  "use strict";
  var COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
  var LOOSE = /^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?$/;

  function canonical(text) {
    var match = COMPACT.exec(text) || LOOSE.exec(text);
    if (!match) return text;
    var parts = [match[1], match[2].padStart(2, "0")];
    if (match[3]) parts.push(match[3].padStart(2, "0"));
    return parts.join("-");
  }

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!field.matches || !field.matches("input[data-partial-date]")) return;
    var written = canonical(field.value.trim());
    if (written !== field.value) {
      field.value = written;
      field.dispatchEvent(new Event("input", { bubbles: true })); // autosaved as typed
    }
  }, true);
})();
