// A table wider than its scroll box says so: a line above the box, shown only while the box
// holds more than it shows (and so changing with the window's width), names the way to the rest.
// The box itself takes the keyboard's focus (tabindex=0), so arrows scroll it.
(function () {
  "use strict";
  var regions = document.querySelectorAll(".scroll-region");
  if (!regions.length) return;
  var cues = [];
  Array.prototype.forEach.call(regions, function (region) {
    var cue = document.createElement("p");
    cue.className = "scroll-cue small mb-1";
    cue.setAttribute("data-testid", "scroll-cue");
    cue.setAttribute("aria-hidden", "true"); // the region's own label says it scrolls
    cue.textContent = "More to the right: scroll this table sideways (or focus it and use the arrow keys) →";
    cue.hidden = true;
    region.parentNode.insertBefore(cue, region);
    cues.push([region, cue]);
  });
  function update() {
    cues.forEach(function (pair) {
      pair[1].hidden = !(pair[0].scrollWidth > pair[0].clientWidth + 1);
    });
  }
  update();
  window.addEventListener("resize", update);
  document.addEventListener("toggle", update, true); // a <details> opened shows its tables
})();
