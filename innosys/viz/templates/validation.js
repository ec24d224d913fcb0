/* innosys validation page: one plotly chart per case; tables are static HTML. */
(function () {
  "use strict";
  var U = window.innosysUtil;
  var data = U.readData();
  var config = {displaylogo: false, responsive: true, modeBarButtonsToRemove: ["select2d", "lasso2d"]};
  var page = {page: "validation", ready: false, readyAt: null, data: data, counts: function () { return data.counts; }};
  window.innosys = page;
  Promise.all(data.figures.map(function (f) {
    return Plotly.newPlot(f.id, f.data, f.layout, config);
  })).then(function () { U.markReady(page); });
})();
