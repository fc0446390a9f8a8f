// The drug field completes a name as it is typed, when the letters so far begin one known name
// only (of the table the server recognises, served as the page's list of names): "sert" shows
// "sertraline" with the added letters selected, so that the next letter typed replaces them and
// Tab keeps them. Three letters at least; nothing is completed while deleting or mid-word.
(function () {
  "use strict";
  var list = document.getElementById("known-drugs");
  if (!list) return;
  var names = Array.prototype.map.call(list.options, function (option) { return option.value; });
  var MIN_LETTERS = 3;

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!field.getAttribute || field.getAttribute("list") !== "known-drugs") return;
    if (event.inputType !== "insertText") return;
    var typed = field.value;
    if (typed.trim().length < MIN_LETTERS || field.selectionStart !== typed.length) return;
    var start = typed.toLowerCase();
    var matches = names.filter(function (name) { return name.toLowerCase().indexOf(start) === 0; });
    if (matches.length !== 1 || matches[0].length === typed.length) return;
    field.value = typed + matches[0].slice(typed.length);
    field.setSelectionRange(typed.length, field.value.length, "backward");
  });
})();
