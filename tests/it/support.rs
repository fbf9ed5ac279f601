use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// A scratch folder with a store inside, and a way to run uptake against it.
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    pub fn new() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn store(&self) -> PathBuf {
        self.path("store")
    }

    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, contents).unwrap();
        p
    }

    /// `uptake --store <scratch>/store ARGS...`, run in the scratch folder.
    pub fn uptake(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("uptake").unwrap();
        cmd.current_dir(self.dir.path())
            .env_remove("UPTAKE_STORE")
            .env_remove("UPTAKE_CONFIG")
            .arg("--store")
            .arg(self.store())
            .args(args);
        cmd
    }

    pub fn stdout(&self, args: &[&str]) -> String {
        let out = self.uptake(args).assert().success().get_output().clone();
        String::from_utf8(out.stdout).unwrap()
    }
}

/// Every Parquet file under the store's events folder.
pub fn partition_files(store: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(days) = std::fs::read_dir(store.join("events")) else {
        return out;
    };
    for day in days {
        for f in std::fs::read_dir(day.unwrap().path()).unwrap() {
            out.push(f.unwrap().path());
        }
    }
    out.sort();
    out
}
