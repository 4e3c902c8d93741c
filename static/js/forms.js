// Live character counters for text fields with a length limit. The server sends the limit as
// data-maxlength instead of the maxlength attribute, which makes the browser cut pasted text
// without a word; the form then refuses text over the limit with a clear message, and this
// counter says how close the text is before anything is sent.
(function () {
  "use strict";
  const SHOW_FROM = 0.8; // one-line fields show their counter from 80% of the limit
  const number = new Intl.NumberFormat("en-US");

  function counterFor(field) {
    let counter = document.getElementById(`${field.id}-count`);
    if (counter) return counter;
    counter = document.createElement("div");
    counter.id = `${field.id}-count`;
    counter.className = "form-text char-count";
    // The live region speaks only when the text crosses the limit, not on every key.
    const live = document.createElement("span");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    live.id = `${field.id}-count-live`;
    const anchor = field.closest(".input-group") || field;
    anchor.after(counter, live);
    const described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", described ? `${described} ${counter.id}` : counter.id);
    return counter;
  }

  function update(field) {
    const limit = Number(field.dataset.maxlength);
    if (!limit || !field.id) return;
    const length = field.value.trim().length; // the form keeps it trimmed
    const over = length > limit;
    const always = field.tagName === "TEXTAREA";
    const existing = document.getElementById(`${field.id}-count`);
    if (!always && !over && length < limit * SHOW_FROM) {
      if (existing) existing.hidden = true;
      return;
    }
    const counter = counterFor(field);
    counter.hidden = false;
    counter.classList.toggle("text-danger", over);
    counter.classList.toggle("fw-semibold", over);
    counter.textContent = over
      ? `${number.format(length)} characters: ${number.format(length - limit)} over the limit of ${number.format(limit)}. Shorten it before saving.`
      : `${number.format(length)} of ${number.format(limit)} characters`;
    field.classList.toggle("over-limit", over);
    if (over) field.setAttribute("aria-invalid", "true");
    else if (!field.classList.contains("is-invalid")) field.removeAttribute("aria-invalid");
    const wasOver = field.dataset.overLimit === "true";
    if (over !== wasOver) {
      field.dataset.overLimit = String(over);
      const live = document.getElementById(`${field.id}-count-live`);
      if (live) live.textContent = over ? `Over the limit of ${number.format(limit)} characters.` : "Within the limit again.";
    }
  }

  function updateAll(root) {
    root.querySelectorAll("[data-maxlength]").forEach(update);
  }

  // A choice that re-sorts or filters a page (the patient list's "Sort by") applies at once;
  // the page's own button does the same without JavaScript.
  document.addEventListener("change", (event) => {
    const target = event.target;
    if (target.matches && target.matches("select[data-submit-on-change]") && target.form) {
      target.form.requestSubmit();
    }
  });

  document.addEventListener("input", (event) => {
    if (event.target.matches && event.target.matches("[data-maxlength]")) update(event.target);
  });
  // Rows the program editor adds with htmx bring fields of their own.
  document.addEventListener("htmx:afterSettle", () => updateAll(document));
  updateAll(document);
})();
