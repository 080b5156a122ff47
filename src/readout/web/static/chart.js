/* readout charts: plain SVG, no libraries.
 *
 * <figure class="chart" data-kind="timeline" data-src="/api/timeline?..."> draws stacked bars
 * of events per quad class and the mean Goldstein line per period; raw counts or shares of
 * all events; drag to zoom to a date range (written to the URL); click a bar for its events.
 * <figure class="chart" data-kind="bars" data-values='[...]'> draws events per quad class.
 * Every chart exports itself as SVG or PNG.
 */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var QUADS = [
    { key: "quad1", color: "#8cc78c", label: "verbal cooperation" },
    { key: "quad2", color: "#2a7f3a", label: "material cooperation" },
    { key: "quad3", color: "#f2a66b", label: "verbal conflict" },
    { key: "quad4", color: "#c0392b", label: "material conflict" }
  ];
  var FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif";

  function el(name, attrs, parent, text) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }

  function addDays(iso, n) {
    var d = new Date(iso + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }

  function periodEnd(iso, by) {
    if (by === "day") return iso;
    if (by === "week") return addDays(iso, 6);
    var d = new Date(iso + "T00:00:00Z");
    if (by === "month") d.setUTCMonth(d.getUTCMonth() + 1);
    else if (by === "quarter") d.setUTCMonth(d.getUTCMonth() + 3);
    else d.setUTCFullYear(d.getUTCFullYear() + 1);
    d.setUTCDate(d.getUTCDate() - 1);
    return d.toISOString().slice(0, 10);
  }

  /* A tick step of 1, 2, 2.5 or 5 times a power of ten giving about four ticks up to v
     (whole numbers for counts); returns [top of the axis, step]. */
  function axis(v, whole) {
    if (!(v > 0)) return [whole ? 4 : 1, whole ? 1 : 0.25];
    var raw = v / 4, p = Math.pow(10, Math.floor(Math.log10(raw))), step = 10 * p;
    [1, 2, 2.5, 5, 10].some(function (k) { if (k * p >= raw) { step = k * p; return true; } return false; });
    if (whole) step = Math.max(1, Math.ceil(step));
    return [step * Math.ceil(v / step - 1e-9), step];
  }

  function niceMax(v) { return axis(v, false)[0]; }

  function fmt(v, share) {
    if (share) return (v * 100).toFixed(v * 100 < 10 && v > 0 ? 1 : 0) + "%";
    return Math.abs(v) >= 10 || v === Math.round(v) ? String(Math.round(v)) : v.toFixed(1);
  }

  function withParams(href, changes) {
    var url = new URL(href, window.location.href);
    Object.keys(changes).forEach(function (k) {
      if (changes[k] === null || changes[k] === "") url.searchParams.delete(k);
      else url.searchParams.set(k, changes[k]);
    });
    return url.pathname + (url.search || "");
  }

  function frame(body, height) {
    body.innerHTML = "";
    var W = Math.max(body.clientWidth || 800, 420);
    var svg = el("svg", { xmlns: NS, width: W, height: height, viewBox: "0 0 " + W + " " + height,
      "font-family": FONT, "font-size": 11, "class": "chart-svg" }, body);
    el("rect", { x: 0, y: 0, width: W, height: height, fill: "#ffffff" }, svg);
    return { svg: svg, W: W, H: height };
  }

  function legend(svg, x, y, items) {
    items.forEach(function (it) {
      if (it.line) el("line", { x1: x, y1: y + 5, x2: x + 14, y2: y + 5, stroke: it.color, "stroke-width": 2 }, svg);
      else el("rect", { x: x, y: y, width: 12, height: 10, fill: it.color }, svg);
      var t = el("text", { x: x + 18, y: y + 9, fill: "#333" }, svg, it.label);
      x += 26 + it.label.length * 6.2;
    });
  }

  /* ---------------------------------------------------------------- timeline */

  function shares(periods, scale) {
    return periods.map(function (p) {
      return QUADS.map(function (q) {
        if (scale !== "share") return p[q.key] || 0;
        return p.total ? (p[q.key] || 0) / p.total : 0;
      });
    });
  }

  function drawTimeline(fig, periods, scale) {
    var body = fig.querySelector(".chart-body");
    if (!periods.length) { body.innerHTML = '<p class="muted">No dated events to draw.</p>'; return; }
    var f = frame(body, 300), svg = f.svg, share = scale === "share";
    var m = { l: 52, r: 52, t: 14, b: 64 }, pw = f.W - m.l - m.r, ph = f.H - m.t - m.b;
    var vals = shares(periods, scale);
    var ax = axis(Math.max.apply(null, vals.map(function (v) { return v[0] + v[1] + v[2] + v[3]; })), !share);
    var ymax = ax[0], nt = Math.round(ymax / ax[1]);
    var bw = pw / periods.length, gap = Math.min(2, bw * 0.15);
    var yOf = function (v) { return m.t + ph - (v / ymax) * ph; };
    var gOf = function (g) { return m.t + ph * (1 - (g + 10) / 20); };
    for (var t = 0; t <= nt; t++) {
      var v = ax[1] * t, y = yOf(v);
      el("line", { x1: m.l, x2: m.l + pw, y1: y, y2: y, stroke: "#e4e4e4" }, svg);
      el("text", { x: m.l - 6, y: y + 4, "text-anchor": "end", fill: "#555" }, svg, fmt(v, share));
    }
    for (var k = 0; k <= 4; k++) {
      var g = -10 + 5 * k;
      el("text", { x: m.l + pw + 6, y: gOf(g) + 4, fill: "#555" }, svg, (g > 0 ? "+" : "") + g);
    }
    el("line", { x1: m.l, x2: m.l + pw, y1: gOf(0), y2: gOf(0), stroke: "#999", "stroke-dasharray": "3 3" }, svg);
    var bars = el("g", { "class": "bars" }, svg);
    periods.forEach(function (p, i) {
      var base = 0;
      QUADS.forEach(function (q, j) {
        var val = vals[i][j];
        if (!val) return;
        var w = Math.max(Math.min(bw - gap, 56), 1);
        var r = el("rect", { x: m.l + (i + 0.5) * bw - w / 2, y: yOf(base + val), width: w,
          height: yOf(base) - yOf(base + val), fill: q.color, "class": "bar", "data-i": i, "data-quad": j + 1 }, bars);
        el("title", {}, r, p.period + ": " + (p[q.key] || 0) + " " + q.label +
          (p.total ? " (" + fmt((p[q.key] || 0) / p.total, true) + " of all " + p.total + " events)" : ""));
        base += val;
      });
    });
    var pts = [];
    periods.forEach(function (p, i) {
      if (p.goldstein_mean === null || p.goldstein_mean === undefined) return;
      pts.push([m.l + (i + 0.5) * bw, gOf(p.goldstein_mean), p]);
    });
    if (pts.length > 1) el("polyline", { points: pts.map(function (q) { return q[0] + "," + q[1]; }).join(" "),
      fill: "none", stroke: "#222", "stroke-width": 1.5, "class": "goldstein-line" }, svg);
    pts.forEach(function (q) {
      var c = el("circle", { cx: q[0], cy: q[1], r: 2.6, fill: "#222", "class": "goldstein-dot" }, svg);
      el("title", {}, c, q[2].period + ": mean Goldstein " + q[2].goldstein_mean);
    });
    var step = Math.max(1, Math.ceil(periods.length / Math.max(2, Math.floor(pw / 70))));
    periods.forEach(function (p, i) {
      if (i % step) return;
      var x = m.l + (i + 0.5) * bw;
      el("line", { x1: x, x2: x, y1: m.t + ph, y2: m.t + ph + 4, stroke: "#777" }, svg);
      el("text", { x: x, y: m.t + ph + 16, "text-anchor": "middle", fill: "#444" }, svg, p.period);
    });
    el("line", { x1: m.l, x2: m.l + pw, y1: m.t + ph, y2: m.t + ph, stroke: "#777" }, svg);
    el("text", { x: 12, y: m.t + ph / 2, transform: "rotate(-90 12 " + (m.t + ph / 2) + ")", "text-anchor": "middle", fill: "#333" },
      svg, share ? "share of all events" : "events");
    el("text", { x: f.W - 10, y: m.t + ph / 2, transform: "rotate(90 " + (f.W - 10) + " " + (m.t + ph / 2) + ")", "text-anchor": "middle", fill: "#333" },
      svg, "mean Goldstein");
    legend(svg, m.l, f.H - 22, QUADS.map(function (q) { return { color: q.color, label: q.label }; })
      .concat([{ color: "#222", label: "mean Goldstein", line: true }]));
    brush(fig, svg, periods, { m: m, pw: pw, ph: ph, bw: bw });
    fig.classList.add("ready");
  }

  function brush(fig, svg, periods, geo) {
    var by = fig.dataset.by || "week", zoom = fig.dataset.zoom === "1", start = null, box = null;
    var idx = function (x) { return Math.max(0, Math.min(periods.length - 1, Math.floor((x - geo.m.l) / geo.bw))); };
    var local = function (ev) { var r = svg.getBoundingClientRect(); return ev.clientX - r.left; };
    svg.addEventListener("mousedown", function (ev) {
      start = local(ev);
      if (zoom) box = el("rect", { x: start, y: geo.m.t, width: 0, height: geo.ph, fill: "rgba(40,90,200,0.15)", stroke: "#285ac8", "class": "brush" }, svg);
      ev.preventDefault();
    });
    svg.addEventListener("mousemove", function (ev) {
      if (start === null || !box) return;
      var x = local(ev);
      box.setAttribute("x", Math.min(x, start));
      box.setAttribute("width", Math.abs(x - start));
    });
    svg.addEventListener("mouseup", function (ev) {
      if (start === null) return;
      var x = local(ev), i0 = idx(Math.min(x, start)), i1 = idx(Math.max(x, start));
      if (box) box.remove();
      var moved = Math.abs(x - start) > 4;
      start = null; box = null;
      if (moved && zoom) {
        window.location.assign(withParams(window.location.href, { since: periods[i0].period,
          until: periodEnd(periods[i1].period, by), page: null, qpage: null }));
      } else if (!moved && ev.target.classList.contains("bar") && fig.dataset.events) {
        var p = periods[+ev.target.dataset.i];
        window.location.assign(withParams(fig.dataset.events, { since: p.period, until: periodEnd(p.period, by),
          quad: ev.target.dataset.quad, page: null }));
      }
    });
  }

  function setupTimeline(fig) {
    var scale = fig.dataset.scale === "share" ? "share" : "raw", periods = null;
    var mark = function () {
      fig.querySelectorAll("[data-scale-set]").forEach(function (b) {
        b.classList.toggle("on", b.dataset.scaleSet === scale);
        b.setAttribute("aria-pressed", b.dataset.scaleSet === scale ? "true" : "false");
      });
    };
    fig.querySelectorAll("[data-scale-set]").forEach(function (b) {
      b.addEventListener("click", function () {
        scale = b.dataset.scaleSet;
        fig.dataset.scale = scale;
        history.replaceState(null, "", withParams(window.location.href, { scale: scale === "share" ? scale : null }));
        mark();
        if (periods) drawTimeline(fig, periods, scale);
      });
    });
    fig.querySelectorAll("[data-by-link]").forEach(function (a) {
      a.setAttribute("href", withParams(window.location.href, { by: a.dataset.byLink, page: null }));
    });
    var here = new URL(window.location.href), reset = fig.querySelector(".reset-zoom");
    if (reset && (here.searchParams.get("since") || here.searchParams.get("until"))) {
      reset.hidden = false;
      reset.setAttribute("href", withParams(window.location.href, { since: null, until: null, page: null, qpage: null }));
    }
    mark();
    fetch(fig.dataset.src, { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status + " " + r.statusText); return r.json(); })
      .then(function (data) {
        periods = data.periods || [];
        var body = fig.querySelector(".chart-body"), drawnWidth = body.clientWidth, again = null;
        drawTimeline(fig, periods, scale);
        // redraw only when the chart's width changed: a window that only grows taller (a
        // mobile URL bar, a full-page screenshot) keeps the chart and a drag in progress
        window.addEventListener("resize", function () {
          clearTimeout(again);
          again = setTimeout(function () {
            if (body.clientWidth === drawnWidth) return;
            drawnWidth = body.clientWidth;
            drawTimeline(fig, periods, scale);
          }, 150);
        });
      })
      .catch(function (err) {
        fig.querySelector(".chart-body").innerHTML = '<p class="error">The chart could not be loaded: ' + err.message + "</p>";
      });
  }

  /* ---------------------------------------------------------------- quad bars */

  function drawBars(fig) {
    var values = JSON.parse(fig.dataset.values || "[]");
    var f = frame(fig.querySelector(".chart-body"), 230), svg = f.svg;
    var m = { l: 150, r: 50, t: 10, b: 10 }, pw = f.W - m.l - m.r, rowH = (f.H - m.t - m.b) / 4;
    var vmax = niceMax(Math.max.apply(null, values.map(function (v) { return v.events; }).concat([1])));
    values.forEach(function (v, i) {
      var q = QUADS[v.quad_class - 1], y = m.t + i * rowH, w = (v.events / vmax) * pw;
      el("text", { x: m.l - 8, y: y + rowH / 2 + 4, "text-anchor": "end", fill: "#333" }, svg, v.quad_class + " " + q.label);
      var r = el("rect", { x: m.l, y: y + 6, width: Math.max(w, 1), height: rowH - 12, fill: q.color, "class": "bar", "data-quad": v.quad_class }, svg);
      el("title", {}, r, v.events + " events of " + q.label);
      el("text", { x: m.l + w + 6, y: y + rowH / 2 + 4, fill: "#222" }, svg, String(v.events));
      if (fig.dataset.link) {
        r.style.cursor = "pointer";
        r.addEventListener("click", function () { window.location.assign(withParams(fig.dataset.link, { quad: v.quad_class })); });
      }
    });
    fig.classList.add("ready");
  }

  /* ---------------------------------------------------------------- export */

  function save(blob, name) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  function exportChart(fig, kind) {
    var svg = fig.querySelector("svg");
    if (!svg) return;
    var name = (fig.dataset.title || "chart").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").toLowerCase();
    var text = new XMLSerializer().serializeToString(svg);
    if (kind === "svg") { save(new Blob([text], { type: "image/svg+xml" }), name + ".svg"); return; }
    var img = new Image(), w = +svg.getAttribute("width"), h = +svg.getAttribute("height");
    img.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = w * 2; canvas.height = h * 2;
      var ctx = canvas.getContext("2d");
      ctx.scale(2, 2);
      ctx.drawImage(img, 0, 0);
      canvas.toBlob(function (blob) { save(blob, name + ".png"); }, "image/png");
    };
    img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
  }

  function init() {
    document.querySelectorAll("figure.chart").forEach(function (fig) {
      if (fig.dataset.kind === "timeline") setupTimeline(fig);
      else if (fig.dataset.kind === "bars") drawBars(fig);
      fig.querySelectorAll("[data-export]").forEach(function (b) {
        b.addEventListener("click", function () { exportChart(fig, b.dataset.export); });
      });
    });
  }

  window.readoutChart = { exportChart: exportChart, periodEnd: periodEnd };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
