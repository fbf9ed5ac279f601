//! The content hashes of an ingest's inputs (SHA-256), by which a file ingested before is
//! skipped. Equal contents have equal sizes, so a file whose size no ingested file and no
//! other input has cannot be one: it is read at once, and hashed, for the manifest, on a
//! thread of its own while it is read (hashing took 0.6-0.75 s of a 5.5-5.9 s ingest of
//! an 880 MB CSV file before it was read, docs/benchmarks.md).

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use rayon::prelude::*;
use sha2::{Digest, Sha256};
use uptake_store::{FileStatus, Manifest};

use crate::run::sorted_entries;
use crate::{Error, Result};

/// A file's SHA-256 in hex and its size in bytes.
type Sha256Of = (String, u64);

/// The hashes computed while reading, by input index.
type LateHashes = Vec<(usize, Result<Sha256Of>)>;

/// What is known of an input's hash before it is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Hash {
    /// Its SHA-256 and size.
    Known(String, u64),
    /// Its size; the hash is computed while it is read.
    WhileReading(u64),
}

/// The inputs' hashes: those needed before reading, and the thread computing the others.
pub(crate) struct InputHashes {
    pub now: Vec<Hash>,
    later: Option<JoinHandle<LateHashes>>,
}

impl InputHashes {
    /// Hashes now, in parallel, the inputs that may repeat an ingested file or another
    /// input (under `force`, which reads every file, only folders), and starts a thread
    /// hashing the others.
    pub(crate) fn start(
        files: &[PathBuf],
        manifest: &Manifest,
        force: bool,
    ) -> Result<InputHashes> {
        let ingested: HashSet<u64> = manifest
            .runs
            .iter()
            .flat_map(|r| &r.files)
            .filter(|f| f.status == FileStatus::Ingested)
            .map(|f| f.bytes)
            .collect();
        let sizes: Vec<Option<u64>> = files
            .iter()
            .map(|p| {
                fs::metadata(p)
                    .ok()
                    .filter(|m| m.is_file())
                    .map(|m| m.len())
            })
            .collect();
        let mut inputs_of_size: HashMap<u64, usize> = HashMap::new();
        for size in sizes.iter().flatten() {
            *inputs_of_size.entry(*size).or_default() += 1;
        }
        let unique = |size: u64| force || (!ingested.contains(&size) && inputs_of_size[&size] == 1);
        let now: Vec<Result<Hash>> = files
            .par_iter()
            .zip(&sizes)
            .map(|(path, size)| match size {
                Some(size) if unique(*size) => Ok(Hash::WhileReading(*size)),
                _ => sha256_file(path).map(|(sha, bytes)| Hash::Known(sha, bytes)),
            })
            .collect();
        let now = now.into_iter().collect::<Result<Vec<Hash>>>()?;
        let later: Vec<(usize, PathBuf)> = now
            .iter()
            .enumerate()
            .filter(|(_, h)| matches!(h, Hash::WhileReading(_)))
            .map(|(i, _)| (i, files[i].clone()))
            .collect();
        let later = (!later.is_empty()).then(|| {
            std::thread::spawn(move || {
                later
                    .into_iter()
                    .map(|(i, path)| (i, sha256_file(&path)))
                    .collect()
            })
        });
        Ok(InputHashes { now, later })
    }

    /// The hashes computed while reading, by input: waits for them.
    pub(crate) fn finish(self) -> Result<Vec<(usize, String)>> {
        let Some(later) = self.later else {
            return Ok(Vec::new());
        };
        let hashed = later
            .join()
            .map_err(|_| Error::Usage("the thread hashing the inputs failed".into()))?;
        hashed
            .into_iter()
            .map(|(i, hash)| hash.map(|(sha, _)| (i, sha)))
            .collect()
    }
}

/// Content hash of a file, streamed; of a folder, over its files' relative paths and
/// contents in sorted order. Returns the hash and the bytes read.
pub fn sha256_file(path: &Path) -> Result<Sha256Of> {
    let mut hasher = Sha256::new();
    let bytes = hash_into(path, path, &mut hasher)?;
    Ok((hex::encode(hasher.finalize()), bytes))
}

fn hash_into(root: &Path, path: &Path, hasher: &mut Sha256) -> Result<u64> {
    if path.is_dir() {
        let entries = sorted_entries(path)?;
        let mut total = 0;
        for e in entries {
            // As the export's reader does, links inside the folder are not followed.
            if fs::symlink_metadata(&e).is_ok_and(|m| m.file_type().is_symlink()) {
                continue;
            }
            total += hash_into(root, &e, hasher)?;
        }
        return Ok(total);
    }
    if path != root {
        let rel = path.strip_prefix(root).unwrap_or(path);
        hasher.update(rel.to_string_lossy().as_bytes());
        hasher.update([0u8]);
    }
    let mut file = fs::File::open(path).map_err(Error::io(path))?;
    let mut buf = vec![0u8; 1 << 20];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buf).map_err(Error::io(path))?;
        if n == 0 {
            break;
        }
        bytes += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use uptake_store::{FileRecord, RunCounts};

    #[test]
    fn only_inputs_of_a_size_seen_before_are_hashed_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| {
            let p = dir.path().join(name);
            fs::write(&p, text).unwrap();
            p
        };
        // "before.csv" (5 bytes) was ingested; "same.csv" has its size, not its content.
        let before = write("before.csv", "a,b\n1");
        let same = write("same.csv", "x,y\n2");
        let unique = write("unique.csv", "a,b\n1,2\n");
        let twin1 = write("twin1.csv", "a,b,c\n1");
        let twin2 = write("twin2.csv", "a,b,c\n1");
        let folder = dir.path().join("export");
        fs::create_dir(&folder).unwrap();
        fs::write(folder.join("users.json"), "[]").unwrap();
        let mut manifest = Manifest::default();
        let mut run = crate::pending::tests::run_record("b0");
        run.files.push(FileRecord {
            path: before.display().to_string(),
            sha256: sha256_file(&before).unwrap().0,
            bytes: 5,
            status: FileStatus::Ingested,
            error: None,
            counts: RunCounts::default(),
            warnings: Vec::new(),
        });
        manifest.runs.push(run);

        let files = vec![
            same.clone(),
            unique.clone(),
            twin1.clone(),
            twin2,
            folder.clone(),
        ];
        let hashes = InputHashes::start(&files, &manifest, false).unwrap();
        let known = |p: &Path| {
            let (sha, bytes) = sha256_file(p).unwrap();
            Hash::Known(sha, bytes)
        };
        assert_eq!(
            hashes.now,
            vec![
                known(&same),
                Hash::WhileReading(8),
                known(&twin1),
                known(&twin1),
                known(&folder),
            ]
        );
        assert_eq!(
            hashes.finish().unwrap(),
            vec![(1, sha256_file(&unique).unwrap().0)]
        );

        // `--force` reads every file: none is hashed first but the folder.
        let hashes = InputHashes::start(&files, &manifest, true).unwrap();
        assert_eq!(hashes.now[0], Hash::WhileReading(5));
        assert_eq!(hashes.now[4], known(&folder));
        let late: Vec<usize> = hashes.finish().unwrap().iter().map(|(i, _)| *i).collect();
        assert_eq!(late, vec![0, 1, 2, 3]);
    }

    #[test]
    fn a_file_hashes_to_its_sha256() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("abc.txt");
        fs::write(&p, "abc").unwrap();
        // FIPS 180-2's example: SHA-256("abc").
        assert_eq!(
            sha256_file(&p).unwrap(),
            (
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".into(),
                3
            )
        );
    }
}
