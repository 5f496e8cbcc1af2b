/* finsam: chart behaviour shared by every page, appended after plotly.js (no network).
   At phone width a legend in a row under the title would cover the title as it wraps into
   several rows; there it moves under the chart, and the chart grows by its height. */
window.finsamFit = function (gd) {
  if (!gd || !window.Plotly || gd.clientWidth >= 600) { return gd; }
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
