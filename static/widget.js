// Porthole loader. Paste <script src="https://HOST/widget.js" data-token="…" defer></script>.
// It finds its own tag, fetches the bot's config once, makes one shadow-root host, and loads
// the launcher program; the app program (panel, streaming) loads when the visitor reaches for
// the launcher and takes over on click. Optional attributes: data-position (br|bl|tr|tl),
// data-lang, data-theme (light|dark|auto), data-open="true". API: window.Porthole.
(function (w, d) {
  var tag = d.currentScript || d.querySelector('script[data-token][src*="widget.js"]');
  var queued = w.Porthole;
  if (!tag || (queued && queued.loaded)) return; // one widget, however many tags
  var data = tag.dataset;
  var token = data.token || '';
  if (!/^[0-9a-f]{32}$/.test(token)) {
    return console.error('Porthole: data-token must be your bot\'s 32-character widget token; the widget is not shown.');
  }
  var api = (w.Porthole = function (cmd) {
    return api[cmd] && api[cmd].apply(api, [].slice.call(arguments, 1));
  });
  api.loaded = 1;
  var base = new URL('.', tag.src).href;
  var key = 'porthole:' + token + ':';
  var stored = function (k) {
    try { return localStorage.getItem(key + k); } catch (e) {}
  };
  var listeners = {};
  var options = {
    token: token, api: base, position: data.position, lang: data.lang, theme: data.theme,
    emit: function (name, detail) {
      (listeners[name] || []).forEach(function (f) { f(detail); });
      w.dispatchEvent(new CustomEvent('porthole:' + name, { detail: detail }));
    },
  };
  var host = d.createElement('porthole-widget');
  host.style.cssText = 'all:initial';
  var root = host.attachShadow({ mode: 'open' });
  (d.body || d.documentElement).appendChild(host);

  var load = function (js, wasm) {
    return import(base + 'pkg/' + js).then(function (m) {
      return m.default({ module_or_path: base + 'pkg/' + wasm }).then(function () { return m; });
    });
  };
  var appModule, app, launcher;
  var loadApp = function () { return (appModule = appModule || load('__APP_JS__', '__APP_WASM__')); };
  // Back mid-conversation (panel open, or a reply still coming): straight to the app.
  var direct = data.open == 'true' || stored('open') == '1' || stored('pending');
  var program = direct ? loadApp() : load('__LAUNCHER_JS__', '__LAUNCHER_WASM__');
  var ready = fetch(base + 'api/widget/config?token=' + token).then(function (r) {
    if (!r.ok) throw r.status;
    return r.json();
  }).then(function (config) {
    if (!config.config.enabled) throw 0; // a paused bot shows nothing
    fetch(base + 'api/widget/ping', { method: 'POST', body: JSON.stringify({ token: token }), keepalive: true });
    options.config = config;
  });
  var start = function (open, focus) {
    return (app = app || ready.then(loadApp).then(function (m) {
      var handle = m.mount(root, Object.assign({ open: open, focus: focus }, options));
      if (launcher) launcher.unmount();
      return handle;
    }));
  };
  ready.then(function () {
    if (direct) return start(data.open == 'true' || stored('open') == '1', false);
    return program.then(function (m) {
      launcher = app ? null : m.mount_launcher(root, Object.assign({
        unread: stored('unread'), reach: loadApp, activate: function () { start(true, true); },
      }, options));
    });
  }).catch(function (e) {
    if (e === 404) console.error('Porthole: no bot has the token ' + token + '; the widget is not shown.');
    else if (e !== 0) console.error('Porthole: the widget could not load.', e);
  });

  var withApp = function (f) { return function (x) { return start(true, false).then(function (h) { return h[f](x); }); }; };
  api.open = withApp('open');
  api.send = withApp('send');
  api.close = function () { if (app) app.then(function (h) { h.close(); }); };
  api.toggle = function () { return app ? app.then(function (h) { h.toggle(); }) : api.open(); };
  api.reset = function () {
    if (app) return app.then(function (h) { h.reset(); });
    ['chat', 'pending'].forEach(function (k) { try { localStorage.removeItem(key + k); } catch (e) {} });
  };
  api.on = function (name, f) { (listeners[name] = listeners[name] || []).push(f); };
  api.off = function (name, f) {
    listeners[name] = (listeners[name] || []).filter(function (g) { return g !== f; });
  };
  ((queued && queued.q) || []).forEach(function (args) { api.apply(null, args); });
})(window, document);
