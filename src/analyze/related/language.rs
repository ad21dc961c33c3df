//! The language a postmortem's cause is written in, from its script:
//! documents in different languages are compared by concepts alone.

/// The language a cause text is written in, as far as its script tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Language {
    /// Neither Korean nor Japanese: Latin script, or too few CJK letters to tell.
    English,
    /// At least a third of the letters are Hangul.
    Korean,
    /// At least a third of the letters are kana or Han (and not Korean).
    Japanese,
}

impl Language {
    /// ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Korean => "ko",
            Language::Japanese => "ja",
        }
    }

    /// Korean when at least a third of the letters are Hangul, Japanese when
    /// as many are kana or Han, otherwise English (any Latin script).
    pub fn of(text: &str) -> Language {
        let (mut hangul, mut japanese, mut letters) = (0usize, 0usize, 0usize);
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            match c as u32 {
                0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => hangul += 1,
                0x3040..=0x30FF | 0x4E00..=0x9FFF => japanese += 1,
                _ => {}
            }
        }
        if hangul * 3 >= letters && hangul > 0 {
            Language::Korean
        } else if japanese * 3 >= letters && japanese > 0 {
            Language::Japanese
        } else {
            Language::English
        }
    }
}
