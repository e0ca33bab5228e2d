// The hub load test's harness (bench/lib/hub.mjs). `POST /hub-load/announce` carries a batch of
// announcements, as a conversation's outbox sends them (edge/src/objects/conversation/
// outbox.rs), and goes to the deployment's hub (`rpc::hub`: the object named "hub") unchanged;
// the hub's answer comes back as it is. Anything else is 404.
export default {
  async fetch(request, env) {
    if (request.method !== 'POST' || new URL(request.url).pathname !== '/hub-load/announce') {
      return new Response('not found', { status: 404 });
    }
    const hub = env.HUB.get(env.HUB.idFromName('hub'));
    return hub.fetch('https://object/announce', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: await request.text(),
    });
  },
};
