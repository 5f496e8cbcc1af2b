/* finsam: chart behaviour shared by every page, appended after plotly.js (no network).
   At phone width a legend in a row under the title would cover the title as it wraps into
   several rows; there it moves under the chart, and the chart grows by its height. */
window.finsamFit = function (gd) {
  // By the window, not the chart: a chart on a hidden slide is 0 px wide until shown.
  if (!gd || !window.Plotly || window.innerWidth >= 640) { return gd; }
  // Text sized for a slide or a wide page is too large on a phone: 12 px, notes 10 px.
  var small = {"font.size": 12, "xaxis.tickfont.size": 11, "yaxis.tickfont.size": 11,
               "xaxis.title.font.size": 12, "yaxis.title.font.size": 12,
               "legend.font.size": 12, "title.font.size": 14, "uniformtext.minsize": 10};
  (gd.layout.annotations || []).forEach(function (a, i) {
    small["annotations[" + i + "].font.size"] = 10;
  });
  window.Plotly.restyle(gd, {"textfont.size": 11});
  window.Plotly.relayout(gd, small);
  var entries = gd.data.filter(function (t) { return t.showlegend !== false; }).length;
  if (entries < 2) { return gd; }
  var extra = 26 * entries;  // one entry a row, the worst case at 390 px
  var margin = gd.layout.margin || {};
  return window.Plotly.relayout(gd, {
    "legend.orientation": "h", "legend.yref": "container", "legend.y": 0,
    "legend.yanchor": "bottom", "legend.x": 0, "legend.xanchor": "left",
    "margin.t": 60, "margin.b": (margin.b || 80) + extra,
    "height": (gd.layout.height || 460) + extra - ((margin.t || 60) - 60)
  });
};
