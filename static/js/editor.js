// The program editor: add rows (htmx), reorder by drag or buttons, remove with undo,
// and keep the time estimate current. No inline script: everything is wired here.
(function () {
  "use strict";
  const form = document.getElementById("program-form");
  if (!form) return;
  const list = document.getElementById("items");
  const total = form.querySelector("input[name='items-TOTAL_FORMS']");
  const empty = document.getElementById("items-empty");
  const minutes = document.getElementById("minutes");
  const maxItems = Number(list.dataset.maxItems);
  // The estimate's constants, from programs.models by way of the page.
  const secondsPerMove = Number(list.dataset.secondsPerMove);
  const secondsBetweenSets = Number(list.dataset.secondsBetweenSets);
  let dirty = false;

  const rows = () => Array.from(list.querySelectorAll(".item-row"));
  const isRemoved = (row) => row.querySelector("input[name$='-DELETE']").checked;

  // Same formula as programs.models.estimate_seconds.
  function rowSeconds(row) {
    const value = (name) => {
      const input = row.querySelector(`[data-dose='${name}']`);
      return input && input.value !== "" ? Number(input.value) : null;
    };
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

  function refresh() {
    let order = 1;
    let seconds = 0;
    for (const row of rows()) {
      row.querySelector("input[name$='-ORDER']").value = order++;
      if (!isRemoved(row)) seconds += rowSeconds(row);
    }
    minutes.textContent = Math.round(seconds / 60);
    empty.classList.toggle("d-none", rows().some((row) => !isRemoved(row)));
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
  });
  form.addEventListener("input", () => { dirty = true; refresh(); });
  form.addEventListener("submit", () => { dirty = false; });
  window.addEventListener("beforeunload", (event) => {
    if (dirty) event.preventDefault();
  });

  // The new row's form index is the current TOTAL_FORMS, sent with the "Add" request.
  // Requests that may suggest safer exercises also send the exercises already in the
  // program, so none of them is suggested twice.
  document.body.addEventListener("htmx:configRequest", (event) => {
    const elt = event.detail.elt;
    if (elt.hasAttribute("data-add-item")) {
      event.detail.parameters.index = total.value;
    }
    if (["data-add-item", "data-replace-item", "data-alternatives"].some((a) => elt.hasAttribute(a))) {
      event.detail.parameters.in_program = rows()
        .filter((row) => !isRemoved(row))
        .map((row) => row.querySelector("input[name$='-exercise']").value);
    }
  });
  // After htmx swaps rows in: "Add" appends a row (or a "program is full" message) to the
  // list, the swap's target; "Use instead" on a cautioned row swaps in a new row with the
  // same form index in the same place, and htmx fires the event on that new row.
  document.body.addEventListener("htmx:afterSwap", (event) => {
    let row;
    if (event.detail.target === list) {
      list.querySelectorAll("[data-row-error]").forEach((error, index, all) => {
        if (index < all.length - 1 || rows().length < maxItems) error.remove();
      });
      total.value = rows().length;
      row = rows().at(-1);
      if (row) row.scrollIntoView({ block: "nearest" });
    } else if (event.target instanceof Element && event.target.matches(".item-row")
               && event.target.parentElement === list) {
      row = event.target;
    } else {
      return;
    }
    dirty = true;
    refresh();
    const first = row && row.querySelector("input[type='number']");
    if (first) first.focus();
  });

  if (window.Sortable) {
    window.Sortable.create(list, {
      handle: ".drag-handle",
      animation: 150,
      onEnd: () => { dirty = true; refresh(); },
    });
  }
  refresh();
})();
