//! The inputs of a run: which files, under which names, in which order, and where each one's
//! document goes.
//!
//! Folders are searched recursively for `.pdf` and `.txt`. Symbolic links are followed, but every
//! real path (folder or file) is taken at most once, so a link back up the tree is no loop and a
//! linked copy no duplicate; plain paths are walked before links, so a file keeps its own name
//! when a link also reaches it. What cannot be listed or read stays an input, with its reason.

use anyhow::{Result, bail};
use std::collections::{BTreeSet, HashSet};
use std::path::{Component, Path, PathBuf};

/// One input: where it is, and the name (`doc`) it has in every output.
#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    pub doc: String,
    pub path: PathBuf,
    pub kind: Kind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Pdf,
    /// A report already converted to text.
    Text,
    /// A file or folder that could not be read, and why: it gets a `failed` manifest line.
    Unreadable(String),
}

/// Every input under `roots`, sorted by name. Usage errors: a root that does not exist, no input
/// at all, or two inputs with the same name (two roots holding `a.pdf`).
pub fn collect(roots: &[PathBuf]) -> Result<Vec<Input>> {
    let mut walk = Walk::default();
    for root in roots {
        if let Err(e) = std::fs::metadata(root) {
            bail!("cannot read {}: {e}", root.display());
        }
        walk.root(root);
    }
    let mut inputs = walk.inputs;
    if inputs.is_empty() {
        bail!(
            "no .pdf or .txt files found under {}",
            roots
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    inputs.sort_by(|a, b| a.doc.cmp(&b.doc));
    if let Some(pair) = inputs.windows(2).find(|w| w[0].doc == w[1].doc) {
        bail!(
            "two inputs would both be named {}: {} and {}; give their common folder instead, so \
             that each keeps its own path",
            pair[0].doc,
            pair[0].path.display(),
            pair[1].path.display()
        );
    }
    Ok(inputs)
}

/// Shard `k` of `n` (1-based): every n-th input of the sorted list, starting at the k-th.
pub fn shard(inputs: Vec<Input>, (k, n): (usize, usize)) -> Vec<Input> {
    inputs
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % n == k - 1)
        .map(|(_, x)| x)
        .collect()
}

/// `--shard K/N`.
pub fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let (k, n) = s.split_once('/').ok_or("expected K/N, e.g. 2/8")?;
    let (k, n): (usize, usize) = (
        k.trim().parse().map_err(|_| "K is not a number")?,
        n.trim().parse().map_err(|_| "N is not a number")?,
    );
    if n == 0 || k == 0 || k > n {
        return Err("need 1 <= K <= N".into());
    }
    Ok((k, n))
}

/// Where an input's document goes: its name with `.json` added (`2020/u01.pdf` →
/// `OUT/2020/u01.pdf.json`), so `u01.pdf` and `u01.txt` in one folder keep separate documents.
pub fn document_path(out: &Path, doc: &str) -> PathBuf {
    let mut path = out.to_path_buf();
    let mut named = false;
    for part in Path::new(doc).components() {
        if let Component::Normal(p) = part {
            path.push(p);
            named = true;
        }
    }
    if !named {
        path.push("unnamed");
    }
    let mut name = path.into_os_string();
    name.push(".json");
    name.into()
}

fn input_kind(path: &Path) -> Option<Kind> {
    let ext = path.extension()?;
    if ext.eq_ignore_ascii_case("pdf") {
        Some(Kind::Pdf)
    } else if ext.eq_ignore_ascii_case("txt") {
        Some(Kind::Text)
    } else {
        None
    }
}

#[derive(Default)]
struct Walk {
    /// Real paths already taken (folders and files).
    seen: HashSet<PathBuf>,
    inputs: Vec<Input>,
}

impl Walk {
    fn root(&mut self, root: &Path) {
        if !root.is_dir() {
            // a file named on the command line: relative to itself, its name is all there is
            let doc = root.file_name().map_or_else(
                || root.to_string_lossy().into_owned(),
                |n| n.to_string_lossy().into_owned(),
            );
            let kind = input_kind(root).unwrap_or(Kind::Pdf);
            self.file(root, doc, kind);
            return;
        }
        let mut plain = vec![root.to_path_buf()];
        let mut links = BTreeSet::new();
        loop {
            while let Some(dir) = plain.pop() {
                self.folder(root, &dir, &mut plain, &mut links);
            }
            let Some(link) = links.pop_first() else {
                break;
            };
            match std::fs::metadata(&link) {
                Ok(meta) if meta.is_dir() => plain.push(link),
                Ok(_) => {
                    if let Some(kind) = input_kind(&link) {
                        self.file(&link, relative(root, &link), kind);
                    }
                }
                // a dangling link or a link loop named like a report
                Err(e) => {
                    if input_kind(&link).is_some() {
                        self.unreadable(&link, relative(root, &link), format!("cannot read: {e}"));
                    }
                }
            }
        }
    }

    fn folder(
        &mut self,
        root: &Path,
        dir: &Path,
        plain: &mut Vec<PathBuf>,
        links: &mut BTreeSet<PathBuf>,
    ) {
        let Ok(real) = dir.canonicalize() else {
            return;
        };
        if !self.seen.insert(real) {
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                let doc = if dir == root {
                    root.to_string_lossy().into_owned()
                } else {
                    relative(root, dir)
                };
                self.unreadable(dir, doc, format!("cannot list folder: {e}"));
                return;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_symlink() => {
                    links.insert(path);
                }
                Ok(t) if t.is_dir() => plain.push(path),
                Ok(_) => {
                    if let Some(kind) = input_kind(&path) {
                        self.file(&path, relative(root, &path), kind);
                    }
                }
                Err(e) => {
                    if input_kind(&path).is_some() {
                        self.unreadable(&path, relative(root, &path), format!("cannot read: {e}"));
                    }
                }
            }
        }
    }

    fn file(&mut self, path: &Path, doc: String, kind: Kind) {
        match path.canonicalize() {
            Ok(real) => {
                if self.seen.insert(real) {
                    self.inputs.push(Input {
                        doc,
                        path: path.to_path_buf(),
                        kind,
                    });
                }
            }
            Err(e) => self.unreadable(path, doc, format!("cannot read: {e}")),
        }
    }

    fn unreadable(&mut self, path: &Path, doc: String, why: String) {
        self.inputs.push(Input {
            doc,
            path: path.to_path_buf(),
            kind: Kind::Unreadable(why),
        });
    }
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder under the workspace's target/tmp, replaced by the next run (not one per
    /// process in the system temp dir, which piles up).
    fn temp(name: &str) -> PathBuf {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../target/tmp")
            .join(format!("juesuan-inputs-{name}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn docs(inputs: &[Input]) -> Vec<&str> {
        inputs.iter().map(|i| i.doc.as_str()).collect()
    }

    #[test]
    fn shards_are_parsed_and_partition_the_list() {
        assert_eq!(parse_shard("3/8"), Ok((3, 8)));
        assert_eq!(parse_shard(" 1 / 1 "), Ok((1, 1)));
        for bad in ["0/3", "4/3", "1/0", "3", "a/3", "1/b", ""] {
            assert!(parse_shard(bad).is_err(), "{bad}");
        }
        let inputs: Vec<Input> = (0..10)
            .map(|i| Input {
                doc: format!("{i:02}.pdf"),
                path: PathBuf::new(),
                kind: Kind::Pdf,
            })
            .collect();
        let mut all = Vec::new();
        for k in 1..=3 {
            let part = shard(inputs.clone(), (k, 3));
            assert_eq!(part[0].doc, format!("{:02}.pdf", k - 1));
            all.extend(part);
        }
        all.sort_by(|a, b| a.doc.cmp(&b.doc));
        assert_eq!(all, inputs, "every input in exactly one shard");
    }

    #[test]
    fn each_input_gets_its_own_document_file() {
        let out = Path::new("/o");
        assert_eq!(document_path(out, "u01.pdf"), Path::new("/o/u01.pdf.json"));
        assert_eq!(document_path(out, "u01.txt"), Path::new("/o/u01.txt.json"));
        assert_eq!(
            document_path(out, "2020/武昌.PDF"),
            Path::new("/o/2020/武昌.PDF.json")
        );
        // nothing escapes OUT, and hidden files keep their dot
        assert_eq!(
            document_path(out, "../../etc/x.pdf"),
            Path::new("/o/etc/x.pdf.json")
        );
        assert_eq!(document_path(out, ".a.pdf"), Path::new("/o/.a.pdf.json"));
        assert_eq!(document_path(out, ""), Path::new("/o/unnamed.json"));
    }

    #[test]
    fn links_are_followed_once_and_broken_ones_reported() {
        let root = temp("links");
        std::fs::create_dir_all(root.join("a/deep")).unwrap();
        std::fs::write(root.join("a/deep/x.pdf"), b"%PDF-").unwrap();
        std::fs::write(root.join("a/y.txt"), b"text").unwrap();
        std::fs::write(root.join("a/notes.md"), b"not an input").unwrap();
        let link = |target: &str, name: &str| {
            std::os::unix::fs::symlink(target, root.join(name)).unwrap();
        };
        link("..", "a/deep/up"); // a loop back to a
        link("a", "0-before-a"); // sorts first, yet a keeps its names
        link("a/deep/x.pdf", "z.pdf"); // a second name for x.pdf
        link("nowhere.pdf", "dangling.pdf");
        let inputs = collect(std::slice::from_ref(&root)).unwrap();
        assert_eq!(
            docs(&inputs),
            ["a/deep/x.pdf", "a/y.txt", "dangling.pdf"],
            "{inputs:#?}"
        );
        assert_eq!(inputs[1].kind, Kind::Text);
        assert!(matches!(&inputs[2].kind, Kind::Unreadable(why) if why.starts_with("cannot read")));
        // the same folder twice, or a file inside a folder also given, is still one input each
        let again = collect(&[root.clone(), root.join("a"), root.join("a/y.txt")]).unwrap();
        assert_eq!(docs(&again), docs(&inputs));
    }

    #[test]
    fn two_roots_may_not_give_one_name_twice() {
        let root = temp("clash");
        for year in ["2020", "2021"] {
            std::fs::create_dir_all(root.join(year)).unwrap();
            std::fs::write(root.join(year).join("u.pdf"), year).unwrap();
        }
        let err = collect(&[root.join("2020"), root.join("2021")]).unwrap_err();
        assert!(err.to_string().contains("both be named u.pdf"), "{err}");
        assert_eq!(
            docs(&collect(&[root]).unwrap()),
            ["2020/u.pdf", "2021/u.pdf"]
        );
    }
}
