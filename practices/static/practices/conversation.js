// Guided conversations. Loaded by templates/practices/conversation.html (no inline script).
(function () {
  "use strict";
  // The app's htmx convention: a conflict (409) carries a partial explaining what happened
  // and keeping the person's words; htmx does not swap 4xx by default, so let it here.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.status === 409 && event.detail.elt.closest("[data-conversation]")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
