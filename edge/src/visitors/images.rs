//! Images visitors send: the type is read from the bytes themselves (never from the name or the
//! declared type), only PNG, JPEG, GIF and WebP are accepted, and each is stored under an
//! unguessable name. No runtime here.

/// Largest image accepted, in bytes.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

/// An accepted image type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageType {
    /// `image/png`.
    Png,
    /// `image/jpeg`.
    Jpeg,
    /// `image/gif`.
    Gif,
    /// `image/webp`.
    Webp,
}

impl ImageType {
    /// The type of `bytes`, from their signature; `None` for anything else.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
            Some(Self::Jpeg)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(Self::Gif)
        } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
            Some(Self::Webp)
        } else {
            None
        }
    }

    /// The MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Gif => "image/gif",
            Self::Webp => "image/webp",
        }
    }

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Jpeg => "jpg",
            Self::Gif => "gif",
            Self::Webp => "webp",
        }
    }

    /// The type of a stored file name (`{32 hex}.{ext}`); `None` for any other name.
    pub fn of_name(name: &str) -> Option<Self> {
        let (stem, ext) = name.split_once('.')?;
        let stem_ok = stem.len() == 32
            && stem
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        let kind = match ext {
            "png" => Self::Png,
            "jpg" => Self::Jpeg,
            "gif" => Self::Gif,
            "webp" => Self::Webp,
            _ => return None,
        };
        stem_ok.then_some(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_known_by_their_bytes_not_their_name() {
        assert_eq!(
            ImageType::sniff(b"\x89PNG\r\n\x1a\n\0\0"),
            Some(ImageType::Png)
        );
        assert_eq!(
            ImageType::sniff(&[0xff, 0xd8, 0xff, 0xe0]),
            Some(ImageType::Jpeg)
        );
        assert_eq!(ImageType::sniff(b"GIF89a..."), Some(ImageType::Gif));
        assert_eq!(
            ImageType::sniff(b"RIFF\0\0\0\0WEBPVP8 "),
            Some(ImageType::Webp)
        );
        for bad in [
            &b"<html><script>alert(1)</script>"[..],
            b"%PDF-1.7",
            b"",
            b"RIFF\0\0\0\0WAVE",
        ] {
            assert_eq!(ImageType::sniff(bad), None);
        }
    }

    #[test]
    fn only_stored_names_are_served() {
        let name = format!("{}.png", "a".repeat(32));
        assert_eq!(ImageType::of_name(&name), Some(ImageType::Png));
        for bad in [
            "x.png",
            "../secret.png",
            &format!("{}.svg", "a".repeat(32)),
            &format!("{}.png", "A".repeat(32)),
        ] {
            assert_eq!(ImageType::of_name(bad), None, "{bad}");
        }
    }
}
