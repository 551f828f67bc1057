// The report's charts, in the page: reads the model (report/html.ts buildModel) from #plimsoll-data and draws
// each chart with uPlot (inlined before this script). Phases are shaded and markers drawn through uPlot's
// hooks on its own canvas. Every text from the run reaches the page as text (uPlot sets labels with
// textContent; canvas text is not markup). Each chart records what it drew as data-* attributes, so a
// headless browser's dumped DOM can be checked.
(function () {
  'use strict';
  var model = JSON.parse(document.getElementById('plimsoll-data').textContent);
  var charts = [];
  var BAND = ['rgba(37,99,235,0.055)', 'rgba(100,116,139,0.085)'];
  var FONT = 'system-ui,-apple-system,"Segoe UI",Roboto,sans-serif';

  function clock(s) {
    var t = Math.round(s);
    var h = Math.floor(t / 3600);
    var m = Math.floor((t % 3600) / 60);
    var sec = t % 60;
    var pad = function (n) { return (n < 10 ? '0' : '') + n; };
    return h ? h + ':' + pad(m) + ':' + pad(sec) : m + ':' + pad(sec);
  }

  function timeFormatter(span) {
    if (span > 90) return clock;
    return function (s) { return (+s.toFixed(s < 10 ? 2 : 1)) + ' s'; };
  }

  function fmt(unit) {
    return function (v) {
      if (v == null || !isFinite(v)) return '–';
      if (unit === 'ms') return v >= 10000 ? +(v / 1000).toFixed(1) + ' s' : (v < 10 ? +v.toFixed(2) : v < 100 ? +v.toFixed(1) : Math.round(v)) + ' ms';
      if (unit === 'pct') return +v.toFixed(v < 1 && v > 0 ? 3 : 2) + ' %';
      if (unit === 'per_s') return +v.toFixed(v < 10 ? 2 : 1) + '/s';
      return String(+v.toFixed(1));
    };
  }

  function expand(s, x) {
    if (s.values) return s.values;
    var out = new Array(x.length);
    for (var i = 0; i < x.length; i++) {
      out[i] = null;
      for (var j = 0; j < s.segments.length; j++) {
        var g = s.segments[j];
        if ((g.from == null || x[i] >= g.from) && (g.to == null || x[i] < g.to)) {
          out[i] = g.value;
          break;
        }
      }
    }
    return out;
  }

  function phasesPlugin() {
    return {
      hooks: {
        drawClear: [
          function (u) {
            var ctx = u.ctx;
            var b = u.bbox;
            ctx.save();
            ctx.beginPath();
            ctx.rect(b.left, b.top, b.width, b.height);
            ctx.clip();
            model.phases.forEach(function (p, i) {
              var x0 = u.valToPos(p.start, 'x', true);
              var x1 = u.valToPos(p.end, 'x', true);
              ctx.fillStyle = BAND[i % 2];
              ctx.fillRect(x0, b.top, x1 - x0, b.height);
            });
            ctx.restore();
          },
        ],
        draw: [
          function (u) {
            var ctx = u.ctx;
            var b = u.bbox;
            var dpr = window.devicePixelRatio || 1;
            ctx.save();
            ctx.font = 11 * dpr + 'px ' + FONT;
            ctx.fillStyle = '#5b6474';
            ctx.textBaseline = 'top';
            ctx.textAlign = 'left';
            model.phases.forEach(function (p) {
              var x0 = Math.max(u.valToPos(p.start, 'x', true), b.left);
              var x1 = Math.min(u.valToPos(p.end, 'x', true), b.left + b.width);
              var w = ctx.measureText(p.name).width;
              if (x1 - x0 > w + 8 * dpr) ctx.fillText(p.name, x0 + 4 * dpr, b.top + 3 * dpr);
            });
            ctx.restore();
          },
        ],
      },
    };
  }

  function markersPlugin(markers) {
    return {
      hooks: {
        draw: [
          function (u) {
            var ctx = u.ctx;
            var b = u.bbox;
            var dpr = window.devicePixelRatio || 1;
            markers.forEach(function (m) {
              var x = u.valToPos(m.x, 'x', true);
              if (x < b.left - 1 || x > b.left + b.width + 1) return;
              ctx.save();
              ctx.strokeStyle = m.color;
              ctx.lineWidth = 2 * dpr;
              ctx.setLineDash([5 * dpr, 4 * dpr]);
              ctx.beginPath();
              ctx.moveTo(x, b.top);
              ctx.lineTo(x, b.top + b.height);
              ctx.stroke();
              ctx.setLineDash([]);
              ctx.font = '600 ' + 12 * dpr + 'px ' + FONT;
              ctx.textAlign = 'left';
              var w = ctx.measureText(m.label).width;
              var right = x + 6 * dpr + w > b.left + b.width;
              var tx = right ? x - 6 * dpr - w : x + 6 * dpr;
              var ty = b.top + 18 * dpr;
              ctx.fillStyle = 'rgba(255,255,255,0.88)';
              ctx.fillRect(tx - 3 * dpr, ty - 2 * dpr, w + 6 * dpr, 17 * dpr);
              ctx.fillStyle = m.color;
              ctx.textBaseline = 'top';
              ctx.textAlign = 'left';
              ctx.fillText(m.label, tx, ty);
              ctx.restore();
            });
          },
        ],
      },
    };
  }

  function axis(spec, scale, side) {
    var f = fmt(spec.unit);
    var a = {
      scale: scale,
      label: spec.label,
      labelSize: 18,
      labelFont: '12px ' + FONT,
      font: '11px ' + FONT,
      size: 62,
      stroke: '#5b6474',
      grid: { stroke: '#eceef2', width: 1, show: side === 3 },
      ticks: { stroke: '#d7dbe1', width: 1 },
      values: function (u, splits) { return splits.map(f); },
    };
    if (side === 1) a.side = 1;
    return a;
  }

  function range(spec) {
    if (spec.log) return undefined;
    return function (u, min, max) {
      var hi = Math.max(max == null ? 0 : max * 1.08, spec.minMax || 0);
      return [0, hi > 0 ? hi : 1];
    };
  }

  // A time chart with segments (limits, per-phase and per-window values) gets their edges as extra x
  // values, so a segment starts and ends where it does (a step, not a slope between bucket midpoints) and a
  // limit spans the whole axis. Measured series are `undefined` there: uPlot joins across undefined and
  // breaks only at null (a bucket without requests).
  function withEdges(spec, x, end) {
    var extra = [];
    spec.series.forEach(function (s) {
      (s.segments || []).forEach(function (g) {
        extra.push(g.from == null ? 0 : g.from, g.to == null ? end : g.to - 1e-6);
      });
    });
    if (!extra.length) return { x: x, map: null };
    var all = x.map(function (v, i) { return [v, i]; }).concat(extra.map(function (v) { return [v, -1]; }));
    all.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var out = [];
    var map = [];
    all.forEach(function (p) {
      if (out.length && p[0] === out[out.length - 1]) return;
      out.push(p[0]);
      map.push(p[1]);
    });
    return { x: out, map: map };
  }

  function make(spec) {
    var el = document.getElementById(spec.el);
    if (!el) throw new Error('no element for chart ' + spec.el);
    var base = spec.x === 'time' ? model.time : spec.x;
    var planEnd = model.phases.length ? model.phases[model.phases.length - 1].end : 0;
    var end = Math.max(planEnd, base.length ? base[base.length - 1] : 0);
    var edged = spec.xUnit === 'time' ? withEdges(spec, base, end) : { x: base, map: null };
    var x = edged.x;
    var data = [x].concat(
      spec.series.map(function (s) {
        if (s.segments || !edged.map) return expand(s, x);
        return edged.map.map(function (i) { return i < 0 ? undefined : s.values[i]; });
      }),
    );
    var span = x.length ? x[x.length - 1] - x[0] : 0;
    var fx = spec.xUnit === 'time' ? timeFormatter(span) : fmt('per_s');
    var scales = { x: { time: false }, y: spec.y.log ? { distr: 3, log: 10 } : { range: range(spec.y) } };
    if (spec.xUnit === 'time') scales.x.range = function () { return [0, end]; };
    var axes = [
      {
        font: '11px ' + FONT,
        stroke: '#5b6474',
        grid: { stroke: '#eceef2', width: 1 },
        ticks: { stroke: '#d7dbe1', width: 1 },
        values: function (u, splits) { return splits.map(fx); },
        label: spec.xUnit === 'time' ? undefined : spec.xLabel,
        labelFont: '12px ' + FONT,
      },
      axis(spec.y, 'y', 3),
    ];
    if (spec.y2) {
      scales.y2 = { range: range(spec.y2) };
      axes.push(axis(spec.y2, 'y2', 1));
    }
    var series = [{ label: spec.xUnit === 'time' ? 'time' : spec.xLabel, value: function (u, v) { return v == null ? '–' : fx(v); } }].concat(
      spec.series.map(function (s) {
        var unit = s.scale === 'y2' ? spec.y2.unit : spec.y.unit;
        var o = {
          label: s.label,
          stroke: s.color,
          width: s.width || 1.5,
          scale: s.scale || 'y',
          spanGaps: false,
          points: { show: !!s.points, size: 6, fill: s.color },
          value: (function (f) { return function (u, v) { return f(v); }; })(fmt(unit)),
        };
        if (s.dash) o.dash = s.dash;
        if (s.fill) o.fill = s.fill;
        return o;
      }),
    );
    var plugins = [];
    if (spec.phases) plugins.push(phasesPlugin());
    if (spec.markers.length) plugins.push(markersPlugin(spec.markers));
    var opts = {
      width: Math.max(280, el.clientWidth || 800),
      height: spec.height,
      // Charts without a right-hand axis keep its room, so every full-width chart's time axis lines up.
      padding: [null, spec.y2 ? 10 : spec.small ? 12 : 90, null, null],
      scales: scales,
      axes: axes,
      series: series,
      plugins: plugins,
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
    };
    var u = new uPlot(opts, data, el);
    charts.push({ u: u, el: el, height: spec.height });
    // What was drawn, for the tests (and anyone inspecting the page).
    var limits = [];
    var points = 0;
    spec.series.forEach(function (s, i) {
      if (s.kind === 'data') u.data[i + 1].forEach(function (v) { if (v != null) points++; });
      if (s.kind !== 'limit') return;
      var seen = {};
      u.data[i + 1].forEach(function (v) { if (v != null) seen[v] = true; });
      limits.push({ label: s.label, values: Object.keys(seen).map(Number) });
    });
    el.setAttribute('data-rendered', 'true');
    el.setAttribute('data-series', String(spec.series.length));
    el.setAttribute('data-limits', JSON.stringify(limits));
    el.setAttribute('data-points', String(points));
    el.setAttribute('data-markers', JSON.stringify(spec.markers.map(function (m) { return { x: m.x, label: m.label }; })));
    el.setAttribute('data-log', spec.y.log ? 'true' : 'false');
  }

  var ok = 0;
  model.charts.forEach(function (spec) {
    try {
      make(spec);
      ok++;
    } catch (e) {
      (window.__plimsollError || console.error)('chart ' + spec.el + ': ' + (e && e.message ? e.message : e));
    }
  });
  document.documentElement.setAttribute('data-charts', String(ok));

  var pending;
  window.addEventListener('resize', function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      charts.forEach(function (c) { c.u.setSize({ width: Math.max(280, c.el.clientWidth || 800), height: c.height }); });
    }, 100);
  });
})();
