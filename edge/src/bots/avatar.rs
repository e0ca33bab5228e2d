//! A bot's generated avatar: the first letter of its name on its primary color, an SVG image at
//! `/api/widgets/{id}/avatar.svg`, for clients of a bot with no image set (seed 002's
//! `branding.logo`, seed 004's `avatar` are URLs). The widget draws the same letter itself.

use porthole_shared::palette::readable_on;
use worker::{Request, Result};

/// The absolute URL of the generated avatar of the bot with public id `bot_id`, on the host
/// the request came to.
pub fn url(req: &Request, bot_id: &str) -> Result<String> {
    let origin = req.url()?.origin().ascii_serialization();
    Ok(format!("{origin}/api/widgets/{bot_id}/avatar.svg"))
}

/// The avatar of a bot named `name` with primary color `primary` (`#rrggbb`): a disc of that
/// color with the name's first letter, in capitals, in the text color that reads best on it.
pub fn svg(name: &str, primary: &str) -> String {
    let initial: String = name
        .trim()
        .chars()
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">"#,
            r#"<circle cx="32" cy="32" r="32" fill="{fill}"/>"#,
            r#"<text x="32" y="32" dy=".35em" text-anchor="middle" font-size="30" font-weight="600" "#,
            r#"font-family="system-ui,-apple-system,'Segoe UI',Roboto,sans-serif" fill="{ink}">{initial}</text>"#,
            "</svg>"
        ),
        fill = crate::visitors::transcript::escape(primary),
        ink = readable_on(primary),
        initial = crate::visitors::transcript::escape(&initial),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_avatar_is_the_capital_initial_on_the_bots_color_with_readable_ink() {
        let dark = svg("barista", "#3854d8");
        assert!(dark.contains(r##"fill="#3854d8""##), "{dark}");
        assert!(dark.contains(r##"fill="#ffffff">B</text>"##), "{dark}");
        let light = svg(" élan", "#ffeb3b");
        assert!(light.contains(r##"fill="#111827">É</text>"##), "{light}");
    }

    #[test]
    fn a_name_cannot_inject_markup() {
        let svg = svg("<script>", "#000000");
        assert!(!svg.contains("<script"), "{svg}");
        assert!(svg.contains(">&lt;</text>"), "{svg}");
    }
}
