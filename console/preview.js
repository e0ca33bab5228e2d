// The console's live preview: mounts the real widget app (the program visitors load, named in
// /pkg/manifest.json) with the config the console sends, and mounts it afresh on every change.
// Only messages from the console's own origin are taken; the latest one waits while the
// program loads.
let latest, app, handle, host;

function show() {
  if (!app || !latest) return;
  const { token, config } = latest;
  // A visitor's own light/dark choice would hide the owner's default: the preview starts fresh.
  try { localStorage.removeItem(`porthole:${token}:theme`); } catch {}
  handle?.unmount();
  handle?.free();
  host?.remove();
  host = document.createElement('porthole-widget');
  host.style.cssText = 'all:initial';
  document.body.appendChild(host);
  const root = host.attachShadow({ mode: 'open' });
  handle = app.mount(root, { token, api: location.origin + '/', config, open: true, focus: false, emit() {}, track() {} });
}

addEventListener('message', (event) => {
  if (event.origin !== location.origin || typeof event.data !== 'string') return;
  latest = JSON.parse(event.data);
  show();
});

const manifest = await fetch('/pkg/manifest.json').then((r) => r.json());
const module = await import(`/pkg/${manifest.app.js}`);
await module.default({ module_or_path: `/pkg/${manifest.app.wasm}` });
app = module;
show();
