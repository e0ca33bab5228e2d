//! The widget's own words in the visitor's language (from `data-lang`, else the browser's),
//! English when the language is not one we have. The launcher's few words are a table of their
//! own, so the launcher program carries only those.

/// The languages, in the order of the tables below.
const LANGUAGES: usize = 6;

/// The index of a BCP 47 language tag (`zh-TW`, `fr-CA`, …) in the tables; English when unknown.
fn index(lang: &str) -> usize {
    let lang = lang.to_ascii_lowercase();
    match lang.split(['-', '_']).next().unwrap_or("") {
        "zh" if ["zh-cn", "zh-sg", "zh-hans", "zh_cn"]
            .iter()
            .any(|t| lang.starts_with(t)) =>
        {
            2
        }
        "zh" => 1,
        "es" => 3,
        "fr" => 4,
        "de" => 5,
        _ => 0,
    }
}

/// The launcher's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Launcher {
    /// Launcher label when closed.
    pub open_chat: &'static str,
    /// Close button label.
    pub close_chat: &'static str,
    /// Unread badge label ("{n} unread").
    pub unread: &'static str,
    /// Label of the button that hides a message shown beside the launcher.
    pub dismiss: &'static str,
    /// Label of the message box (the launcher draws one the moment the panel is asked for).
    pub message_label: &'static str,
}

/// The panel's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Strings {
    /// Send button label.
    pub send: &'static str,
    /// Stop button label.
    pub stop: &'static str,
    /// New conversation button label.
    pub new_chat: &'static str,
    /// Announced while the bot is writing.
    pub typing: &'static str,
    /// "{n} characters left".
    pub chars_left: &'static str,
    /// "{n} characters too many".
    pub chars_over: &'static str,
    /// The network failed.
    pub error_network: &'static str,
    /// Too many messages (retry time appended when known).
    pub error_rate: &'static str,
    /// "Try again in {n} s".
    pub retry_in: &'static str,
    /// The bot is paused.
    pub error_paused: &'static str,
    /// Generic failure.
    pub error_generic: &'static str,
    /// Retry button.
    pub retry: &'static str,
    /// "Stopped" note under a stopped reply.
    pub stopped: &'static str,
    /// Heading of the sources list.
    pub sources: &'static str,
    /// Footer.
    pub powered_by: &'static str,
    /// The "talk to a person" action.
    pub talk_to_person: &'static str,
    /// The same action outside business hours.
    pub leave_message: &'static str,
    /// Under the header's name while someone who can answer is online.
    pub available: &'static str,
    /// Under the header's name outside business hours: "Back {when}".
    pub back_at: &'static str,
    /// The same when no hours are ahead this week.
    pub away: &'static str,
    /// The form's invitation outside business hours.
    pub away_prompt: &'static str,
    /// While the visitor waits for a person outside business hours.
    pub waiting_away: &'static str,
    /// While the visitor waits for a person.
    pub waiting_for_person: &'static str,
    /// Stop waiting and go on with the AI.
    pub keep_ai: &'static str,
    /// Under the header's name while a person answers.
    pub person: &'static str,
    /// In place of the composer when the visitor is blocked.
    pub blocked: &'static str,
    /// An image of a type that cannot be sent.
    pub image_type: &'static str,
    /// An image over the size limit.
    pub image_size: &'static str,
    /// The attach button's label.
    pub attach: &'static str,
    /// "Sending… {n}%" under an image on its way.
    pub uploading: &'static str,
    /// The lead form's invitation (when the bot gives none).
    pub lead_prompt: &'static str,
    /// Label of the email field.
    pub lead_email: &'static str,
    /// Label of the phone field.
    pub lead_phone: &'static str,
    /// Label of the name field.
    pub lead_name: &'static str,
    /// The lead form's send button.
    pub lead_send: &'static str,
    /// The lead form's skip button.
    pub lead_skip: &'static str,
    /// After the details were sent.
    pub lead_thanks: &'static str,
    /// The rating prompt's question.
    pub rate_prompt: &'static str,
    /// A star's label ("{n} of 5").
    pub rate_star: &'static str,
    /// Label of the rating comment.
    pub rate_comment: &'static str,
    /// The rating's send button.
    pub rate_send: &'static str,
    /// The rating's skip button.
    pub rate_skip: &'static str,
    /// After the rating.
    pub rate_thanks: &'static str,
    /// The thumbs-up button.
    pub vote_up: &'static str,
    /// The thumbs-down button.
    pub vote_down: &'static str,
    /// More actions (the header's menu).
    pub more: &'static str,
    /// The light/dark toggle.
    pub theme_toggle: &'static str,
    /// The share action.
    pub share: &'static str,
    /// The menu's "email me this conversation".
    pub transcript: &'static str,
    /// The transcript form's question.
    pub transcript_prompt: &'static str,
    /// After the transcript was sent.
    pub transcript_sent: &'static str,
    /// Above the shared link.
    pub share_ready: &'static str,
    /// Copies the link.
    pub copy: &'static str,
    /// After copying.
    pub copied: &'static str,
    /// The call button.
    pub call: &'static str,
    /// The microphone.
    pub speak: &'static str,
    /// While the microphone listens.
    pub listening: &'static str,
}

/// English, Traditional Chinese, Simplified Chinese, Spanish, French, German.
const LAUNCHER: [Launcher; LANGUAGES] = [
    Launcher {
        open_chat: "Open chat",
        close_chat: "Close chat",
        unread: "{n} unread",
        dismiss: "Dismiss",
        message_label: "Message",
    },
    Launcher {
        open_chat: "開啟對話",
        close_chat: "關閉對話",
        unread: "{n} 則未讀",
        dismiss: "關閉",
        message_label: "訊息",
    },
    Launcher {
        open_chat: "打开对话",
        close_chat: "关闭对话",
        unread: "{n} 条未读",
        dismiss: "关闭",
        message_label: "消息",
    },
    Launcher {
        open_chat: "Abrir el chat",
        close_chat: "Cerrar el chat",
        unread: "{n} sin leer",
        dismiss: "Descartar",
        message_label: "Mensaje",
    },
    Launcher {
        open_chat: "Ouvrir le chat",
        close_chat: "Fermer le chat",
        unread: "{n} non lus",
        dismiss: "Ignorer",
        message_label: "Message",
    },
    Launcher {
        open_chat: "Chat öffnen",
        close_chat: "Chat schließen",
        unread: "{n} ungelesen",
        dismiss: "Ausblenden",
        message_label: "Nachricht",
    },
];

/// Same order as [`LAUNCHER`].
const STRINGS: [Strings; LANGUAGES] = [
    Strings {
        send: "Send message",
        stop: "Stop the reply",
        new_chat: "Start a new conversation",
        typing: "Typing…",
        chars_left: "{n} characters left",
        chars_over: "{n} characters too many",
        error_network: "Couldn't reach the assistant. Check your connection.",
        error_rate: "You're sending messages too quickly.",
        retry_in: "Try again in {n} s.",
        error_paused: "The assistant is paused right now. Please try again later.",
        error_generic: "Something went wrong.",
        retry: "Retry",
        stopped: "Stopped",
        sources: "Sources",
        powered_by: "Powered by Porthole",
        talk_to_person: "Talk to a person",
        leave_message: "Leave a message",
        available: "A person is available",
        back_at: "Back {when}",
        away: "Away right now",
        away_prompt: "Nobody is here right now. Leave your email and a person will reply.",
        waiting_away: "A person will reply when the team is back.",
        waiting_for_person: "Waiting for a person… Someone from the team will answer here.",
        keep_ai: "Continue with the assistant",
        person: "Team member",
        blocked: "You can no longer send messages in this chat.",
        image_type: "An image the assistant cannot take (send PNG, JPEG, GIF or WebP).",
        image_size: "Images may be at most 5 MB.",
        attach: "Send an image",
        uploading: "Sending… {n}%",
        lead_prompt: "Leave your details and we will get back to you.",
        lead_email: "Email",
        lead_phone: "Phone",
        lead_name: "Name",
        lead_send: "Send",
        lead_skip: "Not now",
        lead_thanks: "Thanks! We will get back to you.",
        rate_prompt: "How was this conversation?",
        rate_star: "{n} of 5",
        rate_comment: "Anything to add? (optional)",
        rate_send: "Send",
        rate_skip: "Skip",
        rate_thanks: "Thanks for your rating!",
        vote_up: "Helpful",
        vote_down: "Not helpful",
        more: "More actions",
        theme_toggle: "Switch light or dark",
        share: "Share this conversation",
        transcript: "Email me this conversation",
        transcript_prompt: "Where should we send this conversation?",
        transcript_sent: "Sent. Check your inbox; you can answer by replying.",
        share_ready: "Anyone with this link can read this conversation:",
        copy: "Copy link",
        copied: "Copied",
        call: "Call us",
        speak: "Speak your message",
        listening: "Listening… tap to stop",
    },
    Strings {
        send: "傳送訊息",
        stop: "停止回覆",
        new_chat: "開始新對話",
        typing: "正在輸入…",
        chars_left: "還可輸入 {n} 字",
        chars_over: "超過 {n} 字",
        error_network: "無法連線到助理，請檢查網路。",
        error_rate: "訊息傳送太頻繁。",
        retry_in: "請於 {n} 秒後再試。",
        error_paused: "助理目前暫停服務，請稍後再試。",
        error_generic: "發生錯誤。",
        retry: "重試",
        stopped: "已停止",
        sources: "資料來源",
        powered_by: "由 Porthole 提供",
        talk_to_person: "真人客服",
        leave_message: "留言",
        available: "有專人在線",
        back_at: "{when} 回來",
        away: "目前不在線上",
        away_prompt: "目前沒有人在線上。請留下電子郵件，我們會由專人回覆您。",
        waiting_away: "團隊回來後會由專人回覆您。",
        waiting_for_person: "正在等候真人客服…團隊成員會在這裡回覆您。",
        keep_ai: "繼續與助理對話",
        person: "客服人員",
        blocked: "您已無法在此對話中傳送訊息。",
        image_type: "無法傳送這種圖片（請使用 PNG、JPEG、GIF 或 WebP）。",
        image_size: "圖片最大 5 MB。",
        attach: "傳送圖片",
        uploading: "傳送中… {n}%",
        lead_prompt: "留下您的聯絡方式，我們會再與您聯繫。",
        lead_email: "電子郵件",
        lead_phone: "電話",
        lead_name: "姓名",
        lead_send: "送出",
        lead_skip: "稍後再說",
        lead_thanks: "謝謝！我們會再與您聯繫。",
        rate_prompt: "這次對話的體驗如何？",
        rate_star: "{n} 顆星（共 5 顆）",
        rate_comment: "還有其他想說的嗎？（選填）",
        rate_send: "送出",
        rate_skip: "略過",
        rate_thanks: "感謝您的評分！",
        vote_up: "有幫助",
        vote_down: "沒有幫助",
        more: "更多動作",
        theme_toggle: "切換淺色或深色",
        share: "分享這段對話",
        transcript: "用電子郵件寄給我這段對話",
        transcript_prompt: "要把這段對話寄到哪個電子郵件？",
        transcript_sent: "已寄出。請查看收件匣；直接回覆郵件即可繼續對話。",
        share_ready: "知道這個連結的人都能閱讀這段對話：",
        copy: "複製連結",
        copied: "已複製",
        call: "撥打電話",
        speak: "用說的輸入訊息",
        listening: "聆聽中…點一下停止",
    },
    Strings {
        send: "发送消息",
        stop: "停止回复",
        new_chat: "开始新对话",
        typing: "正在输入…",
        chars_left: "还可输入 {n} 字",
        chars_over: "超出 {n} 字",
        error_network: "无法连接到助手，请检查网络。",
        error_rate: "消息发送过于频繁。",
        retry_in: "请 {n} 秒后再试。",
        error_paused: "助手暂停服务，请稍后再试。",
        error_generic: "出错了。",
        retry: "重试",
        stopped: "已停止",
        sources: "来源",
        powered_by: "由 Porthole 提供",
        talk_to_person: "人工客服",
        leave_message: "留言",
        available: "有专人在线",
        back_at: "{when} 回来",
        away: "目前不在线",
        away_prompt: "目前没有人在线。请留下电子邮箱，我们会由专人回复您。",
        waiting_away: "团队回来后会由专人回复您。",
        waiting_for_person: "正在等待人工客服…团队成员会在这里回复您。",
        keep_ai: "继续与助手对话",
        person: "客服人员",
        blocked: "您已无法在此对话中发送消息。",
        image_type: "无法发送这种图片（请使用 PNG、JPEG、GIF 或 WebP）。",
        image_size: "图片最大 5 MB。",
        attach: "发送图片",
        uploading: "发送中… {n}%",
        lead_prompt: "留下您的联系方式，我们会再与您联系。",
        lead_email: "电子邮件",
        lead_phone: "电话",
        lead_name: "姓名",
        lead_send: "提交",
        lead_skip: "稍后再说",
        lead_thanks: "谢谢！我们会再与您联系。",
        rate_prompt: "这次对话的体验如何？",
        rate_star: "{n} 颗星（共 5 颗）",
        rate_comment: "还有其他想说的吗？（选填）",
        rate_send: "提交",
        rate_skip: "跳过",
        rate_thanks: "感谢您的评分！",
        vote_up: "有帮助",
        vote_down: "没有帮助",
        more: "更多操作",
        theme_toggle: "切换浅色或深色",
        share: "分享这段对话",
        transcript: "用电子邮件发送这段对话给我",
        transcript_prompt: "要把这段对话发送到哪个电子邮箱？",
        transcript_sent: "已发送。请查看收件箱；直接回复邮件即可继续对话。",
        share_ready: "知道这个链接的人都能阅读这段对话：",
        copy: "复制链接",
        copied: "已复制",
        call: "拨打电话",
        speak: "用语音输入消息",
        listening: "正在聆听…点一下停止",
    },
    Strings {
        send: "Enviar mensaje",
        stop: "Detener la respuesta",
        new_chat: "Nueva conversación",
        typing: "Escribiendo…",
        chars_left: "Quedan {n} caracteres",
        chars_over: "{n} caracteres de más",
        error_network: "No se pudo contactar con el asistente. Revisa tu conexión.",
        error_rate: "Estás enviando mensajes demasiado rápido.",
        retry_in: "Inténtalo de nuevo en {n} s.",
        error_paused: "El asistente está en pausa. Inténtalo más tarde.",
        error_generic: "Algo salió mal.",
        retry: "Reintentar",
        stopped: "Detenido",
        sources: "Fuentes",
        powered_by: "Con tecnología de Porthole",
        talk_to_person: "Hablar con una persona",
        leave_message: "Dejar un mensaje",
        available: "Hay una persona disponible",
        back_at: "De vuelta {when}",
        away: "Ausentes ahora",
        away_prompt: "Ahora no hay nadie. Deja tu correo y una persona te responderá.",
        waiting_away: "Una persona te responderá cuando el equipo vuelva.",
        waiting_for_person: "Esperando a una persona… Alguien del equipo te responderá aquí.",
        keep_ai: "Seguir con el asistente",
        person: "Equipo de atención",
        blocked: "Ya no puedes enviar mensajes en este chat.",
        image_type: "No se puede enviar ese tipo de imagen (usa PNG, JPEG, GIF o WebP).",
        image_size: "Las imágenes pueden ocupar 5 MB como máximo.",
        attach: "Enviar una imagen",
        uploading: "Enviando… {n}%",
        lead_prompt: "Déjanos tus datos y te responderemos.",
        lead_email: "Correo electrónico",
        lead_phone: "Teléfono",
        lead_name: "Nombre",
        lead_send: "Enviar",
        lead_skip: "Ahora no",
        lead_thanks: "¡Gracias! Te responderemos pronto.",
        rate_prompt: "¿Qué te pareció esta conversación?",
        rate_star: "{n} de 5",
        rate_comment: "¿Algo más que añadir? (opcional)",
        rate_send: "Enviar",
        rate_skip: "Omitir",
        rate_thanks: "¡Gracias por tu valoración!",
        vote_up: "Útil",
        vote_down: "No es útil",
        more: "Más acciones",
        theme_toggle: "Cambiar a claro u oscuro",
        share: "Compartir esta conversación",
        transcript: "Enviarme esta conversación por correo",
        transcript_prompt: "¿A qué correo enviamos esta conversación?",
        transcript_sent: "Enviada. Revisa tu correo; puedes contestar respondiendo al mensaje.",
        share_ready: "Cualquiera con este enlace puede leer esta conversación:",
        copy: "Copiar enlace",
        copied: "Copiado",
        call: "Llámanos",
        speak: "Dicta tu mensaje",
        listening: "Escuchando… toca para parar",
    },
    Strings {
        send: "Envoyer le message",
        stop: "Arrêter la réponse",
        new_chat: "Nouvelle conversation",
        typing: "Écrit…",
        chars_left: "{n} caractères restants",
        chars_over: "{n} caractères de trop",
        error_network: "Impossible de joindre l’assistant. Vérifiez votre connexion.",
        error_rate: "Vous envoyez des messages trop vite.",
        retry_in: "Réessayez dans {n} s.",
        error_paused: "L’assistant est en pause. Réessayez plus tard.",
        error_generic: "Une erreur est survenue.",
        retry: "Réessayer",
        stopped: "Arrêté",
        sources: "Sources",
        powered_by: "Propulsé par Porthole",
        talk_to_person: "Parler à une personne",
        leave_message: "Laisser un message",
        available: "Une personne est disponible",
        back_at: "De retour {when}",
        away: "Absents pour le moment",
        away_prompt: "Personne n'est disponible pour le moment. Laissez votre e-mail et une personne vous répondra.",
        waiting_away: "Une personne vous répondra au retour de l'équipe.",
        waiting_for_person: "En attente d’une personne… Quelqu’un de l’équipe vous répondra ici.",
        keep_ai: "Continuer avec l’assistant",
        person: "Membre de l’équipe",
        blocked: "Vous ne pouvez plus envoyer de messages dans ce chat.",
        image_type: "Ce type d’image ne peut pas être envoyé (PNG, JPEG, GIF ou WebP).",
        image_size: "Les images font au plus 5 Mo.",
        attach: "Envoyer une image",
        uploading: "Envoi… {n} %",
        lead_prompt: "Laissez vos coordonnées, nous vous recontacterons.",
        lead_email: "E-mail",
        lead_phone: "Téléphone",
        lead_name: "Nom",
        lead_send: "Envoyer",
        lead_skip: "Plus tard",
        lead_thanks: "Merci ! Nous vous recontacterons.",
        rate_prompt: "Comment s’est passée cette conversation ?",
        rate_star: "{n} sur 5",
        rate_comment: "Quelque chose à ajouter ? (facultatif)",
        rate_send: "Envoyer",
        rate_skip: "Passer",
        rate_thanks: "Merci pour votre note !",
        vote_up: "Utile",
        vote_down: "Pas utile",
        more: "Plus d’actions",
        theme_toggle: "Passer en clair ou en sombre",
        share: "Partager cette conversation",
        transcript: "M'envoyer cette conversation par e-mail",
        transcript_prompt: "À quelle adresse envoyer cette conversation ?",
        transcript_sent: "Envoyée. Consultez votre boîte de réception ; vous pouvez répondre à l'e-mail.",
        share_ready: "Toute personne disposant de ce lien peut lire cette conversation :",
        copy: "Copier le lien",
        copied: "Copié",
        call: "Nous appeler",
        speak: "Dicter votre message",
        listening: "À l’écoute… touchez pour arrêter",
    },
    Strings {
        send: "Nachricht senden",
        stop: "Antwort anhalten",
        new_chat: "Neues Gespräch",
        typing: "Schreibt…",
        chars_left: "Noch {n} Zeichen",
        chars_over: "{n} Zeichen zu viel",
        error_network: "Der Assistent ist nicht erreichbar. Prüfe deine Verbindung.",
        error_rate: "Du sendest zu schnell Nachrichten.",
        retry_in: "Versuche es in {n} s erneut.",
        error_paused: "Der Assistent ist pausiert. Bitte versuche es später.",
        error_generic: "Etwas ist schiefgelaufen.",
        retry: "Erneut versuchen",
        stopped: "Angehalten",
        sources: "Quellen",
        powered_by: "Bereitgestellt von Porthole",
        talk_to_person: "Mit einem Menschen sprechen",
        leave_message: "Nachricht hinterlassen",
        available: "Ein Mensch ist erreichbar",
        back_at: "Zurück {when}",
        away: "Gerade nicht erreichbar",
        away_prompt: "Gerade ist niemand da. Hinterlassen Sie Ihre E-Mail, dann antwortet Ihnen ein Mensch.",
        waiting_away: "Ein Mensch antwortet Ihnen, sobald das Team zurück ist.",
        waiting_for_person: "Warte auf eine Person… Jemand aus dem Team antwortet hier.",
        keep_ai: "Weiter mit dem Assistenten",
        person: "Teammitglied",
        blocked: "Du kannst in diesem Chat keine Nachrichten mehr senden.",
        image_type: "Dieses Bildformat kann nicht gesendet werden (PNG, JPEG, GIF oder WebP).",
        image_size: "Bilder dürfen höchstens 5 MB groß sein.",
        attach: "Bild senden",
        uploading: "Wird gesendet… {n} %",
        lead_prompt: "Hinterlasse deine Kontaktdaten, wir melden uns.",
        lead_email: "E-Mail",
        lead_phone: "Telefon",
        lead_name: "Name",
        lead_send: "Senden",
        lead_skip: "Später",
        lead_thanks: "Danke! Wir melden uns bei dir.",
        rate_prompt: "Wie war dieses Gespräch?",
        rate_star: "{n} von 5",
        rate_comment: "Noch etwas hinzuzufügen? (optional)",
        rate_send: "Senden",
        rate_skip: "Überspringen",
        rate_thanks: "Danke für deine Bewertung!",
        vote_up: "Hilfreich",
        vote_down: "Nicht hilfreich",
        more: "Weitere Aktionen",
        theme_toggle: "Hell oder dunkel",
        share: "Dieses Gespräch teilen",
        transcript: "Dieses Gespräch per E-Mail senden",
        transcript_prompt: "An welche E-Mail sollen wir das Gespräch senden?",
        transcript_sent: "Gesendet. Schau in dein Postfach; du kannst einfach antworten.",
        share_ready: "Jeder mit diesem Link kann dieses Gespräch lesen:",
        copy: "Link kopieren",
        copied: "Kopiert",
        call: "Anrufen",
        speak: "Nachricht diktieren",
        listening: "Hört zu… zum Beenden tippen",
    },
];

/// The launcher's words for a language tag.
pub fn launcher(lang: &str) -> &'static Launcher {
    &LAUNCHER[index(lang)]
}

/// The panel's words for a language tag.
pub fn strings(lang: &str) -> &'static Strings {
    &STRINGS[index(lang)]
}

/// `template` with `{when}` replaced.
pub fn with_when(template: &str, when: &str) -> String {
    template.replace("{when}", when)
}

/// `template` with `{n}` replaced.
pub fn with_n(template: &str, n: impl std::fmt::Display) -> String {
    template.replace("{n}", &n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_picked_by_their_primary_tag() {
        assert_eq!(strings("fr-CA").send, "Envoyer le message");
        assert_eq!(strings("zh-TW").send, "傳送訊息");
        assert_eq!(strings("zh-Hans-CN").send, "发送消息");
        assert_eq!(strings("pt-BR").send, "Send message");
        assert_eq!(strings("").send, "Send message");
        assert_eq!(launcher("de").open_chat, "Chat öffnen");
    }

    #[test]
    fn counts_are_filled_in() {
        assert_eq!(with_n(strings("en").chars_left, 12), "12 characters left");
        assert_eq!(with_n(launcher("en").unread, 2), "2 unread");
    }
}
