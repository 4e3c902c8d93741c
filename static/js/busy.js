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
});
// A page restored from the back-forward cache gets its buttons back.
window.addEventListener("pageshow", () => {
  document.querySelectorAll("form[data-busy] button[aria-busy]").forEach((button) => {
    button.disabled = false;
    button.removeAttribute("aria-busy");
    button.textContent = button.dataset.label;
  });
});
