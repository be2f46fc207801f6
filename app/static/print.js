// Buttons marked data-print open the browser's print dialog (no inline handlers:
// the content security policy runs scripts from files only).
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}
