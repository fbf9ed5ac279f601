//! The character encoding of a text input. Files are UTF-8 unless a byte-order mark,
//! `--encoding`, or bytes that are not UTF-8 say otherwise: Excel's "CSV" on Windows is
//! written in the system's code page (Windows-1252 in Western Europe), which is guessed
//! then, and the file decoded to UTF-8 as it is read.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use encoding_rs::{Encoding, UTF_8};

use crate::input::open_input;
use crate::{Error, Result};

/// How the encoding of an input is found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 with or without a BOM, UTF-16 with a BOM, else guessed from the first bytes.
    #[default]
    Detect,
    /// The one named (`--encoding windows-1252`).
    Named(&'static Encoding),
}

impl std::str::FromStr for TextEncoding {
    type Err = String;
    /// `auto`, or a WHATWG label: `utf-8`, `windows-1252` (`cp1252`), `iso-8859-15`,
    /// `utf-16le`, `macintosh`...
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        if s.trim().eq_ignore_ascii_case("auto") {
            return Ok(TextEncoding::Detect);
        }
        Encoding::for_label(s.trim().as_bytes())
            .map(TextEncoding::Named)
            .ok_or_else(|| {
                format!(
                    "unknown encoding `{s}` (auto, utf-8, windows-1252, iso-8859-15, utf-16le...)"
                )
            })
    }
}

/// Why a value is refused when its bytes are not UTF-8 in a file read as UTF-8.
/// (No comma in it: the rejects file would quote it.)
pub(crate) const NOT_UTF8: &str = "not valid UTF-8: this file is not UTF-8 here (re-save it as \
UTF-8; roster imports and identity maps and ingest generic also take --encoding \
windows-1252 or another)";

/// Opens `path` (decompressed when it ends in `.gz`) as UTF-8 text: read as it is when it
/// is UTF-8, else decoded from the encoding named or found.
pub(crate) fn open_text(
    path: &Path,
    encoding: TextEncoding,
) -> Result<BufReader<Box<dyn Read + Send>>> {
    let mut input = open_input(path)?;
    let from = match encoding {
        TextEncoding::Named(e) => Some(e),
        TextEncoding::Detect => {
            let sample = input.fill_buf().map_err(Error::io(path))?;
            detect(sample)
        }
    };
    let Some(from) = from.filter(|e| *e != UTF_8) else {
        return Ok(input);
    };
    if encoding == TextEncoding::Detect {
        tracing::info!(
            "{}: not UTF-8; read as {} (detected; --encoding names another)",
            path.display(),
            from.name()
        );
    }
    let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
        .encoding(Some(from))
        .build(input);
    Ok(BufReader::with_capacity(
        1 << 20,
        Box::new(decoded) as Box<dyn Read + Send>,
    ))
}

/// The encoding of a file starting with `sample`: `None` for UTF-8 (a BOM, or bytes that
/// are UTF-8 but for a character cut at the end of the sample, or mostly UTF-8: a few
/// stray bytes in a UTF-8 file are rejected with their records, not guessed at).
fn detect(sample: &[u8]) -> Option<&'static Encoding> {
    if let Some((bom, _)) = Encoding::for_bom(sample) {
        return (bom != UTF_8).then_some(bom);
    }
    // Non-ASCII characters that are valid UTF-8, and runs of bytes that are not.
    let (mut valid, mut invalid) = (0usize, 0usize);
    let chunks: Vec<_> = sample.utf8_chunks().collect();
    for (i, chunk) in chunks.iter().enumerate() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        let bad = chunk.invalid();
        // A character cut by the end of the sample is no sign of another encoding.
        let cut = i + 1 == chunks.len()
            && std::str::from_utf8(bad).is_err_and(|e| e.error_len().is_none());
        invalid += usize::from(!bad.is_empty() && !cut);
    }
    if invalid == 0 || valid > invalid {
        return None;
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(sample, true);
    Some(detector.guess(None, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_boms_and_code_pages_are_told_apart() {
        assert_eq!(detect(b"person,registered_at\n"), None);
        assert_eq!(detect("Date d'entrée\n".as_bytes()), None);
        // A character cut by the end of the sample is still UTF-8.
        assert_eq!(detect(&"entrée".as_bytes()[..5]), None);
        assert_eq!(detect(b"\xef\xbb\xbfa,b\n"), None);
        assert_eq!(
            detect(b"\xff\xfea\x00,\x00b\x00"),
            Some(encoding_rs::UTF_16LE)
        );
        // A stray byte in a UTF-8 file is that record's problem, not another encoding.
        assert_eq!(
            detect(b"Carr\xc3\xa9,Chlo\xc3\xa9,Zo\xc3\xa9,x\xe9y\n"),
            None
        );
        let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(
            "Courriel;Date d'entrée;Service\nana@x.org;01/09/2026;Carré\nluc@x.org;02/09/2026;Comptabilité générale\n",
        );
        assert_eq!(detect(&cp1252), Some(encoding_rs::WINDOWS_1252));
    }

    #[test]
    fn encodings_are_named_by_their_labels() {
        assert_eq!("auto".parse(), Ok(TextEncoding::Detect));
        assert_eq!(
            "CP1252".parse(),
            Ok(TextEncoding::Named(encoding_rs::WINDOWS_1252))
        );
        assert_eq!(
            "latin1".parse(),
            Ok(TextEncoding::Named(encoding_rs::WINDOWS_1252))
        );
        assert!(
            "klingon"
                .parse::<TextEncoding>()
                .unwrap_err()
                .contains("unknown encoding `klingon`")
        );
    }
}
