/* innosys pages: Norway's municipalities as inline SVG (paths projected in Python, innosys/viz/geo.py).
   No map library, no network. Names go into the DOM with textContent only. */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";

  function svgEl(tag, attrs) {
    var node = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  // draw(container, map, {fill: id -> colour, title: id -> text, onClick: id -> void, label: text})
  // Returns {svg, paths: {id: path}, overlay: <g> above the shapes, setFill(id, colour), setTitle(id, text)}.
  function draw(container, map, opts) {
    opts = opts || {};
    var svg = svgEl("svg", {viewBox: "0 0 " + map.width + " " + map.height, role: "img",
                            preserveAspectRatio: "xMidYMid meet", "class": "norway-map"});
    if (opts.label) { var t = svgEl("title"); t.textContent = opts.label; svg.appendChild(t); }
    var zoom = svgEl("g", {"class": "zoom"});
    var shapes = svgEl("g", {"class": "shapes"});
    var paths = {}, titles = {};
    map.shapes.forEach(function (s) {
      var p = svgEl("path", {d: s.d, "class": "muni", "fill-rule": "evenodd",
                             fill: (opts.fill && opts.fill(s.id)) || "#eef1f4"});
      p.dataset.id = s.id;
      var title = svgEl("title");
      title.textContent = (opts.title && opts.title(s.id)) || s.name;
      p.appendChild(title);
      if (opts.onClick) p.addEventListener("click", function () { opts.onClick(s.id); });
      paths[s.id] = p; titles[s.id] = title;
      shapes.appendChild(p);
    });
    zoom.appendChild(shapes);
    zoom.appendChild(svgEl("path", {d: map.borders, "class": "county-borders", fill: "none"}));
    var overlay = svgEl("g", {"class": "overlay-layer"});
    zoom.appendChild(overlay);
    svg.appendChild(zoom);
    container.appendChild(svg);
    enableZoom(svg, zoom, map);
    return {
      svg: svg, paths: paths, overlay: overlay,
      setFill: function (id, colour) { if (paths[id]) paths[id].setAttribute("fill", colour); },
      setTitle: function (id, text) { if (titles[id]) titles[id].textContent = text; }
    };
  }

  // Wheel to zoom around the pointer, drag to pan, double-click to reset.
  function enableZoom(svg, g, map) {
    var k = 1, x = 0, y = 0, drag = null;
    function apply() { g.setAttribute("transform", "translate(" + x + " " + y + ") scale(" + k + ")"); }
    function toMap(ev) {
      var r = svg.getBoundingClientRect(), s = Math.min(r.width / map.width, r.height / map.height);
      var ox = (r.width - map.width * s) / 2, oy = (r.height - map.height * s) / 2;
      return [(ev.clientX - r.left - ox) / s, (ev.clientY - r.top - oy) / s, s];
    }
    svg.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var p = toMap(ev), f = ev.deltaY < 0 ? 1.25 : 0.8, nk = Math.max(1, Math.min(24, k * f));
      x = p[0] - (p[0] - x) * nk / k; y = p[1] - (p[1] - y) * nk / k; k = nk;
      if (k === 1) { x = 0; y = 0; }
      apply();
    }, {passive: false});
    svg.addEventListener("mousedown", function (ev) { var p = toMap(ev); drag = [p[0] - x, p[1] - y]; });
    window.addEventListener("mouseup", function () { drag = null; });
    svg.addEventListener("mousemove", function (ev) {
      if (!drag || k === 1) return;
      var p = toMap(ev); x = p[0] - drag[0]; y = p[1] - drag[1]; apply();
    });
    svg.addEventListener("dblclick", function () { k = 1; x = 0; y = 0; apply(); });
  }

  // A colour legend: [{colour, label}] swatches, or a gradient with end labels.
  function legend(stops, lo, hi, caption) {
    var U = window.innosysUtil, box = U.el("div", {className: "map-legend small"});
    if (caption) box.appendChild(U.el("div", {className: "caption"}, caption));
    if (lo !== undefined) {
      box.appendChild(U.el("div", {className: "ramp", style: "background:linear-gradient(to right," + stops.join(",") + ")"}));
      box.appendChild(U.el("div", {className: "ends"}, [U.el("span", null, lo), U.el("span", null, hi)]));
    } else {
      stops.forEach(function (s) {
        box.appendChild(U.el("div", {className: "item"}, [U.el("span", {className: "swatch square", style: "background:" + s.colour}), s.label]));
      });
    }
    return box;
  }

  window.innosysMap = {draw: draw, svgEl: svgEl, legend: legend};
})();
