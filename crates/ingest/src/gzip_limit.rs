//! A bound on what a `.gz` input may expand to. Gzip reaches ratios near 1000:1 on
//! repeated bytes, so a 1.4 MB file can hold a 1.5 GB field that the CSV reader would
//! gather in memory. As the zip reader bounds each entry (500 MiB, 200:1), a gzip stream
//! may expand to at most [`MAX_RATIO`] times its compressed size plus [`SLACK_BYTES`]:
//! far above what event exports reach (10 to 20:1), far below what a bomb needs.

use std::io::{self, Read};
use std::path::{Path, PathBuf};

pub(crate) const MAX_RATIO: u64 = 200;
/// Lets a small file of very repetitive text through.
pub(crate) const SLACK_BYTES: u64 = 16 << 20;

/// The most `compressed` bytes of gzip may expand to.
pub(crate) fn limit_for(compressed: u64) -> u64 {
    compressed
        .saturating_mul(MAX_RATIO)
        .saturating_add(SLACK_BYTES)
}

/// A decompressing reader that fails once more than `limit` bytes came out of it.
pub(crate) struct Bounded<R> {
    inner: R,
    path: PathBuf,
    limit: u64,
    read: u64,
}

impl<R: Read> Bounded<R> {
    pub(crate) fn new(inner: R, path: &Path, limit: u64) -> Bounded<R> {
        Bounded {
            inner,
            path: path.to_path_buf(),
            limit,
            read: 0,
        }
    }
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.read > self.limit {
            return Err(io::Error::other(format!(
                "{} decompresses to more than {} bytes ({MAX_RATIO} times its compressed \
                 size, plus {} MiB): refused as a possible gzip bomb; nothing of it is stored",
                self.path.display(),
                self.limit,
                SLACK_BYTES >> 20
            )));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(bytes).unwrap();
        gz.finish().unwrap()
    }

    #[test]
    fn a_stream_past_its_limit_fails_and_one_within_reads_whole() {
        let zeros = vec![b'0'; 100_000];
        let packed = gzip(&zeros);
        let read = |limit: u64| {
            let mut out = Vec::new();
            Bounded::new(
                flate2::read::MultiGzDecoder::new(&packed[..]),
                Path::new("bomb.csv.gz"),
                limit,
            )
            .read_to_end(&mut out)
            .map(|_| out.len())
        };
        assert_eq!(read(100_000).unwrap(), 100_000);
        let err = read(99_999).unwrap_err().to_string();
        assert!(
            err.starts_with("bomb.csv.gz decompresses to more than 99999 bytes"),
            "{err}"
        );
        assert_eq!(limit_for(1_000), 200_000 + (16 << 20));
    }
}
