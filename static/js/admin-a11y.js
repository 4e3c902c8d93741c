// Names and roles Django admin and its add-ons (modeltranslation's language switch,
// tabular inlines, filter_horizontal, select2) leave out, added once the page and
// their scripts have run, and again for each inline row added. Checked by axe-core in
// tests/browser/test_admin_accessibility.py.
(function () {
  "use strict";

  function labelled(field) {
    return field.labels && field.labels.length > 0
      || field.hasAttribute("aria-label") || field.hasAttribute("aria-labelledby");
  }

  function fix(root) {
    // The "all languages" switch modeltranslation adds above the form.
    const main = document.getElementById("modeltranslation-main-switch");
    if (main && !labelled(main)) main.setAttribute("aria-label", "Language of the translated fields");

    // Tabular inlines: one header per column, no label per cell. Each field is named
    // by its column and row.
    root.querySelectorAll(".tabular table").forEach((table) => {
      const headers = Array.from(table.querySelectorAll("thead th")).map(
        (th) => th.textContent.replace(/\s+/g, " ").trim()
      );
      table.querySelectorAll("tbody tr.form-row").forEach((row, index) => {
        Array.from(row.children).forEach((cell) => {
          cell.querySelectorAll("input:not([type='hidden']), select, textarea").forEach((field) => {
            if (labelled(field) && !field.title) return;
            // The cell's column, counted in the header row (the first cell is the original).
            const column = Array.from(row.children).indexOf(cell);
            const header = headers[column] || field.name.split("-").pop();
            field.setAttribute("aria-label", `${header}, row ${index + 1}`);
          });
        });
      });
    });

    // filter_horizontal's help icons carry a label but no role.
    root.querySelectorAll(".help-tooltip[aria-label], .help-tooltip[title]").forEach((icon) => {
      if (!icon.hasAttribute("role")) icon.setAttribute("role", "img");
      if (!icon.hasAttribute("aria-label")) icon.setAttribute("aria-label", icon.title);
    });

    // modeltranslation's language tabs are jQuery UI tabs: each tab (focusable) holds a
    // link (focusable too), two interactive elements nested (axe nested-interactive). The
    // link loses its href and tabindex and becomes plain text: the tab and its panel stay
    // named by it, jQuery UI keeps switching on a click on it and on the tab's keys (arrows
    // move and switch, Enter and Space switch), and the tab itself takes the focus.
    root.querySelectorAll(".ui-tabs-nav [role='tab'] > a.ui-tabs-anchor[href]").forEach((link) => {
      link.removeAttribute("href");
      link.removeAttribute("tabindex");
    });

    // select2 (autocomplete fields): the combobox and its text are named by the label.
    root.querySelectorAll(".select2-selection[role='combobox']").forEach((box) => {
      const container = box.querySelector(".select2-selection__rendered");
      const id = container && container.id.replace(/^select2-/, "").replace(/-container$/, "");
      const label = id && document.querySelector(`label[for='${id}']`);
      if (!label) return;
      if (!label.id) label.id = `${id}-label`;
      box.setAttribute("aria-labelledby", label.id);
      container.setAttribute("aria-labelledby", label.id);
    });
  }

  // Without its href, jQuery UI would take a tab's panel for one to fetch from the server
  // when the tab is switched to; every language's panel is on the page, so there is never
  // anything to fetch. This file runs (defer) before the page's ready handlers build the
  // tabs, so every language tab is made with this load.
  const jq = window.jQuery;
  if (jq && jq.ui && jq.ui.tabs) jq.widget("ui.tabs", jq.ui.tabs, { load() {} });

  // modeltranslation, select2 and "Add another" build their parts after the page loads:
  // each time elements are added, the page is looked over again (attributes only, so
  // this never triggers itself).
  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(() => { pending = false; fix(document); });
  }).observe(document.documentElement, { childList: true, subtree: true });
  fix(document);
})();
