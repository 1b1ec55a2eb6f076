// The style and chart helpers both pages share (the simulation report and the status page): SVG bars,
// legends and tables drawn from embedded JSON, no library and no network. Amounts arrive as wei strings.

/** The pages' common style: type, headings, tables, chart frames and legends. */
export const PAGE_STYLE = `
  body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1100px; color: #1b1f24; }
  h1 { font-size: 22px; margin-bottom: 4px; }
  h2 { font-size: 17px; margin-top: 28px; }
  .meta { color: #57606a; }
  table { border-collapse: collapse; margin-top: 8px; }
  td, th { border: 1px solid #d0d7de; padding: 3px 8px; text-align: right; }
  th { background: #f6f8fa; } td:first-child, th:first-child { text-align: left; }
  .chart { border: 1px solid #d0d7de; border-radius: 6px; padding: 8px; margin-top: 8px; }
  .legend span { display: inline-block; margin-right: 14px; }
  .swatch { display: inline-block; width: 11px; height: 11px; margin-right: 4px; vertical-align: -1px; }
`;

/** Functions the inline scripts call: open/fmt for amounts, el/html, legend, table, empty and the two bar charts. */
export const CHART_LIBRARY = `
  var NS = "http://www.w3.org/2000/svg";
  function open(wei) { return Number(BigInt(wei) / 1000000000000n) / 1e6; }
  // By magnitude, so that a loss (an attacker's negative earnings) reads like a gain of the same size.
  function fmt(x) { var a = Math.abs(x); return a >= 1000 ? x.toFixed(0) : a >= 1 ? x.toFixed(2) : x.toPrecision(3); }
  function el(name, attrs, text) {
    var node = document.createElementNS(NS, name);
    for (var k in attrs) node.setAttribute(k, String(attrs[k]));
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function html(tag, text) { var n = document.createElement(tag); n.textContent = text; return n; }
  function legend(id, entries) {
    var box = document.getElementById(id);
    entries.forEach(function (e) {
      var item = document.createElement("span");
      var sw = document.createElement("span"); sw.className = "swatch"; sw.style.background = e[1];
      item.appendChild(sw); item.appendChild(document.createTextNode(e[0])); box.appendChild(item);
    });
  }
  function table(id, head, rows) {
    var t = document.createElement("table"); var tr = document.createElement("tr");
    head.forEach(function (h) { tr.appendChild(html("th", h)); }); t.appendChild(tr);
    rows.forEach(function (r) { var row = document.createElement("tr"); r.forEach(function (c) { row.appendChild(html("td", c)); }); t.appendChild(row); });
    document.getElementById(id).appendChild(t);
  }
  function empty(id, text) { document.getElementById(id).appendChild(html("p", text)); }

  function verticalBars(id, bars, yLabel) {
    var W = 1060, H = 310, left = 70, bottom = 40, top = 24;
    var svg = el("svg", { width: W, height: H, viewBox: "0 0 " + W + " " + H, role: "img" });
    var max = Math.max.apply(null, bars.map(function (b) { return b.total; }).concat([1e-18]));
    var slot = (W - left - 10) / Math.max(bars.length, 1);
    for (var g = 0; g <= 4; g++) {
      var y = top + (H - top - bottom) * (1 - g / 4);
      svg.appendChild(el("line", { x1: left, x2: W - 10, y1: y, y2: y, stroke: "#eaeef2" }));
      svg.appendChild(el("text", { x: left - 6, y: y + 4, "text-anchor": "end", "font-size": 11, fill: "#57606a" }, fmt((max * g) / 4)));
    }
    svg.appendChild(el("text", { x: 8, y: 12, "font-size": 11, fill: "#57606a" }, yLabel));
    bars.forEach(function (b, i) {
      var base = H - bottom;
      b.parts.forEach(function (p) {
        var h = ((H - top - bottom) * p.value) / max;
        var rect = el("rect", { x: left + i * slot + slot * 0.1, y: base - h, width: Math.max(slot * 0.8, 1), height: h, fill: p.colour });
        rect.appendChild(el("title", {}, b.label + " — " + p.name + ": " + fmt(p.value) + " OPEN"));
        svg.appendChild(rect);
        base -= h;
      });
      if (bars.length <= 40) {
        svg.appendChild(el("text", { x: left + i * slot + slot / 2, y: H - bottom + 14, "text-anchor": "middle", "font-size": 10, fill: b.labelColour || "#57606a", "font-weight": b.labelColour ? 700 : 400 }, b.short));
      }
    });
    document.getElementById(id).appendChild(svg);
  }

  function horizontalBars(id, rows, unit) {
    var rowH = 22, W = 1060, left = 220, H = rows.length * rowH + 10;
    var svg = el("svg", { width: W, height: H, viewBox: "0 0 " + W + " " + H, role: "img" });
    var max = Math.max.apply(null, rows.map(function (r) { return r.value; }).concat([1]));
    rows.forEach(function (r, i) {
      var w = ((W - left - 90) * r.value) / max;
      svg.appendChild(el("text", { x: left - 8, y: i * rowH + 16, "text-anchor": "end", "font-size": 12 }, r.label));
      var rect = el("rect", { x: left, y: i * rowH + 4, width: Math.max(w, 1), height: rowH - 8, fill: "#2f81f7" });
      rect.appendChild(el("title", {}, r.label + ": " + r.value.toLocaleString() + " " + unit));
      svg.appendChild(rect);
      svg.appendChild(el("text", { x: left + w + 6, y: i * rowH + 16, "font-size": 12, fill: "#57606a" }, r.value.toLocaleString()));
    });
    document.getElementById(id).appendChild(svg);
  }

`;
