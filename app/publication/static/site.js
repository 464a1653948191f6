// After a search, focus moves to the results heading so that a screen reader reads out how many
// matches there are (the page is a new document: a live region would not be announced).
document.addEventListener("DOMContentLoaded", () => {
  const target = document.querySelector("[data-focus-on-load]");
  if (target) target.focus();
});
