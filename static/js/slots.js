// The slot page: after a day is chosen (its link ends in #uhrzeit), focus moves to the heading
// of that day's times, so the next Tab lands on the first time and a screen reader says the
// day. Without JavaScript the browser scrolls there and starts Tab from it where it can.
(function () {
  "use strict";
  if (window.location.hash !== "#uhrzeit") {
    return;
  }
  var target = document.getElementById("uhrzeit");
  if (target) {
    target.focus({ preventScroll: false });
  }
})();
