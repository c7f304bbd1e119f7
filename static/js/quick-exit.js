// Quick exit (PRODUCT.md "Safety first"): a button and Escape pressed twice replace the page
// with a neutral site using location.replace, so Back does not return here. Loaded in <head>,
// before the page is drawn: if this tab left through a quick exit and Back (or Forward)
// brings a page of ours up again, it leaves again before anything shows. An ordinary visit
// (a link, a typed address, signing in) clears the mark. No inline code: the CSP stays strict.
(function () {
  "use strict";
  var KEY = "couplesafe-quick-exit";
  var meta = document.querySelector('meta[name="quick-exit-url"]');
  if (!meta) return;
  var target = meta.getAttribute("content") || "about:blank";

  function leave() {
    try { window.sessionStorage.setItem(KEY, "1"); } catch (e) { /* private mode */ }
    document.documentElement.classList.add("leaving");
    window.location.replace(target);
  }
  function leaveAgainIfExited() {
    var exited = false;
    try { exited = window.sessionStorage.getItem(KEY) === "1"; } catch (e) { /* none */ }
    if (exited) {
      document.documentElement.classList.add("leaving");
      window.location.replace(target);
    }
    return exited;
  }

  var navigation = window.performance && performance.getEntriesByType
    ? performance.getEntriesByType("navigation")[0] : null;
  if (navigation && navigation.type === "back_forward") {
    leaveAgainIfExited();
  } else {
    try { window.sessionStorage.removeItem(KEY); } catch (e) { /* none */ }
  }
  // A page restored from the back-forward cache runs no script again; pageshow still fires.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) leaveAgainIfExited();
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-quick-exit]");
    if (!link) return;
    event.preventDefault();
    leave();
  });
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var now = Date.now();
    if (now - lastEscape < 1000) {
      leave();
    }
    lastEscape = now;
  });
})();
