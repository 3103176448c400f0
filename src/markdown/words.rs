//! What the Markdown renderer writes in words rather than markup, in the
//! page's language: a heading's permalink label (`markdown.anchor` of the
//! theme's strings). Part of the renderer's cache key, as they change its
//! HTML.

/// The renderer's words.
#[derive(Debug, Clone, Hash)]
pub struct Words {
    pub anchor: String,
}

impl Words {
    /// The words of `strings`.
    pub fn from_strings(strings: &crate::i18n::Strings) -> Words {
        Words {
            anchor: strings.get("markdown.anchor").to_string(),
        }
    }
}
