//! Opening an input file: read as it is, or decompressed on the fly when its name ends
//! in `.gz`, within the bound of [`crate::gzip_limit`].

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use crate::gzip_limit;
use crate::{Error, Result};

/// Opens an input, decompressing it on the fly when its name ends in `.gz`.
pub(crate) fn open_input(path: &Path) -> Result<BufReader<Box<dyn Read + Send>>> {
    let file = File::open(path).map_err(Error::io(path))?;
    let gz = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    let inner: Box<dyn Read + Send> = if gz {
        let packed = file.metadata().map_err(Error::io(path))?.len();
        Box::new(gzip_limit::Bounded::new(
            flate2::read::MultiGzDecoder::new(file),
            path,
            gzip_limit::limit_for(packed),
        ))
    } else {
        Box::new(file)
    };
    Ok(BufReader::with_capacity(1 << 20, inner))
}
