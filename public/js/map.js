// Progressive map for /peta: when Leaflet loaded, draw the GeoJSON points on the configured base map
// (data-tiles, data-attribution: MAP_TILE_URL and MAP_TILE_ATTRIBUTION). Without JavaScript or
// Leaflet the page stays a plain list; when the tiles cannot load, a message says so and the points stay.
(function () {
  'use strict';
  var el = document.getElementById('peta');
  if (!el || !window.L || !window.fetch) return;
  var text = function (s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  };
  fetch(el.getAttribute('data-src'), { headers: { Accept: 'application/geo+json' } })
    .then(function (r) {
      return r.ok ? r.json() : Promise.reject(r.status);
    })
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
      // One tile lost on a weak connection is no reason to say the map failed: only when no tile
      // has loaded, once the view has settled or after several errors. A tile that loads later
      // takes the message back. data-tiles-settled marks the first settled view (browser tests).
      var loaded = 0;
      var failed = 0;
      var say = function (show) {
        var message = document.getElementById('peta-pesan');
        if (message) message.hidden = !show;
      };
      tiles.on('tileload', function () {
        loaded++;
        say(false);
      });
      tiles.on('tileerror', function () {
        failed++;
        if (loaded === 0 && failed >= 3) say(true);
      });
      tiles.on('load', function () {
        if (loaded === 0 && failed > 0) say(true);
        el.setAttribute('data-tiles-settled', '');
      });
      tiles.addTo(map);
      var layer = window.L.geoJSON(data, {
        pointToLayer: function (f, latlng) {
          return window.L.circleMarker(latlng, { radius: 7, color: f.properties['marker-color'] || '#333', weight: 2, fillOpacity: 0.6 });
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
    .catch(function () {
      /* the list below stays */
    });
})();
