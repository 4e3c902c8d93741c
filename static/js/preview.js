// The handout preview follows the options as they change: choosing a mode or large print
// reloads the framed sheet, updates what "Print handout" will issue, and keeps the choice
// in the address (a reload or a shared link shows the same). No "Update preview" needed.
(function () {
  "use strict";
  const options = document.getElementById("handout-options");
  const issue = document.getElementById("issue-form");
  const frame = document.querySelector("iframe.handout-preview");
  if (!options || !issue || !frame) return;
  options.querySelectorAll("[data-without-js]").forEach((button) => { button.hidden = true; });

  function apply() {
    const data = new FormData(options);
    const mode = data.get("mode") || "filled";
    const largePrint = data.get("large_print") === "on";
    const query = new URLSearchParams({ mode });
    if (largePrint) query.set("large_print", "on");
    if (options.dataset.loadedMode === "blank" && mode !== "blank") {
      // A blank form names no exercise, so the page has no "no version ticked" warning
      // to show yet: load the whole page, which checks again.
      window.location.search = query.toString();
      return;
    }
    frame.src = `${options.dataset.sheetUrl}?${query}`;
    issue.querySelector("input[name='mode']").value = mode;
    issue.querySelector("input[name='large_print']").disabled = !largePrint;
    document.querySelectorAll("[data-hidden-for-mode]").forEach((element) => {
      element.hidden = element.dataset.hiddenForMode === mode;
    });
    window.history.replaceState(null, "", `?${query}`);
  }

  options.addEventListener("change", apply);
  options.addEventListener("submit", (event) => { event.preventDefault(); apply(); });
})();
