// Progressive map for /peta: when Leaflet loaded, draw the GeoJSON points on OpenStreetMap tiles.
// Without JavaScript, Leaflet or tiles the page stays a plain list.
(function () {
  'use strict';
  var el = document.getElementById('peta');
  if (!el || !window.L || !window.fetch) return;
  var colours = { village: '#1d4ed8', potential: '#15803d', project: '#b45309' };
  fetch(el.getAttribute('data-src'), { headers: { Accept: 'application/geo+json' } })
    .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
    .then(function (data) {
      if (!data.features || data.features.length === 0) return;
      el.hidden = false;
      el.style.height = '60vh';
      var map = window.L.map(el, { scrollWheelZoom: false });
      window.L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
        maxZoom: 19,
        attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
      }).addTo(map);
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
