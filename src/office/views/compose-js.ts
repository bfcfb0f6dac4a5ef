/**
 * The broadcast composer's only script, served from /office/static/compose.js (the CSP allows scripts
 * from our own origin only; no inline script, no CDN). It keeps the audience count up to date as the
 * filters change, through POST <data-audience-url> (read-only, the session's CSRF token in the
 * X-CSRF-Token header). Without it the page still works: 预览 posts the form and shows the count.
 */
export const COMPOSE_JS = `(function () {
  'use strict';
  var form = document.getElementById('compose');
  var out = document.getElementById('live-count');
  if (!form || !out || !window.fetch) return;
  var url = form.getAttribute('data-audience-url');
  var token = form.querySelector('input[name=_csrf]');
  var fields = ['topic', 'industry', 'district', 'headcount_min', 'headcount_max', 'registered_within_days', 'watchlist', 'cultivated', 'tag', 'subscribed', 'channel'];
  var timer = null;
  var seq = 0;
  function value(name) {
    var el = form.elements.namedItem(name);
    return el && typeof el.value === 'string' ? el.value : '';
  }
  function show(text, state) {
    out.textContent = '';
    out.setAttribute('data-state', state);
    if (state === 'ok') {
      out.appendChild(document.createTextNode('按当前条件，接收人共 '));
      var b = document.createElement('strong');
      b.id = 'live-count-value';
      b.textContent = text;
      out.appendChild(b);
      out.appendChild(document.createTextNode(' 位（条件改动后自动更新）'));
    } else {
      out.textContent = text;
    }
  }
  function update() {
    var body = {};
    fields.forEach(function (f) { body[f] = value(f); });
    var mine = ++seq;
    show('正在统计接收人…', 'loading');
    fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token ? token.value : '' },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (d) { return { ok: r.ok, d: d }; });
    }).then(function (res) {
      if (mine !== seq) return;
      if (res.ok) show(String(res.d.count), 'ok');
      else show(res.d.error || '暂时无法统计人数', 'error');
    }).catch(function () {
      if (mine === seq) show('暂时无法统计人数，可点“预览人数和内容”', 'error');
    });
  }
  function soon() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(update, 250);
  }
  fields.forEach(function (f) {
    var el = form.elements.namedItem(f);
    if (!el || !el.addEventListener) return;
    el.addEventListener('change', soon);
    el.addEventListener('input', soon);
  });
  out.hidden = false;
  update();
})();
`;
