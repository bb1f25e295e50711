/* global document, fetch, uPlot */
// Draws each objective's charts on the SLA page with uPlot from its JSON endpoint
// (data-chart-url): the SLI against its threshold and warning line, and the budget burn-down.
(function () {
  'use strict';

  function width(el) {
    return Math.max(320, Math.floor(el.getBoundingClientRect().width || 800));
  }

  function constant(ts, value) {
    return ts.map(function () {
      return value;
    });
  }

  function sliChart(el, c) {
    var series = [
      {},
      {
        label: c.measure + (c.unit ? ' (' + c.unit + ')' : ''),
        stroke: '#0b57d0',
        width: 2,
        spanGaps: false,
      },
    ];
    var data = [c.sli.t, c.sli.v];
    series.push({ label: 'threshold', stroke: '#b42318', dash: [6, 4], width: 1.5 });
    data.push(constant(c.sli.t, c.threshold));
    if (c.warning !== null) {
      series.push({ label: 'warning', stroke: '#b54708', dash: [2, 4], width: 1.5 });
      data.push(constant(c.sli.t, c.warning));
    }
    var opts = { width: width(el), height: 240, series: series, scales: { x: { time: true } } };
    // A good share sits just under 1: as plain numbers every tick would read "1" or "0.999".
    if (c.kind === 'budget') opts.axes = [{}, { size: 80, values: percentTicks }];
    return new uPlot(opts, data, el);
  }

  function percentTicks(_u, ticks) {
    var step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) * 100 : 1;
    var digits = Math.min(6, Math.max(0, Math.ceil(-Math.log10(step)) + 1));
    return ticks.map(function (v) {
      return (v * 100).toFixed(digits) + ' %';
    });
  }

  function burnChart(el, c) {
    var series = [
      {},
      { label: 'budget left (%)', stroke: '#067647', width: 2, fill: 'rgba(6,118,71,0.08)' },
      { label: 'exhausted', stroke: '#b42318', dash: [6, 4], width: 1.5 },
    ];
    var left = c.burnDown.v.map(function (v) {
      return v === null ? null : v * 100;
    });
    var data = [c.burnDown.t, left, constant(c.burnDown.t, 0)];
    return new uPlot(
      { width: width(el), height: 200, series: series, scales: { x: { time: true } } },
      data,
      el,
    );
  }

  function draw(container) {
    var url = container.getAttribute('data-chart-url');
    if (!url || typeof uPlot === 'undefined') return;
    fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (res) {
        return res.ok ? res.json() : Promise.reject(new Error('HTTP ' + res.status));
      })
      .then(function (c) {
        var sli = container.querySelector('.sli-plot');
        if (sli) sliChart(sli, c);
        var burn = container.querySelector('.burn-plot');
        if (burn && c.burnDown) burnChart(burn, c);
        container.setAttribute('data-drawn', 'true');
      })
      .catch(function (e) {
        var p = document.createElement('p');
        p.className = 'error';
        p.textContent = 'The chart could not be loaded: ' + e.message;
        container.appendChild(p);
      });
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-chart-url]').forEach(draw);
  });
})();
