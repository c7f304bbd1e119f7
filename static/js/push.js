// Turning Web Push on for this device (Settings → Notifications). No inline script: the CSP
// stays strict. The page carries the server's public key and the URL to post the
// subscription to as data attributes on the [data-push] element.
(function () {
  "use strict";

  function b64ToBytes(text) {
    var padded = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function say(box, text) {
    var status = box.querySelector("[data-push-status]");
    if (status) status.textContent = text;
  }

  // A name for the device list when the person was not asked for one ("Android phone").
  function guessName() {
    var agent = navigator.userAgent;
    var kinds = [
      [/iPhone/, "iPhone"], [/iPad/, "iPad"], [/Android/, "Android"],
      [/Mac OS X/, "Mac"], [/Windows/, "Windows"], [/CrOS/, "Chromebook"], [/Linux/, "Linux"],
    ];
    for (var i = 0; i < kinds.length; i++) {
      if (kinds[i][0].test(agent)) return kinds[i][1];
    }
    return "";
  }

  async function turnOn(box) {
    if (!("serviceWorker" in navigator) || !("PushManager" in window)) {
      say(box, box.dataset.unsupported);
      return;
    }
    var permission = await Notification.requestPermission();
    if (permission !== "granted") {
      say(box, box.dataset.denied);
      return;
    }
    say(box, box.dataset.working || "");
    var registration = await navigator.serviceWorker.ready;
    // The browser asks its own push service for an address; if that service cannot be reached
    // (no network, a blocked company network) the promise may never settle: say so after 30 s.
    var subscription = await Promise.race([
      registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: b64ToBytes(box.dataset.key),
      }),
      new Promise(function (resolve, reject) {
        setTimeout(function () { reject(new Error("timeout")); }, 30000);
      }),
    ]);
    var body = subscription.toJSON();
    body.name = (box.querySelector("[name=device_name]") || {}).value || guessName();
    var response = await fetch(box.dataset.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": box.dataset.csrf },
      body: JSON.stringify(body),
    });
    if (response.ok && box.dataset.done) {
      // Offered on another page ("Get a nudge when … answers?"): say so and stay here.
      var button = box.querySelector("[data-push-on]");
      if (button) button.hidden = true;
      say(box, box.dataset.done);
    } else if (response.ok) {
      window.location.reload();
    } else {
      var answer = await response.json().catch(function () { return {}; });
      say(box, answer.error || box.dataset.failed);
    }
  }

  // "Get a nudge when … answers?" belongs to the moment it was offered: when the page's live
  // region moves on (the partner answered), the offer goes.
  var region = document.querySelector("[data-moment]");
  var offered = region && region.dataset.moment;
  document.addEventListener("htmx:afterSettle", function () {
    var now = document.querySelector("[data-moment]");
    if (!offered || !now || now.dataset.moment === offered) return;
    document.querySelectorAll("[data-push][data-done]").forEach(function (box) {
      box.hidden = true;
    });
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-push-on]");
    if (!button) return;
    var box = button.closest("[data-push]");
    if (!box) return;
    event.preventDefault();
    button.disabled = true;  // one subscription at a time
    turnOn(box)
      .catch(function () { say(box, box.dataset.failed); })
      .finally(function () { button.disabled = false; });
  });
})();
