// The program editor: add rows (htmx), reorder by drag or buttons, remove with undo, fold
// rows to one line, check each number as it is typed, and keep the time estimate current.
// No inline script: everything is wired here.
(function () {
  "use strict";
  const form = document.getElementById("program-form");
  if (!form) return;
  const list = document.getElementById("items");
  const total = form.querySelector("input[name='items-TOTAL_FORMS']");
  const empty = document.getElementById("items-empty");
  const minutes = document.getElementById("minutes");
  const search = document.getElementById("search-q");
  const results = document.getElementById("search-results");
  const maxItems = Number(list.dataset.maxItems);
  // The estimate's constants, from programs.models by way of the page.
  const secondsPerMove = Number(list.dataset.secondsPerMove);
  const secondsBetweenSets = Number(list.dataset.secondsBetweenSets);
  // The program's week (0: the first): a dose that grows counts that week's number.
  const week = Number(list.dataset.week || 0);
  // The dose fields a progression's number stands for (programs.models.GROWN_FIELDS).
  const GROWN = {
    reps: ["reps"],
    hold: ["hold_min_seconds", "hold_max_seconds"],
    minutes: ["stay_minutes"],
    sets: ["sets"],
  };
  const HOLD_ORDER = "The second hold number must be at least the first.";
  let dirty = false;

  // Said to screen readers when focus stays in the search after adding a row.
  const status = document.createElement("div");
  status.className = "visually-hidden";
  status.setAttribute("aria-live", "polite");
  form.append(status);

  const rows = () => Array.from(list.querySelectorAll(".item-row"));
  const isRemoved = (row) => row.querySelector("input[name$='-DELETE']").checked;
  const liveRows = () => rows().filter((row) => !isRemoved(row));
  const exerciseOf = (row) => row.querySelector("input[name$='-exercise']").value;

  // A number input's value, or null when empty; NaN when it is not a whole number.
  function numberIn(row, name) {
    const input = row.querySelector(`[data-dose='${name}']`);
    if (!input || input.value.trim() === "") return input && input.validity.badInput ? NaN : null;
    const value = Number(input.value);
    return Number.isInteger(value) ? value : NaN;
  }

  // The same rules as ProgramItemForm, with its messages: whole numbers within bounds,
  // sets required, and a hold range that does not run backwards.
  function checkRow(row) {
    let valid = true;
    row.querySelectorAll("input[data-dose]").forEach((input) => {
      const value = numberIn(row, input.dataset.dose);
      let message = "";
      const outOfRange = value !== null && (Number.isNaN(value)
        || value < Number(input.min) || value > Number(input.max));
      if (outOfRange || (value === null && input.dataset.dose === "sets")) {
        message = input.dataset.message;
      } else if (input.dataset.dose === "hold_max_seconds") {
        const low = numberIn(row, "hold_min_seconds");
        if (value !== null && low !== null && !Number.isNaN(low) && low > value) message = HOLD_ORDER;
      }
      showMessage(input, message);
      if (message) valid = false;
    });
    return valid;
  }

  function showMessage(input, message) {
    const id = `${input.id}_error`;
    let feedback = document.getElementById(id);
    if (!message) {
      // Server messages stay until the number is changed; then the live check decides.
      if (feedback && input.dataset.touched) feedback.remove();
      if (input.dataset.touched) {
        input.classList.remove("is-invalid");
        input.removeAttribute("aria-invalid");
      }
      return;
    }
    if (!feedback) {
      feedback = document.createElement("div");
      feedback.className = "invalid-feedback";
      feedback.id = id;
      input.after(feedback);
    }
    feedback.textContent = message;
    input.classList.add("is-invalid");
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", id);
  }

  // A progression's field, by its name's end ("grow_start"), or null when empty or wrong.
  function growIn(row, name) {
    const input = row.querySelector(`[name$='-${name}']`);
    if (!input || input.value.trim() === "") return null;
    const value = Number(input.value);
    return Number.isInteger(value) && value >= 1 ? value : null;
  }

  // This week's number of a row's progression (library.models.number_in_week), as
  // {fields, number}, or null without a whole progression.
  function grownThisWeek(row) {
    const grows = row.querySelector("[name$='-grows']");
    const fields = grows && GROWN[grows.value];
    if (!fields) return null;
    const [start, step, every, upTo] = ["grow_start", "grow_step", "grow_every_weeks", "grow_up_to"]
      .map((name) => growIn(row, name));
    if ([start, step, every, upTo].includes(null) || upTo <= start) return null;
    return { fields, number: Math.min(start + step * Math.floor(week / every), upTo) };
  }

  // Same formula as programs.models.estimate_seconds, with this week's number of a dose
  // that grows (programs.models.dose_in_week).
  function rowSeconds(row) {
    const grown = grownThisWeek(row);
    const value = (name) => (grown && grown.fields.includes(name) ? grown.number : numberIn(row, name));
    let seconds = 0;
    const reps = value("reps");
    if (reps) {
      const sets = value("sets") || 1;
      const sides = row.querySelector("[data-dose='side']").value ? 2 : 1;
      const perRep = (value("hold_max_seconds") || 0) + secondsPerMove;
      seconds += perRep * reps * sides * sets + secondsBetweenSets * (sets - 1);
    }
    seconds += (value("stay_minutes") || 0) * 60;
    return seconds;
  }

  // The folded row's line: "10 times with each leg · hold 2–3 s · 2 sets".
  function summary(row) {
    const parts = [];
    const reps = numberIn(row, "reps");
    const side = row.querySelector("[data-dose='side']");
    const low = numberIn(row, "hold_min_seconds");
    const high = numberIn(row, "hold_max_seconds");
    const sets = numberIn(row, "sets");
    const stay = numberIn(row, "stay_minutes");
    if (reps) {
      const times = reps === 1 ? "once" : `${reps} times`;
      parts.push(side.value ? `${times} ${side.selectedOptions[0].text}` : times);
    }
    if (low !== null || high !== null) {
      const shown = low === high || high === null ? `${low}` : low === null ? `${high}` : `${low}–${high}`;
      parts.push(`hold ${shown} s`);
    }
    if (sets && sets > 1) parts.push(`${sets} sets`);
    if (stay) parts.push(`${stay} min`);
    return parts.length ? parts.join(" · ") : "No dose set";
  }

  function refresh() {
    let order = 1;
    let seconds = 0;
    let valid = true;
    for (const row of rows()) {
      row.querySelector("input[name$='-ORDER']").value = order++;
      if (isRemoved(row)) continue;
      if (!checkRow(row)) valid = false;
      seconds += rowSeconds(row);
      row.querySelector("[data-summary]").textContent = summary(row);
    }
    minutes.textContent = valid ? Math.round(seconds / 60) : "—";
    minutes.title = valid ? "" : "Fix the numbers marked in red to see the estimate.";
    empty.classList.toggle("d-none", liveRows().length > 0);
    markResults();
  }

  // Search results say which exercises are in the program already, rows saved or not.
  function markResults() {
    const chosen = new Set(liveRows().map(exerciseOf));
    results.querySelectorAll(".search-result").forEach((result) => {
      // A clinic's customised copy is in the program when a row holds its base exercise.
      const same = (result.dataset.sameAs || result.dataset.exercise).split(" ");
      result.classList.toggle("in-program", same.some((id) => chosen.has(id)));
    });
  }

  function fold(row, folded) {
    const body = row.querySelector(".item-body");
    const button = row.querySelector("[data-fold]");
    body.hidden = folded;
    button.setAttribute("aria-expanded", String(!folded));
    button.querySelector("[data-fold-label]").textContent = folded ? "Edit" : "Fold";
  }

  function move(row, direction) {
    const sibling = direction === "up" ? row.previousElementSibling : row.nextElementSibling;
    if (!sibling) return;
    if (direction === "up") list.insertBefore(row, sibling);
    else list.insertBefore(sibling, row);
    row.querySelector(`[data-move='${direction}']`).focus();
    dirty = true;
    refresh();
  }

  function setRemoved(row, removed) {
    row.querySelector("input[name$='-DELETE']").checked = removed;
    row.querySelector(".item-fields").hidden = removed;
    row.querySelector(".removed-bar").hidden = !removed;
    row.querySelector(removed ? "[data-undo]" : "[data-remove]").focus();
    dirty = true;
    refresh();
  }

  list.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    const row = button.closest(".item-row");
    if (button.dataset.move) move(row, button.dataset.move);
    else if (button.hasAttribute("data-remove")) setRemoved(row, true);
    else if (button.hasAttribute("data-undo")) setRemoved(row, false);
    else if (button.hasAttribute("data-fold")) {
      const folded = button.getAttribute("aria-expanded") === "true";
      fold(row, folded);
      if (!folded) {
        const first = row.querySelector(".item-body input[type='number']");
        if (first) first.focus();
      }
    }
  });
  form.querySelectorAll("[data-fold-all]").forEach((button) => {
    button.addEventListener("click", () => {
      liveRows().forEach((row) => fold(row, button.dataset.foldAll === "true"));
    });
  });

  form.addEventListener("input", (event) => {
    if (event.target.closest("#exercise-finder")) return;
    if (event.target.dataset.dose) event.target.dataset.touched = "true";
    if (event.target.matches("[data-caution-reason]")) {
      const state = event.target.closest("[data-caution]").querySelector("[data-reason-state]");
      state.textContent = event.target.value.trim() ? "kept with a reason" : "reason needed";
    }
    dirty = true;
    refresh();
  });
  form.addEventListener("change", (event) => {
    if (event.target.dataset.dose === "side" || event.target.matches("[name$='-grows']")) refresh();
  });
  form.addEventListener("submit", () => { dirty = false; });
  window.addEventListener("beforeunload", (event) => {
    if (dirty) event.preventDefault();
  });

  // The session ended (rehab/middleware.py): htmx would open the login page and the rows
  // typed here would be lost. Unsaved changes are posted instead; the server keeps them
  // for this user and offers them back after the login (rehab/kept.py).
  document.body.addEventListener("htmx:beforeOnLoad", (event) => {
    const xhr = event.detail.xhr;
    if (!dirty || !xhr || !xhr.getResponseHeader("HX-Redirect")) return;
    event.preventDefault();
    dirty = false;
    form.submit();
  });

  // Enter in the search adds the first result of the words typed (the search sits inside
  // the program's form, so it must not save it). When those words' results are not ready
  // (typed and pressed at once, or a search in flight), it waits for them: the results
  // count as ready once htmx has settled them, as only then do their Add buttons work.
  let addWhenReady = null;
  function addFirstResult() {
    const first = results.querySelector("[data-add-item]");
    if (first) first.click();
  }
  search.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    const words = search.value.trim();
    if (results.dataset.query === words && results.dataset.pending === undefined) {
      addWhenReady = null;
      addFirstResult();
      return;
    }
    addWhenReady = words;
    window.htmx.trigger(search, "search");
  });

  // Enter in a dose, note or reason field moves on, never submits the whole program.
  list.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.matches("input")) event.preventDefault();
  });

  // The new row's form index is the current TOTAL_FORMS, sent with the "Add" request.
  // Requests that may suggest safer exercises, and the search, also send the exercises
  // already in the program: none is suggested twice, and results say what is there.
  document.body.addEventListener("htmx:configRequest", (event) => {
    const elt = event.detail.elt;
    if (elt.hasAttribute("data-add-item")) {
      event.detail.parameters.index = total.value;
    }
    const sends = ["data-add-item", "data-replace-item", "data-alternatives", "data-exercise-search"];
    if (sends.some((a) => elt.hasAttribute(a))) {
      event.detail.parameters.in_program = liveRows().map(exerciseOf);
    }
    if (elt.hasAttribute("data-exercise-search")) {
      results.dataset.pending = (event.detail.parameters.q || "").trim();
    }
  });
  document.body.addEventListener("htmx:afterSettle", (event) => {
    if (event.detail.target !== results) return;
    results.dataset.query = results.dataset.pending || "";
    delete results.dataset.pending;
    if (addWhenReady !== null && addWhenReady === results.dataset.query) {
      addWhenReady = null;
      addFirstResult();
    } else if (document.activeElement === search) {
      keepSearchInView();  // a late answer for the words may have moved the page
    }
  });
  // After htmx swaps rows in: "Add" appends a row (or a "program is full" message) to the
  // list, the swap's target; "Use instead" on a cautioned row swaps in a new row with the
  // same form index in the same place, and htmx fires the event on that new row.
  document.body.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target === results) {
      markResults();
      return;
    }
    let row;
    let added = false;
    if (event.detail.target === list) {
      list.querySelectorAll("[data-row-error]").forEach((error, index, all) => {
        if (index < all.length - 1 || rows().length < maxItems) error.remove();
      });
      total.value = rows().length;
      row = rows().at(-1);
      added = event.detail.requestConfig && event.detail.requestConfig.elt
        && event.detail.requestConfig.elt.closest("#search-results");
      // Added from the search: the search stays in view (below); otherwise the new row.
      if (row && !added) row.scrollIntoView({ block: "nearest" });
    } else if (event.target instanceof Element && event.target.matches(".item-row")
               && event.target.parentElement === list) {
      row = event.target;
    } else {
      return;
    }
    dirty = true;
    refresh();
    if (added && row) {
      keepSearchInView();
      // Straight back to the search, words selected, to type the next exercise.
      status.textContent = `Added ${row.dataset.name}. Its dose can be changed in the list.`;
      search.focus();
      search.select();
      return;
    }
    const first = row && row.querySelector("input[type='number']");
    if (first) first.focus();
  });

  // Scrolls the search back into view, below the sticky bar, when a row added from it
  // pushed it out. Measured after refresh(): the bar's height follows its estimate's text.
  function keepSearchInView() {
    const barElement = form.querySelector(".editor-bar");
    const bar = barElement.getBoundingClientRect();
    const box = search.getBoundingClientRect();
    if (box.top < bar.bottom || box.bottom > window.innerHeight) {
      // Where the bar sticks (its CSS top, below the site's header) plus its height.
      const stuckAt = parseFloat(getComputedStyle(barElement).top) || 0;
      search.style.scrollMarginTop = `${stuckAt + bar.height + 8}px`;
      search.scrollIntoView({ block: "start", behavior: "instant" });
    }
  }

  // The bar grows when its text wraps after an add (the estimate, at 390 px): the search
  // it may now cover is brought back below it while the therapist is typing there.
  if (window.ResizeObserver) {
    new ResizeObserver(() => {
      if (document.activeElement === search) keepSearchInView();
    }).observe(form.querySelector(".editor-bar"));
  }

  if (window.Sortable) {
    window.Sortable.create(list, {
      handle: ".drag-handle",
      animation: 150,
      onEnd: () => { dirty = true; refresh(); },
    });
  }
  refresh();
})();
