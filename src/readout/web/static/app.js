/* readout pages: clean filter URLs, the country-pair swap, table CSV export, and the
 * article page's highlights (click one: its records open in the side panel; the URL's
 * #E1 / #Q2 / #A3 / #N0 selects a record on load). No libraries. */
(function () {
  "use strict";

  function esc(s) {
    return String(s === null || s === undefined ? "" : s).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  /* Filter forms: drop empty fields so shared URLs carry only the state that matters. */
  function cleanForms() {
    document.querySelectorAll("form.filters").forEach(function (form) {
      form.addEventListener("submit", function () {
        form.querySelectorAll("input, select").forEach(function (f) {
          if (f.name && !f.value && f.type !== "checkbox") f.disabled = true;
        });
        setTimeout(function () { form.querySelectorAll("[disabled]").forEach(function (f) { f.disabled = false; }); }, 0);
      });
    });
    document.querySelectorAll("[data-swap]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var ids = btn.dataset.swap.split(" "), a = document.getElementById(ids[0]), b = document.getElementById(ids[1]);
        var v = a.value; a.value = b.value; b.value = v;
      });
    });
  }

  /* Any table as CSV, from what it shows. */
  function tableCsv() {
    document.querySelectorAll("[data-table-csv]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var table = document.getElementById(btn.dataset.tableCsv);
        var lines = Array.prototype.map.call(table.querySelectorAll("tr"), function (tr) {
          return Array.prototype.map.call(tr.children, function (td) {
            return '"' + td.textContent.trim().replace(/\s+/g, " ").replace(/"/g, '""') + '"';
          }).join(",");
        });
        var a = document.createElement("a");
        a.href = URL.createObjectURL(new Blob([lines.join("\n") + "\n"], { type: "text/csv" }));
        a.download = btn.dataset.tableCsv + ".csv";
        document.body.appendChild(a); a.click(); a.remove();
      });
    });
  }

  /* ---------------------------------------------------------------- article page */

  var KIND_LABEL = { actor: "Actor", event: "Event", quote: "Quote", quantity: "Quantity", timex: "Date" };

  function summary(kind, r) {
    var rows = [];
    var ref = function (x) { return x ? (x.code || "uncoded") + (x.text ? " · " + x.text : "") : "—"; };
    if (kind === "event") {
      rows = [["who", ref(r.source) + " → " + ref(r.target)], ["CAMEO", r.cameo + " (root " + r.root + ", quad " + r.quad_class + ")"],
        ["Goldstein", r.goldstein], ["PLOVER", r.plover || ""], ["trigger", (r.trigger || {}).text],
        ["date", r.date || ""], ["modality", (r.negated ? "negated, " : "") + r.modality], ["confidence", r.confidence], ["rule", r.rule]];
    } else if (kind === "actor") {
      rows = [["name", r.name], ["code", r.code || "uncoded"], ["kind", r.kind || ""], ["role", r.role || ""], ["mentions", (r.mentions || []).length]];
    } else if (kind === "quote") {
      rows = [["speaker", ref(r.speaker)], ["cue", (r.cue || {}).text || ""], ["kind", r.kind], ["words", (r.content || {}).text], ["addressee", ref(r.addressee)]];
    } else if (kind === "quantity") {
      rows = [["text", r.text], ["value", r.value], ["unit", r.unit || ""], ["metric", r.metric || ""], ["period", r.period || ""], ["subjects", (r.subjects || []).join(", ")]];
    } else if (kind === "timex") {
      rows = [["text", r.text], ["type", r.type], ["value", r.value || ""]];
    }
    return '<table class="kv">' + rows.map(function (kv) {
      return "<tr><th>" + esc(kv[0]) + "</th><td>" + esc(kv[1]) + "</td></tr>";
    }).join("") + "</table>";
  }

  function articlePage() {
    var body = document.getElementById("article-body"), panel = document.getElementById("record-panel");
    var script = document.getElementById("record-index");
    if (!body || !panel || !script) return;
    var index = JSON.parse(script.textContent);
    var segments = Array.prototype.slice.call(body.querySelectorAll("[data-start]"));

    function clear() {
      body.querySelectorAll(".selected, .evidence-on").forEach(function (s) { s.classList.remove("selected", "evidence-on"); });
    }

    function show(refs, focusRef) {
      clear();
      refs = refs.filter(function (r) { return index[r]; });
      if (!refs.length) return;
      var focus = focusRef || refs[0];
      segments.forEach(function (s) {
        if ((s.dataset.refs || "").split(" ").indexOf(focus) >= 0) s.classList.add("selected");
      });
      var first = index[focus];
      if (first && first.kind === "event" && first.record.evidence) {
        var lo = first.record.evidence[0], hi = first.record.evidence[1];
        segments.forEach(function (s) { if (+s.dataset.start >= lo && +s.dataset.end <= hi) s.classList.add("evidence-on"); });
      }
      panel.innerHTML = refs.map(function (r) {
        var item = index[r];
        return '<section class="record rec-' + item.kind + '" data-ref="' + esc(r) + '"><h3>' + esc(KIND_LABEL[item.kind] || item.kind) +
          " " + esc(r) + "</h3>" + summary(item.kind, item.record) +
          "<details><summary>record JSON</summary><pre>" + esc(JSON.stringify(item.record, null, 2)) + "</pre></details></section>";
      }).join("");
      history.replaceState(null, "", "#" + (focusRef || refs[0]));
    }

    body.addEventListener("click", function (ev) {
      var seg = ev.target.closest(".m");
      if (seg) show(seg.dataset.refs.split(" "));
    });
    body.addEventListener("keydown", function (ev) {
      var seg = ev.target.closest(".m");
      if (seg && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); show(seg.dataset.refs.split(" ")); }
    });
    document.querySelectorAll("[data-select]").forEach(function (a) {
      a.addEventListener("click", function (ev) { ev.preventDefault(); select(a.dataset.select); });
    });
    document.querySelectorAll("[data-kind-toggle]").forEach(function (box) {
      box.addEventListener("change", function () { body.classList.toggle("hide-" + box.dataset.kindToggle, !box.checked); });
    });

    function select(ref) {
      if (!index[ref]) return;
      show([ref], ref);
      var seg = body.querySelector(".selected");
      if (seg) seg.scrollIntoView({ block: "center" });
    }
    if (window.location.hash.length > 1) select(decodeURIComponent(window.location.hash.slice(1)));
    window.addEventListener("hashchange", function () { select(decodeURIComponent(window.location.hash.slice(1))); });
  }

  function init() { cleanForms(); tableCsv(); articlePage(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
