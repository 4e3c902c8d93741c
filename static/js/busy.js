// Slow forms (rendering a PDF takes a second or two): on submit, disable the button and
// say what is happening, so nobody clicks twice. Used by forms with data-busy="text".
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.matches("form[data-busy]")) return;
  const button = form.querySelector("button[type=submit]");
  if (!button) return;
  button.dataset.label = button.textContent;
  button.disabled = true;
  button.innerHTML = '<span class="spinner-border spinner-border-sm me-2" aria-hidden="true"></span>';
  button.append(form.dataset.busy);
  button.setAttribute("aria-busy", "true");
  if (form.target === "_blank") {
    // The answer opens in a new tab and this page stays: say so here, and give the
    // button back once the person comes back to this tab (or after a few seconds).
    const status = form.querySelector("[role=status]");
    if (status && form.dataset.opened) status.textContent = form.dataset.opened;
    const restore = () => {
      document.removeEventListener("visibilitychange", onVisible);
      if (!button.hasAttribute("aria-busy")) return;
      button.disabled = false;
      button.removeAttribute("aria-busy");
      button.textContent = button.dataset.label;
    };
    const onVisible = () => { if (document.visibilityState === "visible") restore(); };
    document.addEventListener("visibilitychange", onVisible);
    window.setTimeout(restore, 5000);
  }
});
// A page restored from the back-forward cache gets its buttons back.
window.addEventListener("pageshow", () => {
  document.querySelectorAll("form[data-busy] button[aria-busy]").forEach((button) => {
    button.disabled = false;
    button.removeAttribute("aria-busy");
    button.textContent = button.dataset.label;
  });
});
