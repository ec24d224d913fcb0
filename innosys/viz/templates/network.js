/* innosys network explorer. Reads #innosys-data; exposes window.innosys for inspection and tests. */
(function () {
  "use strict";
  var U = window.innosysUtil, el = U.el, clear = U.clear, fmt = U.fmt;
  var data = U.readData();

  var kindStyle = {}, relStyle = {}, nodeById = new Map(), edgeById = new Map(), incident = new Map();
  data.kinds.forEach(function (k) { kindStyle[k.name] = k; });
  data.relations.forEach(function (r) { relStyle[r.name] = r; });
  data.nodes.forEach(function (n) { nodeById.set(n.id, n); incident.set(n.id, []); });
  data.edges.forEach(function (e) {
    edgeById.set(e.id, e);
    incident.get(e.from).push(e);
    if (e.to !== e.from) incident.get(e.to).push(e);
  });
  var countyName = {};
  data.counties.forEach(function (c) { countyName[c.id] = c.name; });
  var activityName = {};
  data.activities.forEach(function (a) { activityName[a.number] = a.name; });

  // ---- filter state -------------------------------------------------------
  var NO_COUNTY = "(none)";
  function defaultState() {
    return {
      kinds: new Set(data.kinds.map(function (k) { return k.name; })),
      relations: new Set(data.relations.map(function (r) { return r.name; })),
      activity: "", county: "", hideIsolated: false
    };
  }
  var state = defaultState();
  var visibleNodes = new Set(), visibleEdges = new Set();

  function nodePasses(n) {
    if (!state.kinds.has(n.kind)) return false;
    if (state.county === NO_COUNTY) { if (n.county) return false; }
    else if (state.county && n.county !== state.county) return false;
    if (state.activity && n.acts.indexOf(Number(state.activity)) < 0) return false;
    return true;
  }

  function computeVisibility() {
    visibleNodes = new Set();
    visibleEdges = new Set();
    data.nodes.forEach(function (n) { if (nodePasses(n)) visibleNodes.add(n.id); });
    var touched = new Set();
    data.edges.forEach(function (e) {
      if (state.relations.has(e.type) && visibleNodes.has(e.from) && visibleNodes.has(e.to)) {
        visibleEdges.add(e.id);
        touched.add(e.from); touched.add(e.to);
      }
    });
    if (state.hideIsolated) visibleNodes = new Set(Array.from(visibleNodes).filter(function (id) { return touched.has(id); }));
  }

  // ---- vis data -----------------------------------------------------------
  function shortLabel(s) { return s.length > 32 ? s.slice(0, 31) + "…" : s; }

  // Tooltips are plain strings: vis-network shows them with innerText, so they cannot carry markup.
  function tooltip(n) {
    return n.label + "\n" + n.kind + (n.county && countyName[n.county] && n.county !== n.id ? " · " + countyName[n.county] : "");
  }

  function visNode(n) {
    var k = kindStyle[n.kind];
    var node = {
      id: n.id, label: shortLabel(n.label), shape: k.shape, size: n.size, title: tooltip(n),
      color: {background: k.colour, border: "#ffffff", highlight: {background: k.colour, border: "#111111"},
              hover: {background: k.colour, border: "#333333"}},
      borderWidth: 1, borderWidthSelected: 3
    };
    // geographic positions, or the quick starting layout computed in Python for the physics to tidy
    if (data.layout === "geo") { node.x = n.gx; node.y = n.gy; } else { node.x = n.sx; node.y = n.sy; }
    return node;
  }

  function visEdge(e) {
    var r = relStyle[e.type];
    var edge = {
      id: e.id, from: e.from, to: e.to,
      color: {color: r.colour, highlight: "#111111", hover: r.colour, opacity: 0.75},
      dashes: r.dashes.length ? r.dashes : false,
      arrows: {to: {enabled: r.arrows, scaleFactor: 0.45}},
      width: 1.2, title: e.type + "\n" + nodeById.get(e.from).label + " → " + nodeById.get(e.to).label
    };
    if (e.bend > 0) edge.smooth = {enabled: true, type: e.bend % 2 ? "curvedCW" : "curvedCCW", roundness: 0.12 * Math.ceil(e.bend / 2)};
    return edge;
  }

  computeVisibility();
  var nodes = new vis.DataSet(data.nodes.map(visNode));
  var edges = new vis.DataSet(data.edges.map(visEdge));
  var nodeView = new vis.DataView(nodes, {filter: function (n) { return visibleNodes.has(n.id); }});
  var edgeView = new vis.DataView(edges, {filter: function (e) { return visibleEdges.has(e.id); }});

  var n = data.nodes.length;
  var iterations = data.physics.iterations;
  var options = {
    autoResize: true,
    layout: {randomSeed: 42, improvedLayout: n <= 150},
    interaction: {hover: true, tooltipDelay: 150, hideEdgesOnDrag: n > 800, hideEdgesOnZoom: n > 1500, multiselect: false},
    nodes: {font: {size: 13, color: "#1d2733", strokeWidth: 3, strokeColor: "#ffffff"},
            scaling: {label: {enabled: false, drawThreshold: 7}}},
    edges: {smooth: false, selectionWidth: 2, hoverWidth: 0.6},
    physics: {
      enabled: data.layout !== "geo",
      solver: "forceAtlas2Based",
      forceAtlas2Based: {gravitationalConstant: -40, centralGravity: 0.008, springLength: 70, springConstant: 0.06,
                         damping: 0.5, avoidOverlap: 0.2, theta: data.physics.theta},
      maxVelocity: 60, minVelocity: 1.0, timestep: 0.45, adaptiveTimestep: true,
      stabilization: {enabled: true, iterations: iterations, updateInterval: 5, fit: true}
    }
  };

  var container = document.getElementById("network");
  var network = new vis.Network(container, {nodes: nodeView, edges: edgeView}, options);
  var progress = document.getElementById("progress");
  var statusEl = document.getElementById("status");
  var forcePositions = null;

  var page = {
    page: "network", ready: false, readyAt: null, data: data, network: network,
    nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView, layout: data.layout, state: state,
    counts: function () {
      return {
        nodes: nodes.length, edges: edges.length,
        visibleNodes: nodeView.length, visibleEdges: edgeView.length,
        drawnNodes: network.body.nodeIndices.length, drawnEdges: network.body.edgeIndices.length
      };
    },
    positions: function () { return network.getPositions(); }
  };
  window.innosys = page;

  // Write the drawn positions into the DataSet, so that nodes hidden by a filter come back where they
  // were. (network.storePositions() cannot be used: it fails for nodes hidden through a DataView.)
  function keepPositions() {
    var pos = network.getPositions();
    nodes.update(Object.keys(pos).map(function (id) { return {id: id, x: pos[id].x, y: pos[id].y}; }));
  }

  // Positions of all nodes, hidden ones included, as last written into the DataSet.
  function storedPositions() {
    var out = {};
    nodes.get({fields: ["id", "x", "y"]}).forEach(function (p) {
      if (p.x !== undefined && p.y !== undefined) out[p.id] = {x: p.x, y: p.y};
    });
    return out;
  }

  function freeze() {
    network.setOptions({physics: {enabled: false}});
    keepPositions();
    progress.classList.add("done");
    statusEl.textContent = page.layout === "geo" ? "Geographic layout" : (cutNote || "Layout settled");
    cutNote = "";
    if (!page.ready) U.markReady(page);
  }

  // The first layout has a time budget: on a slow machine it stops early (the user can re-run it).
  var budgetStart = null, budgetOpen = true, cutNote = "";
  network.on("stabilizationProgress", function (p) {
    progress.querySelector(".fill").style.width = Math.round(100 * p.iterations / p.total) + "%";
    if (!budgetOpen) return;
    if (budgetStart === null) budgetStart = performance.now();
    else if (performance.now() - budgetStart > data.physics.budgetMs && p.iterations < p.total) {
      page.layoutCut = p.iterations;
      cutNote = "Layout stopped after " + p.iterations + " of " + p.total + " steps to stay quick; Re-run layout refines it";
      network.stopSimulation();
    }
  });
  network.on("stabilizationIterationsDone", function () {
    budgetOpen = false;
    freeze();
    forcePositions = storedPositions();
  });
  if (data.layout === "geo") {
    network.once("afterDrawing", function () { network.fit(); freeze(); });
  }

  // County borders under the nodes in the geographic layout (path data in the layout's coordinates).
  var outlines = data.outlines ? new Path2D(data.outlines) : null, credit = document.getElementById("map-credit");
  credit.textContent = data.mapCredit;
  network.on("beforeDrawing", function (ctx) {
    var on = outlines !== null && page.layout === "geo";
    credit.hidden = !on;
    if (!on) return;
    ctx.save();
    ctx.strokeStyle = "#aab4bf";
    ctx.lineWidth = 1 / network.getScale();
    ctx.stroke(outlines);
    page.outlinesDrawn = (page.outlinesDrawn || 0) + 1;   // for tests
    ctx.restore();
  });

  // ---- layouts ------------------------------------------------------------
  function setLayout(name) {
    if (name === page.layout) return;
    keepPositions();
    if (name === "geo") {
      if (page.layout === "force") forcePositions = storedPositions();
      nodes.update(data.nodes.map(function (n) { return {id: n.id, x: n.gx, y: n.gy}; }));
      page.layout = "geo";
      network.setOptions({physics: {enabled: false}});
      network.fit();
      freeze();
    } else {
      page.layout = "force";
      if (forcePositions) {
        nodes.update(Object.keys(forcePositions).map(function (id) {
          return {id: id, x: forcePositions[id].x, y: forcePositions[id].y};
        }));
        network.fit();
        freeze();
      } else {
        relayout();
      }
    }
    syncLayoutRadios();
  }

  function relayout() {
    page.layout = "force";
    syncLayoutRadios();
    progress.classList.remove("done");
    statusEl.textContent = "Laying out…";
    network.setOptions({physics: {enabled: true}});
    network.stabilize(iterations);
  }

  function syncLayoutRadios() {
    document.querySelectorAll("input[name=layout]").forEach(function (r) { r.checked = r.value === page.layout; });
  }

  // ---- filters UI -----------------------------------------------------------
  function updateCounts() {
    document.getElementById("counts").textContent =
      "Showing " + fmt(nodeView.length) + " of " + fmt(nodes.length) + " nodes, " +
      fmt(edgeView.length) + " of " + fmt(edges.length) + " relations";
  }

  function applyFilters() {
    keepPositions();
    computeVisibility();
    nodeView.refresh();
    edgeView.refresh();
    updateCounts();
  }

  function legendRow(group, item, swatch, count, doc) {
    var box = el("input", {type: "checkbox", value: item, dataset: {group: group}});
    box.checked = true;
    box.addEventListener("change", function () {
      var set = group === "kinds" ? state.kinds : state.relations;
      if (box.checked) set.add(item); else set.delete(item);
      applyFilters();
    });
    return el("label", {title: doc}, [box, swatch, el("span", null, item), el("span", {className: "count"}, fmt(count))]);
  }

  var kindBox = document.getElementById("kinds");
  data.kinds.forEach(function (k) {
    var sw = el("span", {className: "swatch " + k.shape, style: "background:" + k.colour});
    kindBox.appendChild(legendRow("kinds", k.name, sw, k.count, k.doc));
  });
  var relBox = document.getElementById("relations");
  data.relations.forEach(function (r) {
    var sw = el("span", {className: "line-swatch" + (r.dashes.length ? " dashed" : ""), style: "border-top-color:" + r.colour});
    relBox.appendChild(legendRow("relations", r.name, sw, r.count, r.doc));
  });
  document.querySelectorAll("[data-all],[data-none]").forEach(function (b) {
    b.addEventListener("click", function () {
      var group = b.dataset.all || b.dataset.none, on = !!b.dataset.all;
      var set = group === "kinds" ? state.kinds : state.relations;
      document.querySelectorAll("input[data-group=" + group + "]").forEach(function (box) {
        box.checked = on;
        if (on) set.add(box.value); else set.delete(box.value);
      });
      applyFilters();
    });
  });

  var actSel = document.getElementById("activity");
  actSel.appendChild(el("option", {value: ""}, "All (no filter)"));
  data.activities.forEach(function (a) {
    actSel.appendChild(el("option", {value: String(a.number)}, a.number + ". " + a.name + " (" + a.count + ")"));
  });
  actSel.addEventListener("change", function () { state.activity = actSel.value; applyFilters(); });

  var countySel = document.getElementById("county");
  countySel.appendChild(el("option", {value: ""}, "All (no filter)"));
  data.counties.forEach(function (c) {
    countySel.appendChild(el("option", {value: c.id}, c.name + " (" + c.count + ")"));
  });
  if (data.noCounty) countySel.appendChild(el("option", {value: NO_COUNTY}, "No county (" + data.noCounty + ")"));
  countySel.addEventListener("change", function () { state.county = countySel.value; applyFilters(); });

  var isoBox = document.getElementById("hide-isolated");
  isoBox.addEventListener("change", function () { state.hideIsolated = isoBox.checked; applyFilters(); });

  document.getElementById("reset").addEventListener("click", function () {
    var fresh = defaultState();
    Object.keys(fresh).forEach(function (k) { state[k] = fresh[k]; });
    document.querySelectorAll("input[data-group]").forEach(function (b) { b.checked = true; });
    actSel.value = ""; countySel.value = ""; isoBox.checked = false;
    applyFilters();
  });

  document.querySelectorAll("input[name=layout]").forEach(function (r) {
    r.addEventListener("change", function () { if (r.checked) setLayout(r.value); });
  });
  document.getElementById("relayout").addEventListener("click", relayout);
  document.getElementById("fit").addEventListener("click", function () { network.fit(); });
  document.getElementById("size-by").textContent = data.sizeBy;
  syncLayoutRadios();
  if (data.geoCount === 0) {
    document.querySelector("input[name=layout][value=geo]").parentNode.title =
      "No node in this page has coordinates; nodes are set out in a grid";
  }

  // ---- search ---------------------------------------------------------------
  var searchBox = document.getElementById("search"), searchList = document.getElementById("search-results");
  function search(q) {
    clear(searchList);
    q = q.trim().toLowerCase();
    if (!q) return [];
    var hits = data.nodes.filter(function (n) {
      return n.label.toLowerCase().indexOf(q) >= 0 || n.id.toLowerCase().indexOf(q) >= 0 ||
        String(n.props.aliases || "").toLowerCase().indexOf(q) >= 0;
    });
    hits.slice(0, 25).forEach(function (n) {
      var hidden = !visibleNodes.has(n.id);
      var li = el("li", {className: hidden ? "hidden-node" : ""}, [
        el("span", {className: "swatch " + kindStyle[n.kind].shape, style: "background:" + kindStyle[n.kind].colour}),
        el("button", {className: "link", type: "button", onclick: function () { select(n.id); }},
           n.label + (hidden ? " (hidden by filters)" : ""))
      ]);
      searchList.appendChild(li);
    });
    if (hits.length > 25) searchList.appendChild(el("li", {className: "muted small"}, "… " + (hits.length - 25) + " more"));
    if (!hits.length) searchList.appendChild(el("li", {className: "muted small"}, "No match"));
    return hits;
  }
  searchBox.addEventListener("input", function () { search(searchBox.value); });
  searchBox.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var hits = search(searchBox.value).filter(function (n) { return visibleNodes.has(n.id); });
      if (hits.length) select(hits[0].id);
    }
  });

  // ---- details panel ----------------------------------------------------------
  var details = document.getElementById("details");

  function propList(obj) {
    var dl = el("dl", {className: "props"});
    Object.keys(obj).forEach(function (k) {
      dl.appendChild(el("dt", null, k.replace(/_/g, " ")));
      dl.appendChild(el("dd", null, fmt(obj[k])));
    });
    return dl;
  }

  function provenance(prov) {
    var box = el("div", {className: "provenance"});
    if (!prov || !Object.keys(prov).length) { box.appendChild(el("p", {className: "muted"}, "No provenance recorded.")); return box; }
    var src = prov.source ? data.sources[prov.source] : null;
    var rows = {};
    if (prov.source) {
      var text = String(prov.source);
      if (src) {
        text += " — " + (src.title || src.name || "");
        var who = [src.author, src.institution, src.year].filter(function (x) { return x !== undefined && x !== null && x !== ""; });
        if (who.length) text += " (" + who.join(", ") + ")";
      }
      rows.source = text;
      if (src && src.file) rows.file = src.file;
    }
    ["lines", "confidence", "keyword", "note"].forEach(function (k) { if (prov[k] !== undefined) rows[k] = prov[k]; });
    box.appendChild(propList(rows));
    return box;
  }

  function provShort(prov) {
    if (!prov || !prov.source) return "";
    return prov.source + (prov.lines ? ":" + prov.lines : "") + (prov.confidence ? " (" + prov.confidence + ")" : "");
  }

  function nodeLink(id) {
    var m = nodeById.get(id);
    return el("button", {className: "link", type: "button", onclick: function () { select(id); }}, m ? m.label : id);
  }

  function showNode(id) {
    var nd = nodeById.get(id);
    if (!nd) return;
    var k = kindStyle[nd.kind];
    clear(details);
    details.appendChild(el("h2", {id: "detail-title"}, nd.label));
    details.appendChild(el("div", {className: "kind"}, [el("span", {className: "swatch " + k.shape, style: "background:" + k.colour}), nd.kind]));
    var props = {id: nd.id};
    if (nd.county && nd.county !== nd.id) props.county = countyName[nd.county] || nd.county;
    Object.keys(nd.props).forEach(function (key) { props[key] = nd.props[key]; });
    if (nd.acts.length && nd.actor) props["Edquist activities"] = nd.acts.map(function (a) { return a + " " + activityName[a]; }).join("; ");
    details.appendChild(propList(props));
    details.appendChild(el("h3", null, "Provenance"));
    details.appendChild(provenance(nd.prov));
    var rels = incident.get(id);
    details.appendChild(el("h3", null, "Relations (" + rels.length + ")"));
    var ul = el("ul", {className: "relations"});
    rels.slice(0, 200).forEach(function (e) {
      var out = e.from === id, other = out ? e.to : e.from;
      var extra = [];
      if (e.props.year) extra.push(e.props.year);
      if (e.props.role) extra.push(e.props.role);
      ul.appendChild(el("li", null, [
        el("button", {className: "link", type: "button", onclick: function () { showEdge(e.id); network.selectEdges([e.id]); }},
           out ? e.type + " →" : "← " + e.type),
        " ", nodeLink(other), extra.length ? " (" + extra.join(", ") + ")" : "",
        el("span", {className: "prov"}, provShort(e.prov))
      ]));
    });
    if (rels.length > 200) ul.appendChild(el("li", {className: "muted"}, "… " + (rels.length - 200) + " more"));
    details.appendChild(ul);
    page.selected = id;
  }

  function showEdge(id) {
    var e = edgeById.get(id);
    if (!e) return;
    var r = relStyle[e.type];
    clear(details);
    details.appendChild(el("h2", {id: "detail-title"}, e.type));
    details.appendChild(el("div", {className: "kind"}, [el("span", {className: "line-swatch" + (r.dashes.length ? " dashed" : ""), style: "border-top-color:" + r.colour}), r.doc]));
    details.appendChild(el("p", null, [nodeLink(e.from), " → ", nodeLink(e.to)]));
    details.appendChild(propList(Object.assign({id: e.id}, e.props)));
    details.appendChild(el("h3", null, "Provenance"));
    details.appendChild(provenance(e.prov));
    page.selected = id;
  }

  function select(id) {
    showNode(id);
    if (visibleNodes.has(id)) {
      network.selectNodes([id]);
      network.focus(id, {scale: Math.max(network.getScale(), 1.0), animation: {duration: 300, easingFunction: "easeInOutQuad"}});
    }
  }

  network.on("click", function (p) {
    if (p.nodes.length) showNode(p.nodes[0]);
    else if (p.edges.length) showEdge(p.edges[0]);
  });

  page.select = select;
  page.showEdge = showEdge;
  page.setLayout = setLayout;
  page.applyFilters = applyFilters;
  updateCounts();
  if (!n) { progress.classList.add("done"); U.markReady(page); }
})();
