// CoupleSafe's own small script. No inline handlers anywhere: the CSP stays strict.
(function () {
  "use strict";

  // Sign-up: guess the time zone from the browser when the field is still at its default.
  function guessTimeZone() {
    var select = document.querySelector("select[data-guess-time-zone]");
    if (!select || select.dataset.guessed) return;
    select.dataset.guessed = "1";
    try {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (zone && select.value === "UTC" && select.querySelector('option[value="' + zone + '"]')) {
        select.value = zone;
      }
    } catch (e) { /* keep UTC */ }
  }

  // Sentence stems: a button with data-stem-for="<textarea id>" puts its stem into the box.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-stem-for]");
    if (!button) return;
    var box = document.getElementById(button.dataset.stemFor);
    if (!box) return;
    event.preventDefault();
    var stem = button.dataset.stem || button.textContent.trim();
    box.value = box.value ? box.value.replace(/\s*$/, " ") + stem + " " : stem + " ";
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  });

  // Live regions poll only while the page is visible (PRODUCT.md: "while the page is visible").
  // Done here rather than in an hx-trigger filter, which would need 'unsafe-eval'.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.hasAttribute("data-poll") && document.visibilityState !== "visible") {
      event.preventDefault();
    }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && window.htmx) {
      document.querySelectorAll("[data-poll]").forEach(function (elt) {
        window.htmx.trigger(elt, "poll-now");
      });
    }
  });

  // A confirm step for buttons that do something big: data-confirm="Question?".
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  document.addEventListener("DOMContentLoaded", guessTimeZone);
  document.addEventListener("htmx:afterSettle", guessTimeZone);
})();

// The navigation's "More" menu is a <details>: it works without this script. With it, Escape
// closes the menu (focus back on "More") and a tap or click elsewhere closes it too.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var menu = document.querySelector("details[data-nav-more][open]");
    if (!menu) return;
    menu.open = false;
    menu.querySelector("summary").focus();
  });
  document.addEventListener("click", function (event) {
    var menu = document.querySelector("details[data-nav-more][open]");
    if (menu && !menu.contains(event.target)) menu.open = false;
  });
})();
