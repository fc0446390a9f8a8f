// A radio group answers to the first letter of its labels, as a closed list (<select>) does:
// "n" checks "No", "n" again the next answer starting with N ("Not assessed"), and so on round.
// The arrow keys keep their meaning; a letter with Ctrl, Alt or Meta is left to the browser.
(function () {
  "use strict";

  function labelOf(radio) {
    var label = radio.labels && radio.labels[0];
    return label ? label.textContent.replace(/\s+/g, " ").trim().toLowerCase() : "";
  }

  document.addEventListener("keydown", function (event) {
    var radio = event.target;
    if (radio.type !== "radio" || !radio.form || event.ctrlKey || event.altKey || event.metaKey) return;
    if (event.key.length !== 1 || !/\p{L}/u.test(event.key)) return;
    var letter = event.key.toLowerCase();
    var group = Array.prototype.filter.call(radio.form.elements, function (element) {
      return element.type === "radio" && element.name === radio.name && !element.disabled;
    });
    var from = group.indexOf(radio);
    for (var step = 1; step <= group.length; step++) {
      var candidate = group[(from + step) % group.length];
      if (labelOf(candidate).charAt(0) === letter) {
        event.preventDefault();
        if (candidate === radio && radio.checked) return;
        candidate.focus();
        candidate.click(); // checks it and fires input and change, as an arrow key does
        return;
      }
    }
  });
})();
