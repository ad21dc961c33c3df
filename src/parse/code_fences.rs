//! Line-based readers (key lines, durations) must not read example text
//! inside fenced code blocks as the document's own.

/// The lines outside ``` and ~~~ fences, with their index; the fence
/// lines themselves are left out too.
pub(super) fn outside_code<'s, 'a: 's>(
    lines: &'s [&'a str],
) -> impl Iterator<Item = (usize, &'a str)> + 's {
    let mut fenced = false;
    lines.iter().enumerate().filter_map(move |(i, &line)| {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
            return None;
        }
        (!fenced).then_some((i, line))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn fenced_lines_and_fences_are_skipped() {
        let lines = ["a", "```", "b", "```", "  ~~~", "c", "~~~", "d"];
        let kept: Vec<_> = super::outside_code(&lines).collect();
        assert_eq!(kept, [(0, "a"), (7, "d")]);
    }
}
