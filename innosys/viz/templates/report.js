/* innosys scenario report: draws the plotly charts; tables are static HTML. */
(function () {
  "use strict";
  var U = window.innosysUtil;
  var data = U.readData();
  var config = {displaylogo: false, responsive: true, modeBarButtonsToRemove: ["select2d", "lasso2d"]};
  var page = {page: "report", ready: false, readyAt: null, data: data, counts: function () { return data.counts; }};
  window.innosys = page;
  Promise.all([
    Plotly.newPlot("curves", data.figures.curves.data, data.figures.curves.layout, config),
    Plotly.newPlot("categories", data.figures.categories.data, data.figures.categories.layout, config)
  ]).then(function () { U.markReady(page); });
})();
