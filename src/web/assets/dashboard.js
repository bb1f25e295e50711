/* global document, EventSource, setTimeout, setInterval */
// Small progressive enhancements; every page works without them.
// - countdowns ([data-deadline-ms]) tick every second;
// - the overview (#overview-rows) takes live rows over SSE (/live) and keeps them sorted by risk;
// - incident and watch pages (#live-notice) say when their record changed.
(function () {
  'use strict';

  function span(ms) {
    var s = Math.round(Math.abs(ms) / 1000);
    var h = Math.floor(s / 3600);
    var m = Math.floor((s % 3600) / 60);
    var sec = s % 60;
    var pad = function (n) {
      return (n < 10 ? '0' : '') + n;
    };
    return h > 0 ? h + 'h ' + pad(m) + 'm' : m + 'm ' + pad(sec) + 's';
  }

  function tickCountdowns() {
    var now = Date.now();
    document.querySelectorAll('[data-deadline-ms]').forEach(function (el) {
      var at = Number(el.getAttribute('data-deadline-ms'));
      if (!Number.isFinite(at)) return;
      var d = at - now;
      var when = el.getAttribute('datetime') || '';
      el.textContent =
        when.slice(11, 16) + ' UTC (' + (d >= 0 ? 'in ' + span(d) : span(d) + ' overdue') + ')';
      el.classList.toggle('overdue', d < 0);
    });
  }

  function sortKey(tr) {
    var num = function (name) {
      var v = tr.getAttribute(name);
      return v === null || v === '' ? Infinity : Number(v);
    };
    return [
      num('data-rank'),
      num('data-ttt'),
      num('data-budget'),
      tr.getAttribute('data-name') || '',
    ];
  }

  function compareRows(a, b) {
    var ka = sortKey(a);
    var kb = sortKey(b);
    for (var i = 0; i < 3; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    return ka[3] < kb[3] ? -1 : ka[3] > kb[3] ? 1 : 0;
  }

  function setCell(tr, cls, text) {
    var td = tr.querySelector('.' + cls);
    if (td) td.textContent = text;
  }

  // The summary's "N in breach" and "N early warning" follow the rows that change state.
  function recount(from, to) {
    if (from === to) return;
    [
      [from, -1],
      [to, 1],
    ].forEach(function (change) {
      var el = document.querySelector('[data-count="' + change[0] + '"]');
      var n = el ? parseInt(el.textContent, 10) : NaN;
      if (!Number.isFinite(n)) return;
      el.textContent = el.textContent.replace(/\d+/, String(Math.max(0, n + change[1])));
    });
  }

  function applyRow(tbody, row) {
    var tr = null;
    tbody.querySelectorAll('tr[data-key]').forEach(function (el) {
      if (el.getAttribute('data-key') === row.key) tr = el;
    });
    if (tr === null) return false;
    recount(tr.getAttribute('data-status'), row.status);
    tr.setAttribute('data-status', row.status);
    tr.setAttribute('data-rank', String(row.rank));
    tr.setAttribute('data-ttt', row.ttt === null ? '' : String(row.ttt));
    tr.setAttribute('data-budget', row.budget === null ? '' : String(row.budget));
    var status = tr.querySelector('.c-status');
    if (status) {
      var badge = document.createElement('span');
      badge.className = 'badge s-' + row.status;
      badge.textContent = row.statusLabel;
      status.replaceChildren(badge);
    }
    setCell(tr, 'c-budget', row.budgetText);
    setCell(tr, 'c-burn', row.burnText);
    setCell(tr, 'c-ttt', row.tttText);
    setCell(tr, 'c-since', row.sinceText);
    setCell(tr, 'c-reason', row.reason);
    if (row.links) {
      var cell = tr.querySelector('.c-case');
      if (cell) {
        if (row.caseHref) {
          var a = document.createElement('a');
          a.href = row.caseHref;
          a.textContent = row.caseText;
          cell.replaceChildren(a);
        } else {
          cell.replaceChildren();
        }
      }
    }
    tr.classList.remove('changed');
    void tr.offsetWidth;
    tr.classList.add('changed');
    return true;
  }

  function resort(tbody) {
    var rows = Array.prototype.slice.call(tbody.querySelectorAll('tr[data-key]'));
    rows.sort(compareRows);
    rows.forEach(function (tr) {
      tbody.appendChild(tr);
    });
  }

  function startLive() {
    var tbody = document.getElementById('overview-rows');
    var notice = document.getElementById('live-notice');
    if ((!tbody && !notice) || typeof EventSource === 'undefined') return;
    var status = document.getElementById('live-status');
    var source = new EventSource('/live');
    var pending = false;
    source.addEventListener('open', function () {
      if (status) status.textContent = '● live';
    });
    source.addEventListener('error', function () {
      if (status) status.textContent = '○ reconnecting';
    });
    if (tbody) {
      source.addEventListener('row', function (e) {
        var row = JSON.parse(e.data);
        var shown = applyRow(tbody, row);
        if (
          !shown &&
          row.status !== 'ok' &&
          status &&
          !tbody.closest('[data-client]').getAttribute('data-client')
        ) {
          status.textContent =
            '● ' + row.key + ' is now ' + row.statusLabel.toLowerCase() + ': reload to see it';
        }
        if (shown && !pending) {
          pending = true;
          setTimeout(function () {
            pending = false;
            resort(tbody);
          }, 250);
        }
      });
    }
    if (notice) {
      var subject = notice.getAttribute('data-subject');
      var id = notice.getAttribute('data-id');
      source.addEventListener(subject, function (e) {
        var event = JSON.parse(e.data);
        if (event.id === id) notice.hidden = false;
      });
    }
  }

  document.addEventListener('DOMContentLoaded', function () {
    tickCountdowns();
    setInterval(tickCountdowns, 1000);
    startLive();
  });
})();
