// Porthole loader: paste <script src="https://HOST/widget.js" data-token="…" defer></script>.
// It finds its own tag, makes one shadow-root host, and loads the wasm widget from its origin.
(function () {
  var tag = document.currentScript || document.querySelector('script[data-token][src*="widget.js"]');
  if (!tag || window.__porthole_loaded) return;
  window.__porthole_loaded = true;
  var token = tag.getAttribute('data-token') || '';
  if (!/^[0-9a-f]{32}$/.test(token)) {
    console.error('Porthole: data-token must be the 32-character widget token of your bot; the widget is not shown.');
    return;
  }
  var base = new URL('.', tag.src).href;
  var host = document.createElement('div');
  host.setAttribute('data-porthole', '');
  var root = host.attachShadow({ mode: 'open' });
  (document.body || document.documentElement).appendChild(host);
  import(base + 'pkg/__PORTHOLE_GLUE__').then(function (m) {
    return m.default({ module_or_path: base + 'pkg/__PORTHOLE_WASM__' }).then(function () { m.mount(root); });
  }).catch(function (e) { console.error('Porthole: the widget failed to load', e); });
})();
