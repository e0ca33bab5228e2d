//! A conversation as a read-only HTML page (seed 004's shared conversation), built without the
//! runtime: every text is escaped (nothing a visitor, an operator or the bot wrote can become
//! markup), images only from the service's own image paths, links nowhere. The page carries
//! no script. Also as plain text ([`plain`]), for the transcript a visitor asks for by email.

use porthole_shared::Role;
use porthole_shared::message::ChatMessage;

/// `text` safe inside HTML text and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Who wrote `m`: the class of its line and the name shown.
fn speaker(m: &ChatMessage, bot_name: &str) -> (&'static str, String) {
    match m.role {
        Role::User => ("you", "You".to_owned()),
        Role::Assistant => ("bot", bot_name.to_owned()),
        Role::Operator => (
            "bot",
            m.author
                .as_ref()
                .map(|a| a.name.clone())
                .unwrap_or_default(),
        ),
    }
}

/// The conversation as plain text (the transcript a visitor asks for by email): who wrote
/// each message and what; an image is named by its address.
pub fn plain(messages: &[ChatMessage], bot_name: &str) -> String {
    let mut out = format!("Your conversation with {bot_name}:");
    for m in messages {
        let (_, who) = speaker(m, bot_name);
        let content = match &m.image {
            Some(url) => format!("[image] {url}"),
            None => m.content.trim().to_owned(),
        };
        if content.is_empty() {
            continue;
        }
        let when = crate::platform::clock::iso(m.created_at);
        out.push_str(&format!(
            "\n\n{who} ({} {} UTC):\n{content}",
            &when[..10],
            &when[11..16]
        ));
    }
    out
}

/// The page for the conversation with `bot_name`, `messages`, styled with `color` (`#rrggbb`);
/// images are shown when their URL starts with `images_base`.
pub fn page(bot_name: &str, color: &str, messages: &[ChatMessage], images_base: &str) -> String {
    let mut body = String::new();
    for m in messages {
        let (class, who) = speaker(m, bot_name);
        let content = match &m.image {
            Some(url) if url.starts_with(images_base) => {
                format!("<img src=\"{}\" alt=\"\">", escape(url))
            }
            _ => escape(&m.content).replace('\n', "<br>"),
        };
        if content.is_empty() {
            continue;
        }
        body.push_str(&format!(
            "<div class=\"m {class}\"><span class=\"who\">{}</span><p>{content}</p></div>\n",
            escape(&who)
        ));
    }
    format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>Conversation with {name}</title><style>
body{{margin:0;font:16px/1.5 system-ui,sans-serif;background:#f6f7f9;color:#111827}}
main{{max-width:680px;margin:0 auto;padding:24px 16px}} h1{{font-size:20px;margin:0 0 16px}}
.m{{margin:10px 0;display:flex;flex-direction:column}} .you{{align-items:flex-end}}
.who{{font-size:12px;color:#6b7280;margin:0 4px 2px}}
p{{margin:0;padding:9px 13px;border-radius:14px;max-width:85%;background:#fff;border:1px solid #e5e7eb;overflow-wrap:anywhere}}
.you p{{background:{color};color:#fff;border-color:{color}}} img{{max-width:260px;border-radius:10px;display:block}}
footer{{margin-top:24px;font-size:12px;color:#6b7280}}
</style></head><body><main><h1>Conversation with {name}</h1>
{body}<footer>A read-only copy, shared by the visitor.</footer></main></body></html>"#,
        name = escape(bot_name),
        color = escape(color),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(role: Role, content: &str) -> ChatMessage {
        ChatMessage {
            id: "1".into(),
            role,
            content: content.into(),
            created_at: 0,
            status: porthole_shared::message::MessageStatus::Complete,
            sources: vec![],
            turn_id: None,
            author: None,
            image: None,
            vote: None,
            evaluation: None,
        }
    }

    #[test]
    fn a_plain_transcript_says_who_wrote_what() {
        let text = plain(
            &[
                message(Role::User, "Where is my order?"),
                message(Role::Assistant, "It ships today."),
            ],
            "Harbor",
        );
        assert!(text.starts_with("Your conversation with Harbor:"));
        assert!(text.contains("You (1970-01-01 00:00 UTC):\nWhere is my order?"));
        assert!(text.contains("Harbor (1970-01-01 00:00 UTC):\nIt ships today."));
    }

    #[test]
    fn nothing_anyone_wrote_becomes_markup() {
        let html = page(
            "<b>Bot</b>",
            "#112233",
            &[
                message(Role::User, "<script>alert(1)</script>"),
                message(Role::Assistant, "a \"quote\" & <img onerror=x>"),
            ],
            "https://x.test/api/v1/chat/images/",
        );
        assert!(!html.contains("<script>alert"));
        assert!(!html.contains("<img onerror"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("&lt;b&gt;Bot&lt;/b&gt;"));
    }

    #[test]
    fn only_the_services_own_images_are_shown() {
        let mut ours = message(Role::User, "");
        ours.image = Some("https://x.test/api/v1/chat/images/t/a.png".into());
        let mut theirs = message(Role::User, "");
        theirs.image = Some("https://evil.test/track.png".into());
        let html = page(
            "B",
            "#112233",
            &[ours, theirs],
            "https://x.test/api/v1/chat/images/",
        );
        assert!(html.contains("a.png"));
        assert!(!html.contains("evil.test"));
    }
}
