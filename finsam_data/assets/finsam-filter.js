/* finsam: the förbund filter of a comparison page (figures.filter_control), offline.
   "De högsta och lägsta" is the page as printed; "Alla", one län, or a search shows the
   matching förbund in every ranked chart (layout.meta.finsam_rank, figures.ranking) and the
   matching rows of every filterable table (div.finsam-table[data-finsam-filter]).
   Text from documents arrives escaped by Python (chart labels and hovers are plotly text,
   table cells are not touched); this script only compares strings and sets hidden/textContent. */
(function () {
  "use strict";

  function norm(text) { return String(text || "").toLocaleLowerCase("sv"); }

  function wanted(view, query, name, lan) {
    if (view.indexOf("lan:") === 0 && lan !== view.slice(4)) { return false; }
    return !query || norm(name).indexOf(query) !== -1;
  }

  function redraw(gd, rank, view, query) {
    var rows = rank.rows, n = rows.length, top = rank.top, keep = [], i;
    var edges = view === "topp" && !query && n > 2 * top + 4;
    for (i = 0; i < n; i += 1) {
      if (edges) {
        keep.push(i < top || i >= n - top || rows[i].o);
      } else {
        keep.push(wanted(view, query, rows[i].n, rows[i].l));
      }
    }
    var update = {x: [], y: [], hovertext: [], text: [], textposition: [],
                  "marker.line.width": [], "marker.line.color": [], "marker.pattern.shape": []};
    var order = [], shown = 0, indices = [];
    rank.traces.forEach(function (tr, j) {
      var pick = function (arr) { return arr.filter(function (_, k) { return keep[tr.i[k]]; }); };
      update.x.push(pick(tr.x));
      update.y.push(pick(tr.y));
      update.hovertext.push(pick(tr.h));
      update.text.push(pick(tr.t));
      update.textposition.push(pick(tr.tp));
      update["marker.line.width"].push(pick(tr.w));
      update["marker.line.color"].push(pick(tr.c));
      update["marker.pattern.shape"].push(pick(tr.p));
      indices.push(j);
    });
    var label = {};
    rank.traces.forEach(function (tr) {
      tr.i.forEach(function (r, k) { label[r] = tr.y[k]; });
    });
    for (i = 0; i < n; i += 1) {
      if (keep[i]) { order.push(label[i]); shown += 1; }
    }
    var sub = edges ? rank.subtitles.topbottom
      : (shown === n ? rank.subtitles.all : rank.subtitles.some.replace("{n}", String(shown)));
    window.Plotly.restyle(gd, update, indices);
    return window.Plotly.relayout(gd, {
      "yaxis.categoryarray": order,
      "title.subtitle.text": sub,
      "shapes": edges ? [rank.cut] : [],
      "height": Math.max(300, rank.base + rank.px * Math.max(shown, 1))
    });
  }

  function apply(form) {
    var view = form.elements.visa.value;
    var query = norm(form.elements.sok.value.trim());
    var count = 0, total = 0;
    Array.prototype.forEach.call(form.querySelectorAll("datalist option"), function (o) {
      total += 1;
      if (view === "topp" || wanted(view, query, o.value, o.getAttribute("data-lan"))) {
        count += query || view !== "topp" ? 1 : 0;
      }
    });
    Array.prototype.forEach.call(
      document.querySelectorAll("div.finsam-table[data-finsam-filter] tbody tr"),
      function (tr) {
        tr.hidden = !(view === "topp" && !query ? true
          : wanted(view === "topp" ? "alla" : view, query, tr.getAttribute("data-forbund"),
                   tr.getAttribute("data-lan")));
      });
    if (window.Plotly) {
      Array.prototype.forEach.call(document.querySelectorAll(".finsam-chart"), function (gd) {
        var meta = gd.layout && gd.layout.meta;
        if (meta && meta.finsam_rank) { redraw(gd, meta.finsam_rank, view, query); }
      });
    }
    var status = form.querySelector(".finsam-filter-status");
    if (status) {
      status.textContent = view === "topp" && !query ? ""
        : count + " av " + total + " förbund";
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-finsam-filter-form]"),
      function (form) {
        form.addEventListener("change", function () { apply(form); });
        form.addEventListener("input", function () { apply(form); });
      });
  });
}());
