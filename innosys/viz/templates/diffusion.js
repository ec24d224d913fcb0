/* innosys diffusion playback. Reads #innosys-data; exposes window.innosys for inspection and tests. */
(function () {
  "use strict";
  var U = window.innosysUtil, el = U.el, clear = U.clear, fmt = U.fmt, pct = U.pct;
  var data = U.readData();
  var units = data.units, traj = data.traj, T = data.steps.length - 1;
  var stateColour = {}, catStyle = {};
  data.states.forEach(function (s) { stateColour[s.name] = s.colour; });
  data.categories.forEach(function (c) { catStyle[c.key] = c; });
  var byCategory = true;
  var plotConfig = {displaylogo: false, responsive: true, modeBarButtonsToRemove: ["select2d", "lasso2d", "toImage"]};

  function reached(v, t) { return v !== null && v !== undefined && v <= t; }

  function stateAt(i, t) {
    if (reached(traj.discontinued[i], t)) return "discontinued";
    if (reached(traj.adopted[i], t)) return "adopted";
    if (reached(traj.rejected[i], t)) return "rejected";
    if (reached(traj.aware[i], t)) return "aware";
    return "unaware";
  }

  function colourAt(i, t) {
    var s = stateAt(i, t);
    if (s === "adopted" && byCategory) {
      var c = catStyle[units[i].category];
      if (c && units[i].category !== "non_adopter") return c.colour;
    }
    return stateColour[s];
  }

  // ---- units: a map of the municipalities, or a network of points --------------------------
  // Tooltips are plain strings (vis-network shows them with innerText; SVG titles are textContent).
  function tooltip(u) {
    return u.label + "\n" + u.kind + (u.county ? " · " + u.county : "") + " · adopts in " + pct(u.prob, 0) + " of runs";
  }
  var unitIndex = {};
  units.forEach(function (u, i) { unitIndex[u.id] = i; });
  var lastColour = units.map(function (u, i) { return colourAt(i, 0); });
  var step = 0, timer = null, drawn = false, plotted = 0;
  var view = data.map ? mapView() : networkView();

  function mapView() {
    var box = document.getElementById("network");
    box.classList.add("map");
    box.setAttribute("aria-label", "Municipalities coloured by their state");
    var m = window.innosysMap.draw(box, data.map, {
      label: "Map of the municipalities, coloured by their state at the shown step",
      fill: function (id) { return id in unitIndex ? lastColour[unitIndex[id]] : "#eef1f4"; },
      title: function (id) { return id in unitIndex ? tooltip(units[unitIndex[id]]) + "\nstate: " + stateAt(unitIndex[id], 0) : null; },
      onClick: function (id) { if (id in unitIndex) showUnit(id); }
    });
    var tiesDrawn = false;
    // The influence ties are an optional overlay, built the first time they are shown.
    function showTies(on) {
      if (on && !tiesDrawn) {
        data.edges.forEach(function (e) {
          var a = units[e[0]], b = units[e[1]];
          if (a.x === null || b.x === null) return;
          m.overlay.appendChild(window.innosysMap.svgEl("line", {x1: a.x, y1: a.y, x2: b.x, y2: b.y,
            stroke: data.layers[e[2]].colour, "stroke-width": 0.6 + (e[3] || 0)}));
        });
        tiesDrawn = true;
      }
      m.overlay.style.display = on ? "" : "none";
    }
    var sw = document.getElementById("ties-switch");
    sw.hidden = false;
    document.getElementById("show-ties").addEventListener("change", function (ev) { showTies(ev.target.checked); });
    drawn = true;
    return {
      apply: function (changed, t) {
        changed.forEach(function (i) {
          m.setFill(units[i].id, lastColour[i]);
          m.setTitle(units[i].id, tooltip(units[i]) + "\nstate: " + stateAt(i, t));
        });
      },
      counts: function () {
        return {nodes: units.length, edges: data.edges.length,
                shapes: m.svg.querySelectorAll("path.muni").length,
                drawnNodes: units.filter(function (u) { return m.paths[u.id]; }).length,
                drawnEdges: m.overlay.style.display === "none" ? 0 : m.overlay.childNodes.length};
      },
      fillOf: function (id) { return m.paths[id] ? m.paths[id].getAttribute("fill") : null; },
      map: m
    };
  }

  function networkView() {
    var nodes = new vis.DataSet(units.map(function (u, i) {
      var node = {id: u.id, label: u.label, shape: "dot", size: 9, title: tooltip(u),
                  color: {background: lastColour[i], border: "#5b6775"}, borderWidth: 0.6};
      node.x = u.x; node.y = u.y;   // geographic, or a starting layout that the physics tidies
      return node;
    }));
    var edges = new vis.DataSet(data.edges.map(function (e, k) {
      var layer = data.layers[e[2]];
      return {id: "e" + k, from: units[e[0]].id, to: units[e[1]].id, width: 0.5 + (e[3] || 0),
              color: {color: layer.colour, opacity: 0.35, highlight: "#111111"}, smooth: false};
    }));
    var options = {
      autoResize: true,
      layout: {randomSeed: 42, improvedLayout: units.length <= 150},
      interaction: {hover: true, tooltipDelay: 120, hideEdgesOnDrag: data.edges.length > 2000},
      nodes: {font: {size: 12, color: "#1d2733", strokeWidth: 3, strokeColor: "#ffffff"},
              scaling: {label: {enabled: false, drawThreshold: 9}}},
      physics: {enabled: data.layout !== "geo", solver: "forceAtlas2Based",
                forceAtlas2Based: {gravitationalConstant: -40, centralGravity: 0.01, springLength: 60, springConstant: 0.06, avoidOverlap: 0.2},
                stabilization: {enabled: true, iterations: Math.max(60, Math.min(400, Math.round(60000 / Math.max(1, units.length)))), updateInterval: 25, fit: true}}
    };
    var network = new vis.Network(document.getElementById("network"), {nodes: nodes, edges: edges}, options);
    function frozen() {
      network.setOptions({physics: {enabled: false}});
      network.storePositions();
      drawn = true;
      maybeReady();
    }
    if (data.layout === "geo") network.once("afterDrawing", function () { network.fit(); frozen(); });
    else network.once("stabilizationIterationsDone", frozen);
    network.on("click", function (p) { if (p.nodes.length) showUnit(p.nodes[0]); });
    return {
      apply: function (changed) {
        nodes.update(changed.map(function (i) { return {id: units[i].id, color: {background: lastColour[i], border: "#5b6775"}}; }));
      },
      counts: function () {
        return {nodes: nodes.length, edges: edges.length, drawnNodes: network.body.nodeIndices.length,
                drawnEdges: network.body.edgeIndices.length};
      },
      network: network, nodes: nodes, edges: edges
    };
  }

  var page = {
    page: "diffusion", ready: false, readyAt: null, data: data, network: view.network, nodes: view.nodes,
    edges: view.edges, map: view.map || null,
    get step() { return step; },
    counts: function () { return view.counts(); },
    colourOf: function (id) { return lastColour[unitIndex[id]]; },
    stateCounts: function () { return stateCounts(step); },
    marker: function () { var c = document.getElementById("curve"); return c.layout.shapes[0].x0; },
    playing: function () { return timer !== null; }
  };
  window.innosys = page;

  function maybeReady() {
    if (drawn && plotted === 3 && !page.ready) {
      setStep(step);
      document.getElementById("progress").classList.add("done");
      U.markReady(page);
    }
  }

  // ---- charts ----------------------------------------------------------------
  var c = data.curves, dates = data.dates;
  var band = "rgba(31,95,168,0.18)";
  var curveTraces = [
    {x: dates, y: c.adopted_p95, type: "scatter", mode: "lines", line: {width: 0}, hoverinfo: "skip", showlegend: false},
    {x: dates, y: c.adopted_p05, type: "scatter", mode: "lines", line: {width: 0}, fill: "tonexty", fillcolor: band,
     name: "5–95 % of runs", hoverinfo: "skip"},
    {x: dates, y: c.adopted_mean, type: "scatter", mode: "lines", line: {color: "#1f5fa8", width: 2.5}, name: "adopted (mean)",
     hovertemplate: "%{x}: %{y:.1%}<extra>adopted</extra>"},
    {x: dates, y: c.aware_mean, type: "scatter", mode: "lines", line: {color: stateColour.aware, width: 2, dash: "dash"},
     name: "aware (mean)", hovertemplate: "%{x}: %{y:.1%}<extra>aware</extra>"},
    {x: dates, y: data.shownRun, type: "scatter", mode: "lines", line: {color: "#555", width: 1, dash: "dot"},
     name: "shown run", hovertemplate: "%{x}: %{y:.1%}<extra>shown run</extra>"},
    {x: [dates[0]], y: [c.adopted_mean[0]], type: "scatter", mode: "markers", marker: {size: 10, color: "#d62728"},
     name: "current step", hoverinfo: "skip"}
  ];
  var markerShape = {type: "line", xref: "x", yref: "paper", x0: dates[0], x1: dates[0], y0: 0, y1: 1,
                     line: {color: "#d62728", width: 1.5, dash: "dot"}};
  var curveLayout = {
    title: {text: "Share of units that have adopted", font: {size: 14}, x: 0.02},
    margin: {l: 48, r: 10, t: 36, b: 36}, yaxis: {tickformat: ".0%", range: [0, 1.02]},
    xaxis: {type: "date"}, legend: {orientation: "h", y: -0.18, font: {size: 11}}, shapes: [markerShape],
    hovermode: "x"
  };
  var order = data.categoryShares.map(function (r) { return U.plotText(r.key); });
  var catAxis = {tickmode: "array", tickvals: order, tickangle: 0, tickfont: {size: 11},
                 ticktext: data.categoryShares.map(function (r) { return U.plotText(r.name).replace(" ", "<br>"); })};
  var catTraces = [
    {x: order, y: data.categoryShares.map(function (r) { return r.expected; }), type: "bar", name: "Rogers",
     marker: {color: "#c9d1da"}, hovertemplate: "%{y:.1%}<extra>Rogers</extra>"},
    {x: order, y: data.categoryShares.map(function (r) { return r.mean; }), type: "bar", name: "simulated (5–95 %)",
     marker: {color: data.categoryShares.map(function (r) { return r.colour; })},
     error_y: {type: "data", symmetric: false,
               array: data.categoryShares.map(function (r) { return r.p95 === null ? 0 : r.p95 - r.mean; }),
               arrayminus: data.categoryShares.map(function (r) { return r.p05 === null ? 0 : r.mean - r.p05; }),
               color: "#333", thickness: 1},
     hovertemplate: "%{y:.1%}<extra>simulated</extra>"}
  ];
  var catLayout = {title: {text: "Adopter categories (share of adopters)", font: {size: 14}, x: 0.02},
                   barmode: "group", margin: {l: 48, r: 10, t: 36, b: 44}, yaxis: {tickformat: ".0%"}, xaxis: catAxis,
                   legend: {orientation: "h", y: 1.12, x: 1, xanchor: "right", font: {size: 11}}};
  var chans = Array.from(new Set(data.channels.map(function (r) { return r.channel; })));
  function chanTrace(event, colour) {
    var rows = {};
    data.channels.forEach(function (r) { if (r.event === event) rows[r.channel] = r.count; });
    return {y: chans.map(U.plotText), x: chans.map(function (ch) { return rows[ch] || 0; }), type: "bar",
            orientation: "h", name: event, marker: {color: colour},
            hovertemplate: "%{x:.1f}<extra>" + event + "</extra>"};
  }
  var chanTraces = [chanTrace("awareness", stateColour.aware), chanTrace("adoption", stateColour.adopted)];
  var chanLayout = {title: {text: "Units reached per channel (mean per run)", font: {size: 14}, x: 0.02},
                    barmode: "group", margin: {l: 110, r: 10, t: 36, b: 30}, yaxis: {automargin: true, autorange: "reversed"},
                    legend: {orientation: "h", y: 1.12, x: 1, xanchor: "right", font: {size: 11}}};
  function plotted1() { plotted += 1; maybeReady(); }
  Plotly.newPlot("curve", curveTraces, curveLayout, plotConfig).then(plotted1);
  Plotly.newPlot("cats", catTraces, catLayout, plotConfig).then(plotted1);
  Plotly.newPlot("chans", chanTraces, chanLayout, plotConfig).then(plotted1);

  // ---- legend ------------------------------------------------------------------
  var legend = document.getElementById("legend");
  function stateCounts(t) {
    var out = {states: {}, categories: {}};
    data.states.forEach(function (s) { out.states[s.name] = 0; });
    data.categories.forEach(function (k) { out.categories[k.key] = 0; });
    units.forEach(function (u, i) {
      var s = stateAt(i, t);
      out.states[s] += 1;
      if (s === "adopted") out.categories[u.category in out.categories ? u.category : "non_adopter"] += 1;
    });
    return out;
  }
  function drawLegend(t) {
    var counts = stateCounts(t);
    clear(legend);
    legend.appendChild(el("h3", null, "State at this step"));
    data.states.forEach(function (s) {
      legend.appendChild(el("div", {className: "item", dataset: {state: s.name}}, [
        el("span", {className: "swatch", style: "background:" + s.colour}), s.name,
        el("span", {className: "count"}, fmt(counts.states[s.name]))]));
      if (s.name === "adopted" && byCategory) {
        data.categories.forEach(function (k) {
          legend.appendChild(el("div", {className: "item sub", dataset: {category: k.key}}, [
            el("span", {className: "swatch", style: "background:" + k.colour}), k.name,
            el("span", {className: "count"}, fmt(counts.categories[k.key]))]));
        });
      }
    });
    if (data.layers.length) {
      legend.appendChild(el("h3", null, data.map ? "Influence ties (overlay)" : "Influence edges"));
      data.layers.forEach(function (l) {
        legend.appendChild(el("div", {className: "item"}, [
          el("span", {className: "line-swatch", style: "border-top-color:" + l.colour}), l.name,
          el("span", {className: "count"}, fmt(l.count))]));
      });
    }
    if (data.skippedEdges) legend.appendChild(el("p", {className: "muted"}, data.skippedEdges + " edges join non-units and are not drawn"));
  }

  // ---- time -------------------------------------------------------------------------
  var slider = document.getElementById("slider"), label = document.getElementById("step-label");
  var playBtn = document.getElementById("play"), speedSel = document.getElementById("speed");
  slider.max = String(T);

  function recolour(t) {
    var changed = [];
    units.forEach(function (u, i) {
      var col = colourAt(i, t);
      if (col !== lastColour[i] || data.map) { lastColour[i] = col; changed.push(i); }
    });
    if (changed.length) view.apply(changed, t);
  }

  function setStep(t) {
    t = Math.max(0, Math.min(T, Math.round(Number(t))));
    step = t;
    slider.value = String(t);
    label.textContent = "Step " + data.steps[t] + " of " + data.steps[T] + " · " + dates[t];
    recolour(t);
    drawLegend(t);
    if (plotted === 3) {
      Plotly.relayout("curve", {"shapes[0].x0": dates[t], "shapes[0].x1": dates[t]});
      Plotly.restyle("curve", {x: [[dates[t]]], y: [[c.adopted_mean[t]]]}, [curveTraces.length - 1]);
    }
    return t;
  }

  function pause() {
    if (timer !== null) { clearInterval(timer); timer = null; }
    playBtn.textContent = "▶ Play";
    playBtn.setAttribute("aria-label", "Play");
  }
  function play() {
    if (timer !== null) return;
    if (step >= T) setStep(0);
    playBtn.textContent = "❚❚ Pause";
    playBtn.setAttribute("aria-label", "Pause");
    timer = setInterval(function () {
      if (step >= T) { pause(); return; }
      setStep(step + 1);
    }, 700 / Number(speedSel.value));
  }
  playBtn.addEventListener("click", function () { if (timer !== null) pause(); else play(); });
  speedSel.addEventListener("change", function () { if (timer !== null) { pause(); play(); } });
  slider.addEventListener("input", function () { setStep(slider.value); });
  document.getElementById("by-category").addEventListener("change", function (ev) {
    byCategory = ev.target.checked;
    recolour(step);
    drawLegend(step);
  });

  // ---- unit details -------------------------------------------------------------------
  var detailBox = document.getElementById("unit-details");
  function stepText(v, ch) {
    if (v === null || v === undefined) return "never";
    return "step " + v + " (" + dates[data.steps.indexOf(v)] + ")" + (ch ? " via " + ch : "");
  }
  function showUnit(id) {
    var i = unitIndex[id];
    if (i === undefined) return;
    var u = units[i], dl = el("dl", {className: "props"});
    var rows = [["id", u.id], ["kind", u.kind], ["county", u.county], ["size class", u.sizeClass],
      ["adopts in", pct(u.prob, 0) + " of runs"], ["median step", fmt(u.medianStep)],
      ["Rogers category", (catStyle[u.category] || {name: u.category}).name], ["main channel", u.mainChannel],
      ["shown run: aware", stepText(traj.aware[i], traj.awareChannel[i])],
      ["shown run: adopted", stepText(traj.adopted[i], traj.adoptedChannel[i])],
      ["shown run: rejected", stepText(traj.rejected[i])], ["shown run: discontinued", stepText(traj.discontinued[i])]];
    rows.forEach(function (r) { dl.appendChild(el("dt", null, r[0])); dl.appendChild(el("dd", null, r[1] || "–")); });
    clear(detailBox);
    detailBox.appendChild(el("h2", {id: "detail-title"}, u.label));
    detailBox.appendChild(dl);
  }

  page.setStep = setStep; page.play = play; page.pause = pause; page.showUnit = showUnit;
  setStep(0);
  if (!units.length) { drawn = true; maybeReady(); }
  detailBox.appendChild(el("p", {className: "muted"}, (data.map ? "Click a municipality for its details. The map shows one" : "Click a unit for its details. The network shows one")
    + " representative run (the run with the median number of adopters); the curve shows the mean over all runs."));
})();
