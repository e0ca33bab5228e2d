// Porthole loader. Paste <script src="https://HOST/widget.js" data-token="…" defer></script>.
// It finds its own tag, fetches the bot's config once, makes one shadow-root host, and loads
// the launcher program; the app program (panel, streaming) loads when the visitor reaches for
// the launcher and takes over on click. Optional attributes: data-position (br|bl|tr|tl),
// data-lang, data-theme (light|dark|auto), data-open="true", data-nonce. API: window.Porthole
// (open, close, toggle, send, reset, track, identify, logout, on, off).
// Under a strict Content-Security-Policy it creates no inline script or style: the programs are
// modules from this origin, the widget's CSS a constructed stylesheet (only browsers without
// those fall back to a <style> with the tag's nonce), the host element's reset goes by CSSOM.
((w, d) => {
  const tag = d.currentScript || d.querySelector('script[data-token][src*="widget.js"]');
  const queued = w.Porthole;
  if (!tag || queued?.loaded) return; // one widget, however many tags
  const data = tag.dataset;
  const token = data.token || '';
  if (!/^[0-9a-f]{32}$/.test(token)) return console.error('Porthole: data-token must be a 32-character widget token');
  const api = (w.Porthole = (cmd, ...args) => api[cmd]?.(...args));
  api.loaded = 1;
  const base = new URL('.', tag.src).href;
  const key = `porthole:${token}:`;
  const stored = (k) => { try { return localStorage.getItem(key + k); } catch {} };
  const save = (k, v) => { try { v == null ? localStorage.removeItem(key + k) : localStorage.setItem(key + k, v); } catch {} };
  const listeners = {};
  const options = {
    token, api: base, position: data.position, lang: data.lang, theme: data.theme, nonce: tag.nonce || data.nonce,
    emit: (name, detail) => {
      if (name == 'reset' && user) identify(user, true);
      (listeners[name] || []).forEach((f) => f(detail));
      w.dispatchEvent(new CustomEvent('porthole:' + name, { detail }));
    },
  };
  const host = d.createElement('porthole-widget');
  host.style.cssText = 'all:initial';
  const root = host.attachShadow({ mode: 'open' });
  (d.body || d.documentElement).appendChild(host);

  const load = async (js, wasm) => {
    // The wasm downloads while the module loads (one round trip, not two in a row).
    const bytes = fetch(base + 'pkg/' + wasm);
    bytes.catch(() => {});
    const m = await import(base + 'pkg/' + js);
    await m.default({ module_or_path: bytes });
    return m;
  };
  let appModule, app, launcher;
  const loadApp = () => (appModule ||= load('__APP_JS__', '__APP_WASM__'));
  // Back mid-conversation (panel open, or a reply still coming): straight to the app.
  const open = data.open == 'true' || stored('open') == '1';
  const direct = open || stored('pending');
  const program = direct ? loadApp() : load('__LAUNCHER_JS__', '__LAUNCHER_WASM__');
  // The bot's config. A dropped connection or a busy edge (5xx, 429) is asked again after 1 s
  // and 3 s; an answer that will not change (404: no such bot) is not.
  const config = (wait) => fetch(base + 'api/widget/config?token=' + token)
    .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
    .catch((e) => (e < 500 && e != 429) || wait > 3e3
      ? Promise.reject(e)
      : new Promise((go) => setTimeout(go, wait)).then(() => config(wait * 3)));
  const ready = config(1e3).then((config) => {
    if (!config.config.enabled) throw 0; // a paused bot shows nothing
    options.config = config;
  });
  // The page-load count (seed 000's stats), sent once the launcher or panel shows: starting a
  // request costs the main thread a few milliseconds that the first paint should not wait for.
  let pinged;
  const ping = () => pinged ||= fetch(base + 'api/widget/ping', { method: 'POST', body: JSON.stringify({ token }), keepalive: true }).catch(() => {});
  // Widget events for the owner's statistics (seed 002's track), once the config says the id.
  const track = (event, metadata) => ready.then(() => fetch(`${base}api/widgets/${options.config.id}/track`, {
    method: 'POST', keepalive: true,
    headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' },
    body: JSON.stringify({ sessionId: stored('chat') || stored('visitor') || 'anonymous', event, timestamp: new Date().toISOString(), metadata }),
  })).catch(() => {});
  options.track = track;
  // Signed-in visitors: the service checks user_hash and answers the conversation to show (a
  // verified user's own, from any device); the app waits for that before it reads the chat.
  let who = Promise.resolve(), user;
  const identify = (u, fresh) => (who = who.then(async () => {
    const r = await fetch(base + 'api/widget/identify', { method: 'POST', body: JSON.stringify({ ...u, token, chat_id: stored('chat'), new: !!fresh }) });
    const a = await r.json();
    if (!r.ok) return console.error('Porthole: identify refused:', a.error?.message);
    user = u;
    if (a.chat_id == stored('chat')) return;
    ['pending', 'seen', 'nudge', 'unread'].forEach((k) => save(k));
    save('chat', a.chat_id);
    if (app) { const h = await app; h.unmount(); app = null; start(stored('open') == '1', false); }
  }).catch(() => {}));
  // The launcher's panel frame took keys while the app loaded: its text becomes the app's
  // draft, or is sent at once if the visitor pressed Enter.
  const start = (open, focus) => (app ||= ready.then(() => who).then(loadApp).then(async (m) => {
    // The launcher's frame is painted first, even when the app is already here: mounting the
    // app takes a moment (more on a slow phone), and the frame's composer takes keys meanwhile.
    if (launcher) await new Promise((go) => requestAnimationFrame(() => setTimeout(go)));
    const draft = launcher?.draft() || '', sent = launcher?.sent();
    const handle = m.mount(root, { ...options, open, focus, draft: sent ? '' : draft });
    launcher?.unmount();
    if (sent) handle.send(draft);
    return handle;
  }).catch((e) => {
    // The app could not load (a dropped connection): the launcher closes its frame, and the
    // next click tries again.
    app = appModule = null;
    launcher?.failed();
    throw e;
  }));
  // Until the app runs (it polls for itself), look now and then for what a person sent this
  // visitor's conversation: operator replies after the last one shown, proactive messages.
  const poll = async () => {
    const chat = stored('chat');
    if (app || !chat) return;
    if (!d.hidden) try {
      const get = (e, x = '') => fetch(`${base}api/v1/chat/${e}?site_key=${token}&session_id=${chat}${x}`).then((r) => r.json());
      const seen = stored('seen');
      const ops = (await get('operator-messages', '&after=' + (+seen || 0))).messages;
      const sent = (await get('pending-proactive')).messages;
      const fresh = [...(seen ? ops : []), ...sent];
      save('seen', Math.max(+seen || 0, ...ops.concat(sent).map((m) => +m.id)) || seen);
      if (fresh.length) {
        const unread = (+stored('unread') || 0) + fresh.length;
        save('unread', unread);
        save('nudge', fresh.at(-1).content);
        launcher?.notify(unread, fresh.at(-1).content);
      }
    } catch {}
    setTimeout(poll, 30000);
  };
  ready
    .then(async () => {
      if (direct) return start(open, false).finally(ping);
      const m = await program;
      if (!app) launcher = m.mount_launcher(root, { ...options, unread: stored('unread'), nudge: stored('nudge'), reach: () => loadApp().catch(() => {}), activate: () => start(true, true).catch((e) => console.error('Porthole: the chat could not load', e)), dismiss: () => save('nudge') });
      requestAnimationFrame(() => setTimeout(ping)); // after the launcher's first frame,
      setTimeout(ping, 1000); // or soon, in a tab the browser does not paint
      setTimeout(poll, 2000);
    })
    .catch((e) => e !== 0 && console.error(e === 404 ? 'Porthole: no bot has this data-token' : 'Porthole: the widget could not load', e));

  const withApp = (f) => (x) => start(true, false).then((h) => h[f](x));
  api.open = withApp('open');
  api.send = withApp('send');
  api.close = () => app?.then((h) => h.close());
  api.toggle = () => (app ? app.then((h) => h.toggle()) : api.open());
  api.reset = () => app ? app.then((h) => h.reset()) : (['chat', 'pending', 'seen', 'nudge', 'unread'].forEach((k) => save(k)), user && identify(user, true));
  api.identify = (u) => u?.user_id != null && identify({ user_id: u.user_id, email: u.email, name: u.name, user_hash: u.user_hash });
  api.logout = () => { user = null; api.reset(); };
  api.track = (name, metadata = {}) => track(String(name), metadata);
  api.on = (name, f) => (listeners[name] ||= []).push(f);
  api.off = (name, f) => (listeners[name] = (listeners[name] || []).filter((g) => g !== f));
  queued?.q?.forEach((args) => api(...args));
})(window, document);
