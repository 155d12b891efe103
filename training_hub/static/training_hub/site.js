// Escape closes the disclosure the focus is in (the header's menu on a phone, the
// catalogue's filters) and gives the focus back to its summary. Without this script they
// still open and close with Enter and Space, as every <details> does.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.defaultPrevented || !event.target.closest) return;
    var details = event.target.closest("details[data-escape-closes][open]");
    if (!details) return;
    var summary = details.querySelector(":scope > summary");
    // On a wide screen the stylesheet shows these open and hides the summary: nothing to close.
    if (!summary || getComputedStyle(summary).display === "none") return;
    details.open = false;
    summary.focus();
  });
})();
