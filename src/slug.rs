//! File- and URL-safe identifiers. Every name that becomes part of an output
//! path goes through [`slugify`], so content can never steer a write outside
//! the output folder (no `/`, `\`, `..`, NUL or control characters survive).

use std::collections::BTreeSet;
use unicode_normalization::UnicodeNormalization;

/// Longest slug in characters: keeps output paths well under file-system limits.
pub const MAX_SLUG_CHARS: usize = 80;

/// Lowercase, NFC-normalized, letters and digits of any script kept (Korean
/// titles stay readable), every other run of characters becomes one `-`.
/// Never empty: falls back to `fallback`.
pub fn slugify(input: &str, fallback: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in input.nfc().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    let out: String = out.chars().take(MAX_SLUG_CHARS).collect();
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        fallback.to_string()
    } else {
        out
    }
}

/// `base`, else `base-2`, `base-3`, … : the first not in `used` (then added).
pub fn unique_slug(base: &str, used: &mut BTreeSet<String>) -> String {
    let mut slug = base.to_string();
    let mut n = 2;
    while !used.insert(slug.clone()) {
        slug = format!("{base}-{n}");
        n += 1;
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_path_safe() {
        assert_eq!(
            slugify("Cert Expiry: payments-gateway!", "x"),
            "cert-expiry-payments-gateway"
        );
        assert_eq!(slugify("../../etc/passwd", "x"), "etc-passwd");
        assert_eq!(slugify("a\\b\0c", "x"), "a-b-c");
        assert_eq!(slugify("결제 서버 장애", "x"), "결제-서버-장애");
        assert_eq!(slugify("###", "fallback"), "fallback");
        assert_eq!(
            slugify(&"a".repeat(500), "x").chars().count(),
            MAX_SLUG_CHARS
        );
    }

    #[test]
    fn case_and_normalization_fold_together() {
        // "é" precomposed and decomposed give the same slug.
        assert_eq!(slugify("Caf\u{e9}", "x"), slugify("Cafe\u{301}", "x"));
        assert_eq!(slugify("DNS", "x"), slugify("dns", "x"));
    }
}
