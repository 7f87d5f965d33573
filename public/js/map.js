// Progressive map for /peta: when Leaflet loaded, draw the GeoJSON points on the configured base map
// (data-tiles, data-attribution: MAP_TILE_URL and MAP_TILE_ATTRIBUTION). Without JavaScript or
// Leaflet the page stays a plain list; when the tiles cannot load, a message says so and the points stay.
(function () {
  'use strict';
  var el = document.getElementById('peta');
  if (!el || !window.L || !window.fetch) return;
  var colours = { village: '#1d4ed8', potential: '#15803d', project: '#b45309' };
  var text = function (s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  };
  fetch(el.getAttribute('data-src'), { headers: { Accept: 'application/geo+json' } })
    .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
    .then(function (data) {
      if (!data.features || data.features.length === 0) return;
      el.hidden = false;
      el.style.height = '60vh';
      var legend = document.getElementById('peta-legenda');
      if (legend) legend.hidden = false;
      var map = window.L.map(el, { scrollWheelZoom: false });
      var tiles = window.L.tileLayer(el.getAttribute('data-tiles'), {
        maxZoom: 19,
        // Leaflet writes the credit as HTML; the configured one is plain text.
        attribution: text(el.getAttribute('data-attribution') || ''),
      });
      tiles.once('tileerror', function () {
        var message = document.getElementById('peta-pesan');
        if (message) message.hidden = false;
      });
      tiles.addTo(map);
      var layer = window.L.geoJSON(data, {
        pointToLayer: function (f, latlng) {
          return window.L.circleMarker(latlng, { radius: 7, color: colours[f.properties.kind] || '#333', weight: 2, fillOpacity: 0.6 });
        },
        onEachFeature: function (f, l) {
          var a = document.createElement('a');
          a.href = f.properties.url;
          a.textContent = f.properties.name + (f.properties.detail ? ' · ' + f.properties.detail : '');
          l.bindPopup(a);
        },
      }).addTo(map);
      map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 15 });
    })
    .catch(function () { /* the list below stays */ });
})();
