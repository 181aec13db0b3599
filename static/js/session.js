/* Staff sessions end after some idle minutes (SessionTimeoutMiddleware). Shortly before, show
   the warning with "Angemeldet bleiben"; the button pings the server, which counts as activity.
   When the time is up, reload: the server then shows the login page, and nothing personal stays
   on the screen. Without JavaScript the server logs out all the same. */
(function () {
  var box = document.getElementById("sitzung-warnung");
  if (!box) { return; }
  var idle = Number(box.dataset.idleSeconds) * 1000;
  var warning = Number(box.dataset.warningSeconds) * 1000;
  var form = box.querySelector("form");
  var timers = [];

  function start() {
    timers.forEach(clearTimeout);
    timers = [
      setTimeout(function () {
        box.hidden = false;
        box.querySelector("button").focus();
      }, idle - warning),
      // A few seconds late, so that the server surely counts the time as over.
      setTimeout(function () { window.location.reload(); }, idle + 5000),
    ];
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
    }).then(function (response) {
      if (response.status === 204) {
        box.hidden = true;
        start();
      } else {
        window.location.reload();
      }
    }, function () { window.location.reload(); });
  });

  start();
})();
