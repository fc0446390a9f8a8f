// Ctrl+Enter (or Cmd+Enter) anywhere on a step page is "Save and continue", wherever the focus
// is: a step whose answers stand as they are is passed with one keystroke. Plain Enter keeps its
// meaning in each field.
(function () {
  "use strict";
  var form = document.getElementById("step-form");
  if (!form) return;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || event.defaultPrevented) return;
    var next = form.querySelector('button[type="submit"][name="action"][value="next"]:not([tabindex="-1"])');
    if (!next) return;
    event.preventDefault();
    if (typeof form.requestSubmit === "function") form.requestSubmit(next);
    else next.click();
  });
})();
