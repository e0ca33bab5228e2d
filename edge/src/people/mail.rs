//! Email, out and in, on Cloudflare's own parts: an operator's reply goes to a visitor who left
//! an email and is not in the widget (the `send_email` binding `EMAIL`, from `EMAIL_FROM`), with
//! a reply address of its own; the visitor's answer to it comes back through Email Routing into
//! the Worker's `email()` handler and lands in the same conversation, quoted text and signature
//! cut off. Every message carries a one-click unsubscribe (`List-Unsubscribe`, RFC 8058).
//!
//! Off unless the deployment has both the binding and `EMAIL_FROM`, and the bot's
//! `email_replies` is on. Locally, `wrangler dev` simulates the binding (it writes each message
//! to a file and logs where) and takes inbound mail at `/cdn-cgi/handler/email`; on Cloudflare
//! the sending domain must be set up for Email Service and Email Routing must send the reply
//! addresses (`{local}+r…@{domain}`, a catch-all or a `+` rule) to this Worker.
//!
//! Operators get notes too ([`crate::people::alerts`]): a visitor waiting for a person, contact details
//! left, the owners' daily digest; each with the same one-click unsubscribe.
//!
//! In KV: `mailreply:{id}` → the bot and conversation a reply address stands for (kept 90 days),
//! `mailstop:{id}` → the address a note went to (its unsubscribe link, 90 days),
//! `mailoff:{sha256(address)}` → an address that unsubscribed.

use crate::platform::bindings::CONFIG_KV;
use crate::web::error::{ApiError, ApiResult};
use porthole_shared::ids::hex;
use porthole_shared::{ChatId, WidgetToken};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use worker::{Env, SendEmailBuilder};

/// The binding's name in `wrangler.toml`.
pub const BINDING: &str = "EMAIL";
/// How long a reply address keeps working (seconds).
const REPLY_TTL_SECS: u64 = 90 * 24 * 3600;
/// Longest text taken from an inbound email.
pub const INBOUND_MAX_CHARS: usize = 4000;

/// The sender: the binding and the address mail goes out from.
pub struct Mailer {
    binding: worker::SendEmail,
    from: String,
}

/// Where a reply address leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyTarget {
    /// The bot's token.
    pub token: WidgetToken,
    /// The conversation.
    pub chat: ChatId,
    /// The visitor's address the reply went to (only mail from it is taken).
    pub to: String,
}

impl Mailer {
    /// The deployment's mailer, when it has the binding and `EMAIL_FROM`.
    pub fn of(env: &Env) -> Option<Self> {
        let from = env.var("EMAIL_FROM").ok()?.to_string();
        let from = porthole_shared::fields::Email::parse(&from).ok()?;
        let binding = env.send_email(BINDING).ok()?;
        Some(Self {
            binding,
            from: from.as_str().to_owned(),
        })
    }

    /// The reply address `+` `r{id}` on the sender's own address.
    fn reply_address(&self, id: &str) -> String {
        let (local, domain) = self.from.split_once('@').unwrap_or((&self.from, ""));
        format!("{local}+r{id}@{domain}")
    }

    /// Sends an operator's `reply` in conversation `chat` of bot `token` to the visitor at `to`,
    /// with a reply address and an unsubscribe link on `base` (the service's origin). Nothing is
    /// sent to an address that unsubscribed (`Ok(false)`).
    pub async fn send_reply(&self, env: &Env, mail: &Reply<'_>) -> ApiResult<bool> {
        let target = ReplyTarget {
            token: mail.token.clone(),
            chat: mail.chat.clone(),
            to: mail.to.to_lowercase(),
        };
        let text = format!(
            "{}\n\n— {}, {}\n\nReply to this email to answer; your reply reaches the same conversation.",
            mail.text, mail.author, mail.bot_name
        );
        let letter = Letter {
            base: mail.base,
            to: mail.to,
            subject: &format!("{}: a reply to your question", mail.bot_name),
            text: &text,
            footer: &format!("No more emails from {}", mail.bot_name),
        };
        self.send(env, &letter, Some(&target)).await
    }

    /// Sends `letter`, with a one-click unsubscribe link (and header); with `reply`, a reply
    /// address whose answers go into that conversation. Nothing is sent to an address that
    /// unsubscribed (`Ok(false)`).
    pub async fn send(
        &self,
        env: &Env,
        letter: &Letter<'_>,
        reply: Option<&ReplyTarget>,
    ) -> ApiResult<bool> {
        if unsubscribed(env, letter.to).await? {
            return Ok(false);
        }
        let id = hex(&crate::platform::random::bytes16()?);
        let (key, value) = match reply {
            Some(target) => (
                format!("mailreply:{id}"),
                serde_json::to_string(target).map_err(ApiError::internal)?,
            ),
            None => (format!("mailstop:{id}"), letter.to.to_lowercase()),
        };
        env.kv(CONFIG_KV)?
            .put(&key, value)?
            .expiration_ttl(REPLY_TTL_SECS)
            .execute()
            .await?;
        let unsubscribe = format!("{}/api/email/unsubscribe?t={id}", letter.base);
        let text = format!("{}\n\n{}: {unsubscribe}\n", letter.text, letter.footer);
        let headers = js_sys::Object::new();
        let set = |k: &str, v: &str| js_sys::Reflect::set(&headers, &k.into(), &v.into());
        set("List-Unsubscribe", &format!("<{unsubscribe}>"))
            .and_then(|_| set("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
            .map_err(|_| ApiError::internal("email headers"))?;
        let mut builder = SendEmailBuilder::builder(&self.from, letter.to, letter.subject)
            .text(&text)
            .headers(wasm_bindgen::JsCast::unchecked_ref(&headers));
        if reply.is_some() {
            builder = builder.reply_to(&self.reply_address(&id));
        }
        self.binding
            .send_with_builder(&builder.build())
            .await
            .map_err(|e| ApiError::internal(format!("send_email: {e:?}")))?;
        Ok(true)
    }
}

/// One email.
pub struct Letter<'a> {
    /// The service's origin (`https://host`), for the unsubscribe link.
    pub base: &'a str,
    /// The address.
    pub to: &'a str,
    pub subject: &'a str,
    /// The body (plain text).
    pub text: &'a str,
    /// What the unsubscribe link says it does.
    pub footer: &'a str,
}

/// An operator's reply to send by email.
pub struct Reply<'a> {
    /// The service's origin (`https://host`), for the unsubscribe link.
    pub base: &'a str,
    /// The bot's token and its name.
    pub token: &'a WidgetToken,
    pub bot_name: &'a str,
    /// The conversation.
    pub chat: &'a ChatId,
    /// The visitor's address.
    pub to: &'a str,
    /// The reply and who wrote it.
    pub text: &'a str,
    pub author: &'a str,
}

fn off_key(address: &str) -> String {
    format!(
        "mailoff:{}",
        hex(&Sha256::digest(address.trim().to_lowercase().as_bytes()))
    )
}

/// Whether `address` unsubscribed.
pub async fn unsubscribed(env: &Env, address: &str) -> ApiResult<bool> {
    let kv = env.kv(CONFIG_KV)?;
    Ok(kv.get(&off_key(address)).text().await?.is_some())
}

/// The conversation a reply address (`…+r{id}@…`) stands for.
pub async fn target_of(env: &Env, id: &str) -> ApiResult<Option<ReplyTarget>> {
    if !valid_id(id) {
        return Ok(None);
    }
    let text = env
        .kv(CONFIG_KV)?
        .get(&format!("mailreply:{id}"))
        .text()
        .await?;
    Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
}

/// Unsubscribes the address email `id` went to (a reply to a visitor, or a note to an
/// operator); whether it named one.
pub async fn unsubscribe(env: &Env, id: &str) -> ApiResult<bool> {
    let to = match target_of(env, id).await? {
        Some(target) => target.to,
        None if valid_id(id) => {
            let kv = env.kv(CONFIG_KV)?;
            match kv.get(&format!("mailstop:{id}")).text().await? {
                Some(to) => to,
                None => return Ok(false),
            }
        }
        None => return Ok(false),
    };
    env.kv(CONFIG_KV)?
        .put(&off_key(&to), "1")?
        .execute()
        .await?;
    Ok(true)
}

/// Whether `id` has the shape of an email's id.
fn valid_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The reply id in a recipient address (`support+r{id}@example.com` → `{id}`).
pub fn reply_id(recipient: &str) -> Option<&str> {
    let local = recipient.split('@').next()?;
    let (_, tag) = local.rsplit_once('+')?;
    tag.strip_prefix('r')
}

/// The new words of a reply: the text before the quoted message and the signature.
pub fn new_words(text: &str) -> String {
    let mut kept = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        let quote_header = (t.starts_with("On ") && t.ends_with("wrote:"))
            || t.starts_with("-----Original Message-----")
            || (t.starts_with("From:") && !kept.is_empty())
            || t.starts_with("________________________________");
        if t.starts_with('>') || quote_header || t == "--" || line == "-- " {
            break;
        }
        kept.push(line.trim_end());
    }
    let text = kept.join("\n");
    let text = text.trim();
    text.chars().take(INBOUND_MAX_CHARS).collect()
}

/// Refuses `message` with a permanent error saying `reason`. On Cloudflare `setReject` acts at
/// once; `wrangler dev` reaches it over an RPC whose promise is awaited here, or the handler's
/// answer would not carry the refusal.
pub async fn reject(message: &worker::ForwardableEmailMessage, reason: &str) {
    use wasm_bindgen::JsCast;
    let method = js_sys::Reflect::get(message, &"setReject".into())
        .ok()
        // Locally an RPC stub: callable, though not an `instanceof Function`.
        .filter(|f| f.is_function())
        .map(|f| f.unchecked_into::<js_sys::Function>());
    if let Some(method) = method
        // `Reflect.apply`: a stub takes `.call` for the name of a remote method.
        && let Ok(answer) =
            js_sys::Reflect::apply(&method, message, &js_sys::Array::of1(&reason.into()))
    {
        // An RPC answer is a thenable, not a `Promise`: `Promise.resolve` adopts it.
        let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&answer)).await;
    }
}

/// Largest inbound email taken (bytes).
const INBOUND_MAX_BYTES: f64 = 1_048_576.0;

/// The `email()` handler's work: a visitor's answer to a reply address goes into its
/// conversation as their message (once, however often the mail is delivered). Mail to another
/// address, from another sender than the one the reply went to, to an expired address, or too
/// large is refused with a permanent error (the sender's server says why).
pub async fn receive(message: &worker::ForwardableEmailMessage, env: &Env) -> ApiResult<()> {
    let target = match reply_id(&message.to()) {
        Some(id) => target_of(env, id).await?,
        None => None,
    };
    let Some(target) = target else {
        message.set_reject(
            "this address takes replies to a conversation, and this one is unknown or expired",
        );
        return Ok(());
    };
    if !message.from().eq_ignore_ascii_case(&target.to) {
        reject(
            message,
            "replies are taken from the address the conversation's email went to",
        )
        .await;
        return Ok(());
    }
    if message.raw_size() > INBOUND_MAX_BYTES {
        reject(message, "this reply is too large (1 MB at most)").await;
        return Ok(());
    }
    let raw = message.raw_bytes().await?;
    let parsed = mail_parser::MessageParser::default().parse(&raw);
    let text = parsed
        .as_ref()
        .and_then(|m| m.body_text(0))
        .map(|t| new_words(&t))
        .unwrap_or_default();
    // The new words, at most the API channel's 4,000 characters (`new_words`); none: nothing.
    let Ok(text) = porthole_shared::text::MessageText::parse_api(&text) else {
        return Ok(());
    };
    // The same mail delivered twice is one message: its id comes from the mail's own.
    let mail_id = parsed
        .as_ref()
        .and_then(|m| m.message_id().map(str::to_owned))
        .unwrap_or_else(|| hex(&Sha256::digest(&raw)));
    let digest = Sha256::digest(format!("{}/{mail_id}", target.chat).as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    let ReplyTarget { token, chat, .. } = target;
    let config = crate::bots::require(env, &token).await?;
    let turn = crate::objects::conversation::TurnRequest {
        must_exist: true,
        ..crate::objects::conversation::TurnRequest::new(
            token,
            chat,
            porthole_shared::MessageId::from_random_bytes(bytes),
            text,
            config,
        )
    };
    crate::turns::whole(env, turn).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_keeps_its_new_words_only() {
        let mail = "Thanks, that helps!\nSee you.\n\nOn Mon, 7 Dec 2026 at 10:00, Harbor <support@harbor.test> wrote:\n> Your order ships today.\n";
        assert_eq!(new_words(mail), "Thanks, that helps!\nSee you.");
        assert_eq!(new_words("Great\n-- \nAnn Lee\nCEO"), "Great");
        assert_eq!(
            new_words("Yes\n\n-----Original Message-----\nFrom: x"),
            "Yes"
        );
        assert_eq!(new_words("> only quoted"), "");
    }

    #[test]
    fn reply_addresses_carry_their_id() {
        let id = "0123456789abcdef0123456789abcdef";
        assert_eq!(reply_id(&format!("support+r{id}@harbor.test")), Some(id));
        assert_eq!(reply_id("support@harbor.test"), None);
        assert_eq!(reply_id("support+x@harbor.test"), None);
    }
}
