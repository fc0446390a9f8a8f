// Ctrl+Enter (or Cmd+Enter) anywhere on a step page is "Save and continue", wherever the focus
// is: a step whose answers stand as they are is passed with one keystroke. Alt+Enter (Option+Enter)
// on a step of rows is "Add another", from the row being typed, past the fields left as they are.
// Plain Enter keeps its meaning in each field.
(function () {
  "use strict";
  var form = document.getElementById("step-form");
  if (!form) return;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.defaultPrevented) return;
    if (event.altKey && !event.ctrlKey && !event.metaKey) {
      var add = form.querySelector("[data-add-row]");
      if (!add) return;
      event.preventDefault();
      add.click(); // in place (static/js/step.js): the new row's first field takes the focus
      return;
    }
    if (!(event.ctrlKey || event.metaKey)) return;
    var next = form.querySelector('button[type="submit"][name="action"][value="next"]:not([tabindex="-1"])');
    if (!next) return;
    event.preventDefault();
    if (typeof form.requestSubmit === "function") form.requestSubmit(next);
    else next.click();
  });
})();
