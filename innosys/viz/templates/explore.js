/* innosys exploration page: draws the plotly charts listed in the data; tables are static HTML. */
(function () {
  "use strict";
  var U = window.innosysUtil;
  var data = U.readData();
  var config = {displaylogo: false, responsive: true, modeBarButtonsToRemove: ["select2d", "lasso2d"]};
  var page = {page: "explore", ready: false, readyAt: null, data: data, counts: function () { return data.counts; }};
  window.innosys = page;
  // every chart's box first, then the charts: plotly sizes a chart by its box when it draws it
  var charts = [];
  ["sobol", "morris", "scatter"].forEach(function (group) {
    var box = document.getElementById(group);
    data.figures[group].forEach(function (fig, i) {
      var div = U.el("div", {id: group + "-" + i, className: "chart" + (fig.wide ? " wide" : ""),
                             "aria-label": group + " chart " + (i + 1)});
      box.appendChild(div);
      charts.push([div, fig]);
    });
  });
  var drawing = charts.map(function (c) { return Plotly.newPlot(c[0], c[1].data, c[1].layout, config); });
  if (data.figures.prim) {
    drawing.push(Plotly.newPlot("prim", data.figures.prim.data, data.figures.prim.layout, config));
  } else {
    document.getElementById("prim").remove();
  }
  Promise.all(drawing).then(function () { U.markReady(page); });
})();
