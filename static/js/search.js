/* Search page with htmx: leave empty filters out of the request, so the address that Back and
   bookmarks keep stays short ("?q=Chor&kostenlos=on" instead of every empty field). */
document.addEventListener("htmx:configRequest", function (event) {
  var params = event.detail.parameters;
  var empty = [];
  if (params && typeof params.forEach === "function") {
    params.forEach(function (value, key) { if (value === "") { empty.push(key); } });
    empty.forEach(function (key) { params.delete(key); });
  }
});
