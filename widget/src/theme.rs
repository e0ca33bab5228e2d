//! The widget's look: the bot's palettes (`porthole_shared::palette`) as CSS custom properties
//! on the root, and the classes for its corner and mode.

use porthole_shared::palette::{Palette, light_and_dark};
use porthole_shared::{Position, ThemeColors, ThemeMode};

/// How the widget's root looks: its corner, its mode and its colors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Look {
    /// The launcher's corner.
    pub position: Position,
    /// Light, dark or auto.
    pub mode: ThemeMode,
    /// CSS custom properties of both palettes.
    pub variables: String,
}

impl Look {
    /// The look of a bot with `primary` color and seed 004's `light` and `dark` theme colors.
    pub fn new(
        primary: &str,
        light: &ThemeColors,
        dark: &ThemeColors,
        position: Position,
        mode: ThemeMode,
    ) -> Self {
        let (light_palette, dark_palette) = light_and_dark(primary, light, dark);
        Self {
            position,
            mode,
            variables: css_variables(&light_palette, &dark_palette),
        }
    }

    /// The root's classes: corner and mode.
    pub fn class(&self) -> String {
        self.class_with(self.mode)
    }

    /// The root's classes with the visitor's choice of `mode`.
    pub fn class_with(&self, mode: ThemeMode) -> String {
        let position = match self.position {
            Position::Br => "br",
            Position::Bl => "bl",
            Position::Tr => "tr",
            Position::Tl => "tl",
        };
        let mode = match mode {
            ThemeMode::Auto => "auto",
            ThemeMode::Light => "light",
            ThemeMode::Dark => "dark",
        };
        format!("ph-root ph-{position} ph-mode-{mode}")
    }
}

/// CSS custom properties for both palettes (`--ph-l-*` light, `--ph-d-*` dark); the stylesheet
/// picks one set by mode.
pub fn css_variables(light: &Palette, dark: &Palette) -> String {
    let mut out = String::new();
    for (prefix, p) in [("l", light), ("d", dark)] {
        for (name, value) in [
            ("primary", &p.primary),
            ("on-primary", &p.on_primary),
            ("dialog", &p.dialog),
            ("on-dialog", &p.on_dialog),
            ("nav-text", &p.navbar_text),
        ] {
            out.push_str(&format!("--ph-{prefix}-{name}:{value};"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use porthole_shared::palette::palette;

    #[test]
    fn the_root_class_names_the_corner_and_the_mode() {
        let look = Look::new(
            "#00d4ff",
            &ThemeColors::default(),
            &ThemeColors::default(),
            Position::Tl,
            ThemeMode::Dark,
        );
        assert_eq!(look.class(), "ph-root ph-tl ph-mode-dark");
    }

    #[test]
    fn variables_cover_both_modes() {
        let p = palette("#00d4ff", &ThemeColors::default(), None, false);
        let css = css_variables(&p, &p);
        assert!(css.contains("--ph-l-primary:#00d4ff;") && css.contains("--ph-d-on-dialog:"));
    }
}
