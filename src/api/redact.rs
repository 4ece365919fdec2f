//! Error texts built from what a server sent may quote it, and what it sent may hold a signed
//! URL or a token: these are cut out before the text reaches an error, a log or a person.

/// What replaces a secret.
const REDACTED: &str = "<redacted>";

/// `text` with every URL query string and every OAuth token replaced by `<redacted>`.
pub(crate) fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut after_bearer = false;
    for piece in text.split_inclusive(is_boundary) {
        let (word, boundary) = match piece.char_indices().next_back() {
            Some((at, last)) if is_boundary(last) => (&piece[..at], &piece[at..]),
            _ => (piece, ""),
        };
        if after_bearer && !word.is_empty() {
            out.push_str(REDACTED);
        } else {
            out.push_str(&redact_word(word));
        }
        if !word.is_empty() {
            after_bearer = word.eq_ignore_ascii_case("bearer");
        }
        out.push_str(boundary);
    }
    out
}

fn is_boundary(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`')
}

fn redact_word(word: &str) -> String {
    if let Some((before, query)) = word.split_once('?')
        && query.contains('=')
    {
        return format!("{before}?{REDACTED}");
    }
    let bare = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    if ["ya29.", "1//", "4/"]
        .iter()
        .any(|prefix| bare.starts_with(prefix))
        || word.contains("X-Goog-Signature")
    {
        return REDACTED.to_owned();
    }
    word.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_and_tokens_are_cut_and_the_rest_is_kept() {
        assert_eq!(
            redact("bad bearer ya29.abc for https://s.example/a.zip?X-Goog-Signature=f00&x=1 now"),
            "bad bearer <redacted> for https://s.example/a.zip?<redacted> now"
        );
        assert_eq!(redact("Bearer abc.def"), "Bearer <redacted>");
        assert_eq!(redact("token \"1//refresh\""), "token \"<redacted>\"");
        assert_eq!(redact("what? nothing here"), "what? nothing here");
        assert_eq!(redact(""), "");
    }
}
