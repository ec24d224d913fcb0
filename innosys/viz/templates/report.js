/* innosys scenario report: draws the plotly charts; tables are static HTML. */
(function () {
  "use strict";
  var U = window.innosysUtil;
  var data = U.readData();
  var config = {displaylogo: false, responsive: true, modeBarButtonsToRemove: ["select2d", "lasso2d"]};
  var page = {page: "report", ready: false, readyAt: null, data: data, counts: function () { return data.counts; },
              maps: []};
  window.innosys = page;
  // Choropleths: one small map per panel; the colours were chosen in Python (innosys/viz/choropleth.py).
  var M = window.innosysMap, box = document.getElementById("maps");
  if (data.maps.map) {
    data.maps.panels.forEach(function (panel) {
      var fig = U.el("figure", {className: "map-panel", dataset: {kind: panel.kind}});
      fig.appendChild(U.el("figcaption", null, panel.title));
      var holder = U.el("div", {className: "map-holder"});
      fig.appendChild(holder);
      var lg = panel.legend;
      fig.appendChild(M.legend(lg.stops, lg.lo, lg.hi, lg.caption));
      fig.appendChild(U.el("div", {className: "credit muted small"}, data.maps.map.credit));  // travels with a PNG of the maps
      box.appendChild(fig);
      page.maps.push(M.draw(holder, data.maps.map, {
        label: panel.title,
        fill: function (id) { return panel.fills[id] || lg.missing; },
        title: function (id) { return panel.titles[id] || null; }
      }));
    });
  }
  Promise.all([
    Plotly.newPlot("curves", data.figures.curves.data, data.figures.curves.layout, config),
    Plotly.newPlot("categories", data.figures.categories.data, data.figures.categories.layout, config)
  ]).then(function () { U.markReady(page); });
})();
