// An operator on the other side of the conversation, acting through the dashboard API (the
// same calls the console makes): signs in with email and password, then takes over, replies,
// hands back and blocks, with the JWT it got.
import { API, admin } from './servers.mjs';

let created = 0;

export class Operator {
  /** Creates an agent for `bots` (with `name` and an avatar) and signs it in. */
  static async signIn(bots, name = 'Jane') {
    const email = `jane-${Date.now()}-${created++}@example.test`;
    const password = 'correct horse battery';
    await admin('POST', '/api/admin/operators', {
      name, email, password, bots, avatar: 'https://cdn.example.test/jane.png',
    });
    const res = await fetch(`${API}/api/auth/login`, { method: 'POST', body: JSON.stringify({ email, password }) });
    if (!res.ok) throw new Error(`login: ${res.status} ${await res.text()}`);
    return new Operator((await res.json()).token);
  }

  constructor(jwt) { this.jwt = jwt; }

  async call(method, path, body) {
    const res = await fetch(API + path, {
      method,
      headers: { Authorization: `Bearer ${this.jwt}`, 'Content-Type': 'application/json' },
      body: body && JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  }

  /** An action on conversation `chat` of bot `token` (`takeover`, `messages`, `block`, …). */
  act(token, chat, action, body) {
    return this.call('POST', `/api/admin/bots/${token}/conversations/${chat}/${action}`, body);
  }

  /** The bot's conversation list with `query`. */
  async inbox(token, query = '') {
    return (await this.call('GET', `/api/admin/bots/${token}/conversations?${query}`)).conversations;
  }
}

/** The chat id the widget on `page` stores for bot `token`. */
export function chatIdOf(page, token) {
  return page.evaluate((t) => localStorage.getItem(`porthole:${t}:chat`), token);
}
