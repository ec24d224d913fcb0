/* innosys pages: shared helpers. Text from data goes into the DOM with textContent only. */
(function () {
  "use strict";

  function readData() {
    return JSON.parse(document.getElementById("innosys-data").textContent);
  }

  // el("td", {className: "num"}, "text" | [children]) - never parses HTML.
  function el(tag, attrs, content) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === "className") node.className = attrs[k];
        else if (k === "style") node.setAttribute("style", attrs[k]);
        else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), attrs[k]);
        else if (k === "dataset") Object.assign(node.dataset, attrs[k]);
        else node.setAttribute(k, attrs[k]);
      });
    }
    append(node, content);
    return node;
  }

  function append(node, content) {
    if (content === undefined || content === null) return node;
    if (Array.isArray(content)) content.forEach(function (c) { append(node, c); });
    else if (content instanceof Node) node.appendChild(content);
    else node.appendChild(document.createTextNode(String(content)));
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function fmt(value, digits) {
    if (value === null || value === undefined || value === "") return "–";
    if (typeof value === "number") {
      if (Number.isInteger(value)) return value.toLocaleString("en");
      return value.toLocaleString("en", {maximumFractionDigits: digits === undefined ? 3 : digits});
    }
    return String(value);
  }

  function pct(value, digits) {
    if (value === null || value === undefined) return "–";
    return (100 * value).toFixed(digits === undefined ? 1 : digits) + " %";
  }

  // plotly.js reads chart text as a small subset of HTML and decodes entities: escaping makes any
  // markup in a name show as plain text.
  function plotText(value) {
    return String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function markReady(page) {
    page.ready = true;
    page.readyAt = performance.now();
    document.documentElement.setAttribute("data-state", "ready");
    try { performance.mark("innosys-ready"); } catch (e) { /* old browsers */ }
  }

  window.innosysUtil = {readData: readData, el: el, append: append, clear: clear, fmt: fmt, pct: pct,
                        plotText: plotText, markReady: markReady};
})();
