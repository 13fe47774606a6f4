// The dashboard's map: country outlines from the shipped GeoJSON (no tiles, nothing from the
// internet) and one circle per located event. Popups are built with DOM calls and textContent, so
// a summary holding markup stays text.
(function () {
  "use strict";
  var element = document.getElementById("map");
  if (!element || typeof L === "undefined") { return; }
  var map = L.map(element, { worldCopyJump: true, attributionControl: true }).setView([20, 20], 2);
  map.attributionControl.setPrefix("Leaflet · Natural Earth");

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { if (!response.ok) { throw new Error(url + ": " + response.status); } return response.json(); });
  }

  function popup(properties) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = "/events/" + encodeURIComponent(properties.event_id);
    link.textContent = properties.notes || properties.event_id;
    var line = document.createElement("div");
    line.textContent = [properties.event_date || "undated", properties.plover_event, properties.location].filter(Boolean).join(" · ");
    box.appendChild(link);
    box.appendChild(line);
    return box;
  }

  getJSON(element.dataset.countries).then(function (countries) {
    L.geoJSON(countries, { interactive: false, style: { color: "#8a9aa9", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1 } }).addTo(map).bringToBack();
  }).catch(function (error) { element.dataset.error = String(error); });

  getJSON(element.dataset.events).then(function (collection) {
    var markers = L.featureGroup();
    collection.features.forEach(function (feature) {
      var lonlat = feature.geometry.coordinates;
      var disputed = Boolean(feature.properties.disputed || feature.properties.disputed_fields);
      L.circleMarker([lonlat[1], lonlat[0]], {
        radius: 6 + Math.min(6, feature.properties.source_count || 0), color: disputed ? "#922b21" : "#1d2b3a",
        weight: 1.5, fillColor: disputed ? "#e74c3c" : "#2e86c1", fillOpacity: 0.8, className: "event-marker"
      }).bindPopup(popup(feature.properties)).addTo(markers);
    });
    markers.addTo(map);
    element.dataset.markers = String(collection.features.length);
    if (collection.features.length) { map.fitBounds(markers.getBounds().pad(0.5), { maxZoom: 6 }); }
  }).catch(function (error) { element.dataset.error = String(error); });
})();
