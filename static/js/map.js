/* Search map: one numbered pin per result card that has coordinates (data-lat, data-lon,
   data-number, data-name, data-url). The list stays the accessible version; the map is an
   addition behind "Karte zeigen" (details#karte-bereich). On wide screens it opens at once; on
   phones the list comes first and the map, with its tiles, loads only when it is opened.
   Pins are 44 px targets that open a link to the offer; close pins are grouped
   (leaflet.markercluster) into a circle with their count, which zooms in when tapped.
   Redraws the pins after htmx has swapped in new results. */
(function () {
  "use strict";

  var WIDE = "(min-width: 48em)";
  var PIN = 44;

  function start() {
    var details = document.getElementById("karte-bereich");
    var box = document.getElementById("karte");
    if (!details || !box || typeof L === "undefined" || !L.markerClusterGroup) { return; }
    var map = null;
    var layer = null;
    var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

    function pin(card) {
      var icon = L.divIcon({
        className: "map-pin",
        html: "<span>" + card.dataset.number.replace(/\D/g, "") + "</span>",
        iconSize: [PIN, PIN],
        iconAnchor: [PIN / 2, PIN / 2]
      });
      var marker = L.marker([parseFloat(card.dataset.lat), parseFloat(card.dataset.lon)], {
        icon: icon,
        title: card.dataset.number + ". " + card.dataset.name,
        alt: card.dataset.number + ". " + card.dataset.name,
        riseOnHover: true
      });
      // Built as elements, so a name is never read as HTML.
      var link = document.createElement("a");
      link.href = card.dataset.url;
      link.textContent = card.dataset.number + ". " + card.dataset.name;
      marker.bindPopup(link);
      return marker;
    }

    function draw() {
      if (!map) { return; }
      layer.clearLayers();
      var markers = [];
      var cards = document.querySelectorAll("#ergebnisse [data-lat]");
      Array.prototype.forEach.call(cards, function (card) {
        if (isNaN(parseFloat(card.dataset.lat)) || isNaN(parseFloat(card.dataset.lon))) { return; }
        markers.push(pin(card));
      });
      layer.addLayers(markers);
      if (markers.length) {
        map.fitBounds(layer.getBounds(), { padding: [PIN, PIN], maxZoom: 15 });
      } else {
        map.setView([51.1657, 10.4515], 6);
      }
    }

    function open() {
      if (map) { map.invalidateSize(); return; }
      box.textContent = "";
      map = L.map(box, { scrollWheelZoom: false, zoomAnimation: !still, fadeAnimation: !still });
      map.attributionControl.setPrefix(false);
      L.tileLayer(box.dataset.tileUrl, {
        maxZoom: 19,
        attribution: box.dataset.attribution
      }).addTo(map);
      layer = L.markerClusterGroup({
        showCoverageOnHover: false,
        animate: !still,
        maxClusterRadius: 48,
        iconCreateFunction: function (cluster) {
          var count = cluster.getChildCount();
          return L.divIcon({
            className: "map-cluster",
            // The count is the button's name, with the words the page gives for it
            // (data-group-label: "Angebote an dieser Stelle, vergrößern").
            html: "<span>" + count + "<span class=\"visually-hidden\"> " +
              (box.dataset.groupLabel || "").replace(/[<>&"]/g, "") + "</span></span>",
            iconSize: [PIN, PIN],
            iconAnchor: [PIN / 2, PIN / 2]
          });
        }
      });
      map.addLayer(layer);
      draw();
    }

    details.addEventListener("toggle", function () { if (details.open) { open(); } });
    if (window.matchMedia(WIDE).matches) { details.open = true; }
    if (details.open) { open(); }

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
