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
    var registration = await navigator.serviceWorker.ready;
    var subscription = await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: b64ToBytes(box.dataset.key),
    });
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

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-push-on]");
    if (!button) return;
    var box = button.closest("[data-push]");
    if (!box) return;
    event.preventDefault();
    turnOn(box).catch(function () { say(box, box.dataset.failed); });
  });
})();
