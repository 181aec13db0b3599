/* Search map: one numbered pin per result card that has coordinates (data-lat, data-lon,
   data-number). The list below the map stays the accessible version; the map is an addition.
   Redraws the markers after htmx has swapped in new results. */
(function () {
  "use strict";

  function start() {
    var box = document.getElementById("karte");
    if (!box || typeof L === "undefined") { return; }
    box.textContent = "";
    var map = L.map(box, { scrollWheelZoom: false });
    map.attributionControl.setPrefix(false);
    L.tileLayer(box.dataset.tileUrl, {
      maxZoom: 19,
      attribution: box.dataset.attribution
    }).addTo(map);
    var layer = L.layerGroup().addTo(map);

    function draw() {
      layer.clearLayers();
      var points = [];
      var cards = document.querySelectorAll("#ergebnisse [data-lat]");
      Array.prototype.forEach.call(cards, function (card) {
        var lat = parseFloat(card.dataset.lat);
        var lon = parseFloat(card.dataset.lon);
        if (isNaN(lat) || isNaN(lon)) { return; }
        // Numbered pins match the numbers in the list. They are pictures, not controls:
        // overlapping pins would be too small to hit, and the list links do the job.
        var icon = L.divIcon({
          className: "map-pin",
          html: "<span>" + card.dataset.number + "</span>",
          iconSize: [32, 32],
          iconAnchor: [16, 16]
        });
        L.marker([lat, lon], { icon: icon, interactive: false, keyboard: false }).addTo(layer);
        points.push([lat, lon]);
      });
      if (points.length) {
        map.fitBounds(points, { padding: [30, 30], maxZoom: 15 });
      } else {
        map.setView([51.1657, 10.4515], 6);
      }
    }

    draw();
    var pending = false;
    document.body.addEventListener("htmx:afterSettle", function () {
      if (pending) { return; }
      pending = true;
      window.requestAnimationFrame(function () { pending = false; draw(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
