//! A source file's bytes as text, decoded as Python decodes source (PEP 263/3120): a
//! UTF-8 BOM is dropped, a `coding:` cookie in the first two lines names the encoding,
//! and UTF-8 is the default. Latin-1 is decoded exactly; another declared encoding is
//! read as UTF-8 with replacement characters.

pub fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    match cookie(bytes).as_deref() {
        Some("latin-1" | "iso-8859-1" | "iso8859-1" | "latin1" | "l1" | "iso-latin-1") => {
            bytes.iter().map(|&b| char::from(b)).collect()
        }
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// The encoding a `coding[:=]` comment in the first two lines declares, lower-cased, with
/// `_` as `-` (Python's normalisation of the common spellings).
fn cookie(bytes: &[u8]) -> Option<String> {
    for line in bytes.split(|&b| b == b'\n').take(2) {
        let line = String::from_utf8_lossy(line);
        let trimmed = line.trim_start();
        if !trimmed.starts_with('#') {
            // Only a comment line may carry the cookie, and a first line that is code
            // ends the search.
            if trimmed.is_empty() {
                continue;
            }
            return None;
        }
        let Some(at) = trimmed.find("coding") else {
            continue;
        };
        let rest = &trimmed[at + "coding".len()..];
        let Some(rest) = rest.strip_prefix(':').or_else(|| rest.strip_prefix('=')) else {
            continue;
        };
        let name: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            .collect();
        if !name.is_empty() {
            return Some(name.to_ascii_lowercase().replace('_', "-"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn latin1_cookie_bom_and_default_utf8() {
        assert_eq!(
            decode(b"# -*- coding: latin-1 -*-\nname = \"caf\xe9\"\n"),
            "# -*- coding: latin-1 -*-\nname = \"caf\u{e9}\"\n"
        );
        assert_eq!(
            decode(b"#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-1 :\nx = '\xff'\n"),
            "#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-1 :\nx = '\u{ff}'\n"
        );
        assert_eq!(
            decode(b"\xef\xbb\xbfword = \"na\xc3\xafve\"\n"),
            "word = \"na\u{ef}ve\"\n"
        );
        assert_eq!(decode("s = 'é'\n".as_bytes()), "s = 'é'\n");
        // A cookie on the third line does not count (Python ignores it too).
        assert_eq!(
            decode(b"a = 1\nb = 2\n# coding: latin-1\n\xe9"),
            "a = 1\nb = 2\n# coding: latin-1\n\u{fffd}"
        );
    }
}
