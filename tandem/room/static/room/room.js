// A handed-over device locks itself after the practice's idle time without a tap. The server
// keeps the same time (tandem/room/middleware.py) and locks whatever the page does; this timer
// only shows the locked screen without waiting for the next request, and tells the server the
// client is still there while they read or choose (so a slow reader is not locked mid-answer).
(function () {
  "use strict";
  var body = document.body;
  var idle = Number(body.dataset.idleSeconds || 0) * 1000;
  var lockForm = document.getElementById("room-idle-lock");
  if (!idle || !lockForm) return;
  var token = lockForm.querySelector("input[name=csrfmiddlewaretoken]").value;
  var stillHere = body.dataset.stillHere;
  var last = Date.now();
  var told = Date.now();
  var locking = false;

  function activity() {
    last = Date.now();
    if (last - told < 20000) return;
    told = last;
    fetch(stillHere, {
      method: "POST",
      headers: { "X-CSRFToken": token },
      credentials: "same-origin",
    }).then(function (response) {
      if (response.status === 423 || response.status === 404) window.location.reload();
    });
  }

  ["pointerdown", "keydown", "input", "touchstart", "scroll"].forEach(function (name) {
    document.addEventListener(name, activity, { passive: true });
  });
  window.setInterval(function () {
    if (!locking && Date.now() - last >= idle) {
      locking = true;
      lockForm.submit();
    }
  }, 1000);
})();
