//! Colors: a bot's primary color and seed 004's theme sets become a light and a dark palette,
//! with text colors chosen for readable contrast (WCAG relative luminance) so any brand color
//! works. The widget paints with it; seed 004's web chat reports the colors it paints.

use crate::config::ThemeColors;
use crate::fields::HexColor;

/// Bot bubbles when no dialog color is configured.
pub const LIGHT_DIALOG: &str = "#f1f3f5";
pub const DARK_DIALOG: &str = "#2b2f36";
/// Text on light and on dark surfaces.
pub const DARK_TEXT: &str = "#111827";
pub const LIGHT_TEXT: &str = "#ffffff";

/// The colors of one mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Palette {
    /// Launcher, header, visitor bubbles.
    pub primary: String,
    /// Text on `primary`.
    pub on_primary: String,
    /// Bot bubbles.
    pub dialog: String,
    /// Text on `dialog`.
    pub on_dialog: String,
    /// Header text.
    pub navbar_text: String,
}

/// The palette of a mode from the base primary color and that mode's theme colors.
pub fn palette(
    base_primary: &str,
    colors: &ThemeColors,
    fallback: Option<&ThemeColors>,
    dark: bool,
) -> Palette {
    let pick = |own: &Option<HexColor>, other: Option<&Option<HexColor>>| {
        own.as_ref()
            .or(other.and_then(Option::as_ref))
            .map(|c| c.as_str().to_owned())
    };
    let primary = pick(&colors.primary_color, fallback.map(|f| &f.primary_color))
        .unwrap_or_else(|| normalize(base_primary));
    let dialog = colors
        .dialog_color
        .as_ref()
        .map(|c| c.as_str().to_owned())
        .unwrap_or_else(|| (if dark { DARK_DIALOG } else { LIGHT_DIALOG }).to_owned());
    let on_primary = readable_on(&primary).to_owned();
    Palette {
        navbar_text: colors
            .navbar_text_color
            .as_ref()
            .map(|c| c.as_str().to_owned())
            .unwrap_or_else(|| on_primary.clone()),
        on_dialog: readable_on(&dialog).to_owned(),
        on_primary,
        dialog,
        primary,
    }
}

/// The light and the dark palette of a bot with `primary` color and seed 004's `light` and
/// `dark` theme colors (dark falls back to light's primary).
pub fn light_and_dark(
    primary: &str,
    light: &ThemeColors,
    dark: &ThemeColors,
) -> (Palette, Palette) {
    (
        palette(primary, light, None, false),
        palette(primary, dark, Some(light), true),
    )
}

fn normalize(color: &str) -> String {
    HexColor::parse(color)
        .map(|c| c.as_str().to_owned())
        .unwrap_or_else(|_| "#00d4ff".to_owned())
}

/// The text color (white or near-black) with the better contrast on `background`.
pub fn readable_on(background: &str) -> &'static str {
    let bg = luminance(background);
    let with_white = contrast(bg, luminance(LIGHT_TEXT));
    let with_dark = contrast(bg, luminance(DARK_TEXT));
    if with_white >= with_dark {
        LIGHT_TEXT
    } else {
        DARK_TEXT
    }
}

/// WCAG contrast ratio of two relative luminances (1 to 21).
pub fn contrast(a: f64, b: f64) -> f64 {
    let (hi, lo) = if a > b { (a, b) } else { (b, a) };
    (hi + 0.05) / (lo + 0.05)
}

/// WCAG relative luminance of a `#rrggbb` color (0 black to 1 white).
pub fn luminance(color: &str) -> f64 {
    let (r, g, b) = HexColor::parse(color).map(|c| c.rgb()).unwrap_or((0, 0, 0));
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn colors(primary: Option<&str>, dialog: Option<&str>, nav: Option<&str>) -> ThemeColors {
        let c = |s: Option<&str>| s.map(|s| HexColor::parse(s).unwrap());
        ThemeColors {
            primary_color: c(primary),
            dialog_color: c(dialog),
            navbar_text_color: c(nav),
        }
    }

    #[test]
    fn light_brand_colors_get_dark_text_and_dark_ones_white_text() {
        assert_eq!(readable_on("#00d4ff"), DARK_TEXT);
        assert_eq!(readable_on("#ffeb3b"), DARK_TEXT);
        assert_eq!(readable_on("#3854d8"), LIGHT_TEXT);
        assert_eq!(readable_on("#000000"), LIGHT_TEXT);
    }

    #[test]
    fn the_chosen_text_color_is_the_better_one_and_meets_aa_for_large_text_on_any_gray() {
        for v in (0..=255).step_by(5) {
            let bg = format!("#{v:02x}{v:02x}{v:02x}");
            let chosen = contrast(luminance(&bg), luminance(readable_on(&bg)));
            let white = contrast(luminance(&bg), luminance(LIGHT_TEXT));
            let dark = contrast(luminance(&bg), luminance(DARK_TEXT));
            assert_eq!(chosen, white.max(dark), "{bg}");
            assert!(chosen >= 3.0, "{bg}: {chosen}");
        }
    }

    #[test]
    fn seed_004_colors_override_the_primary_color() {
        let p = palette(
            "#00d4ff",
            &colors(Some("#3854d8"), Some("#ddeaf6"), Some("#ffffff")),
            None,
            false,
        );
        assert_eq!(p.primary, "#3854d8");
        assert_eq!(p.dialog, "#ddeaf6");
        assert_eq!(p.on_dialog, DARK_TEXT);
        assert_eq!(p.navbar_text, "#ffffff");
    }

    #[test]
    fn the_dark_palette_falls_back_to_the_light_primary_and_a_dark_dialog() {
        let light = colors(Some("#3854d8"), None, None);
        let p = palette("#00d4ff", &ThemeColors::default(), Some(&light), true);
        assert_eq!(p.primary, "#3854d8");
        assert_eq!(p.dialog, DARK_DIALOG);
        assert_eq!(p.on_dialog, LIGHT_TEXT);
    }
}
