//! The advisory database: loading OSV records, indexing them by package, matching
//! dependencies, and the compact on-disk form `sca update` writes.

use crate::osv::{self, Record};
use crate::severity;
use crate::{Dependency, Ecosystem, Version, Vuln};
use chrono::{DateTime, Utc};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// File name of the compact database inside the data directory.
///
/// Layout: one JSON header line (`format`, `records`, `snapshot`), then one line per record:
/// `id TAB modified TAB keys TAB json`, where `keys` are the record's packages as
/// `ecosystem US normalized-name`, separated by RS, and `json` is the trimmed OSV record.
/// Loading reads the keys only; a record's JSON is parsed the first time a dependency of
/// one of its packages is checked, so loading tens of thousands of records stays cheap.
pub const COMPACT_FILE: &str = "osv.ndjson";

/// Format tag of the compact file's header line; bumped when its layout changes.
const COMPACT_FORMAT: &str = "provenance-osv/2";
const UNIT_SEP: char = '\u{1f}';
const RECORD_SEP: char = '\u{1e}';

/// Why a database could not be loaded or written.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A file or directory could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A zip archive could not be read.
    #[error("{path}: not a readable zip archive: {source}")]
    Zip {
        /// The archive.
        path: PathBuf,
        /// The cause.
        #[source]
        source: zip::result::ZipError,
    },
    /// The compact file's header is missing or from another format version.
    #[error("{path}: not a compact advisory database of format {COMPACT_FORMAT} (run `sca update` again)")]
    CompactFormat {
        /// The compact file.
        path: PathBuf,
    },
    /// The source held no advisory of a known ecosystem; an update refuses to replace the
    /// current database with it.
    #[error("{path}: no OSV advisory records of crates.io, npm, PyPI or Go found")]
    Empty {
        /// The source.
        path: PathBuf,
    },
}

/// A record that was skipped while loading (it did not parse).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadProblem {
    /// Where it came from: a file path, or `archive.zip!entry.json`.
    pub origin: String,
    /// What was wrong.
    pub message: String,
}

/// What [`Db::update_from`] installed.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateSummary {
    /// Records in the new database.
    pub records: usize,
    /// Its snapshot date (newest `modified`).
    pub snapshot: Option<DateTime<Utc>>,
    /// Records of the source that did not parse and were left out.
    pub skipped: Vec<LoadProblem>,
    /// The compact file written.
    pub path: PathBuf,
}

/// An OSV advisory database indexed by (ecosystem, normalized package name).
#[derive(Debug, Clone, Default)]
pub struct Db {
    slots: Vec<Slot>,
    /// The compact file's bytes, when loaded from one; slots point into it.
    raw: Vec<u8>,
    index: HashMap<(Ecosystem, String), Vec<u32>>,
    newest: Option<DateTime<Utc>>,
    problems: Vec<LoadProblem>,
}

/// One record: parsed, or a byte range of [`Db::raw`] parsed on first use.
#[derive(Debug, Clone, Default)]
struct Slot {
    raw: Option<std::ops::Range<usize>>,
    parsed: OnceLock<Option<Record>>,
}

impl Slot {
    fn parsed(record: Record) -> Slot {
        Slot {
            raw: None,
            parsed: OnceLock::from(Some(record)),
        }
    }
}

/// The index keys of a record: its packages of known ecosystems, once each.
fn keys(record: &Record) -> Vec<(Ecosystem, String)> {
    let mut out: Vec<(Ecosystem, String)> = Vec::new();
    for a in &record.affected {
        let Some(p) = &a.package else { continue };
        let Some(eco) = Ecosystem::from_osv(&p.ecosystem) else {
            continue;
        };
        let k = (eco, eco.normalize(&p.name));
        if !out.contains(&k) {
            out.push(k);
        }
    }
    out
}

impl Db {
    /// Parse one OSV JSON record. `Ok(None)` for a withdrawn record or one with no entry of a
    /// known ecosystem. The record is trimmed to what matching needs.
    pub fn parse_record(bytes: &[u8]) -> Result<Option<Record>, serde_json::Error> {
        let mut r: Record = serde_json::from_slice(bytes)?;
        if r.withdrawn.is_some() || !r.trim() {
            return Ok(None);
        }
        Ok(Some(r))
    }

    /// A database of these records. A record id seen twice keeps the newer `modified`.
    pub fn from_records(records: impl IntoIterator<Item = Record>) -> Db {
        let mut by_id: HashMap<String, usize> = HashMap::new();
        let mut kept: Vec<Record> = Vec::new();
        for r in records {
            match by_id.get(&r.id) {
                Some(&i) => {
                    if r.modified > kept[i].modified {
                        kept[i] = r;
                    }
                }
                None => {
                    by_id.insert(r.id.clone(), kept.len());
                    kept.push(r);
                }
            }
        }
        let mut db = Db::default();
        for (ri, r) in kept.into_iter().enumerate() {
            for k in keys(&r) {
                db.index.entry(k).or_default().push(ri as u32);
            }
            db.note_modified(&r.modified);
            db.slots.push(Slot::parsed(r));
        }
        db
    }

    fn note_modified(&mut self, modified: &str) {
        if let Ok(t) = DateTime::parse_from_rfc3339(modified) {
            let t = t.with_timezone(&Utc);
            if self.newest.is_none_or(|n| t > n) {
                self.newest = Some(t);
            }
        }
    }

    /// Record `i`, parsing it on first use when it came from the compact file.
    fn record(&self, i: u32) -> Option<&Record> {
        let slot = self.slots.get(i as usize)?;
        slot.parsed
            .get_or_init(|| {
                let range = slot.raw.clone()?;
                serde_json::from_slice(self.raw.get(range)?).ok()
            })
            .as_ref()
    }

    /// Load the compact file at `path` (see [`COMPACT_FILE`]).
    fn load_compact(path: &Path) -> Result<Db, LoadError> {
        let raw = fs::read(path).map_err(|source| LoadError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let bad = || LoadError::CompactFormat {
            path: path.to_path_buf(),
        };
        let header_end = memchr_newline(&raw, 0).ok_or_else(bad)?;
        let header: serde_json::Value =
            serde_json::from_slice(&raw[..header_end]).map_err(|_| bad())?;
        if header.get("format").and_then(|f| f.as_str()) != Some(COMPACT_FORMAT) {
            return Err(bad());
        }
        let mut db = Db::default();
        let mut start = header_end + 1;
        let mut line_no = 1usize;
        while start < raw.len() {
            let end = memchr_newline(&raw, start).unwrap_or(raw.len());
            line_no += 1;
            let line = &raw[start..end];
            let parsed = std::str::from_utf8(line).ok().and_then(|l| {
                let mut f = l.splitn(4, '\t');
                let (_id, modified, keys, json) = (f.next()?, f.next()?, f.next()?, f.next()?);
                Some((modified, keys, end - json.len()))
            });
            match parsed {
                Some((modified, keys, json_start)) => {
                    let i = db.slots.len() as u32;
                    for k in keys.split(RECORD_SEP) {
                        let Some((eco, name)) = k.split_once(UNIT_SEP) else {
                            continue;
                        };
                        if let Some(eco) = Ecosystem::from_osv(eco) {
                            db.index.entry((eco, name.to_string())).or_default().push(i);
                        }
                    }
                    let modified = modified.to_string();
                    db.note_modified(&modified);
                    db.slots.push(Slot {
                        raw: Some(json_start..end),
                        parsed: OnceLock::new(),
                    });
                }
                None if line.is_empty() => {}
                None => db.problems.push(LoadProblem {
                    origin: format!("{}:{line_no}", path.display()),
                    message: "not a compact record line".to_string(),
                }),
            }
            start = end + 1;
        }
        db.raw = raw;
        Ok(db)
    }

    /// Load a database from `path`: the compact file [`COMPACT_FILE`] (or a directory holding
    /// it), an OSV `.zip` (such as an ecosystem's `all.zip`), a single `.json` record, or a
    /// directory of `.json` records and `.zip` archives at any depth.
    ///
    /// Records that do not parse are skipped and listed in [`Db::problems`].
    pub fn load(path: &Path) -> Result<Db, LoadError> {
        let io = |source| LoadError::Io {
            path: path.to_path_buf(),
            source,
        };
        let meta = fs::metadata(path).map_err(io)?;
        let mut loader = Loader::default();
        if meta.is_dir() {
            let compact = path.join(COMPACT_FILE);
            if compact.is_file() {
                return Db::load_compact(&compact);
            }
            loader.dir(path)?;
        } else if path.extension().is_some_and(|e| e == "ndjson") {
            return Db::load_compact(path);
        } else {
            loader.file(path)?;
        }
        let mut db = Db::from_records(loader.records);
        db.problems = loader.problems;
        Ok(db)
    }

    /// Refresh the database in `dest` (a data directory) from `src`: a directory of OSV
    /// records, an OSV zip, or another compact database. The source is loaded and checked
    /// first; the compact file is then written beside the old one and renamed over it, so a
    /// reader sees the old database or the new one, never a part. A source with no usable
    /// record leaves `dest` untouched ([`LoadError::Empty`]).
    pub fn update_from(src: &Path, dest: &Path) -> Result<UpdateSummary, LoadError> {
        let db = Db::load(src)?;
        if db.is_empty() {
            return Err(LoadError::Empty {
                path: src.to_path_buf(),
            });
        }
        let path = db.write_compact(dest)?;
        Ok(UpdateSummary {
            records: db.len(),
            snapshot: db.snapshot_date(),
            skipped: db.problems.clone(),
            path,
        })
    }

    /// Write this database as [`COMPACT_FILE`] in directory `dir` (created if missing),
    /// atomically (temporary file, fsync, rename). Returns the file's path.
    pub fn write_compact(&self, dir: &Path) -> Result<PathBuf, LoadError> {
        let io = |p: &Path| {
            let p = p.to_path_buf();
            move |source| LoadError::Io { path: p, source }
        };
        fs::create_dir_all(dir).map_err(io(dir))?;
        let dest = dir.join(COMPACT_FILE);
        let tmp = dir.join(format!(".{COMPACT_FILE}.tmp-{}", std::process::id()));
        let write = || -> std::io::Result<()> {
            let f = fs::File::create(&tmp)?;
            let mut w = std::io::BufWriter::new(f);
            let header = serde_json::json!({
                "format": COMPACT_FORMAT,
                "records": self.slots.len(),
                "snapshot": self.newest.map(|t| t.to_rfc3339()),
            });
            serde_json::to_writer(&mut w, &header)?;
            w.write_all(b"\n")?;
            for r in self.records() {
                let keys: Vec<String> = keys(r)
                    .into_iter()
                    .map(|(e, n)| format!("{}{UNIT_SEP}{n}", e.as_osv()))
                    .collect();
                let keys = keys.join(&RECORD_SEP.to_string());
                write!(w, "{}\t{}\t{keys}\t", r.id, r.modified)?;
                serde_json::to_writer(&mut w, r)?;
                w.write_all(b"\n")?;
            }
            let f = w.into_inner().map_err(|e| e.into_error())?;
            f.sync_all()?;
            Ok(())
        };
        if let Err(e) = write() {
            let _ = fs::remove_file(&tmp);
            return Err(io(&tmp)(e));
        }
        fs::rename(&tmp, &dest).map_err(io(&dest))?;
        Ok(dest)
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether the database holds no record.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The records, in load order (parsing any not parsed yet).
    pub fn records(&self) -> impl Iterator<Item = &Record> + '_ {
        (0..self.slots.len() as u32).filter_map(|i| self.record(i))
    }

    /// Records that were skipped while loading.
    pub fn problems(&self) -> &[LoadProblem] {
        &self.problems
    }

    /// The snapshot date: the newest `modified` of any record. `None` for an empty database.
    pub fn snapshot_date(&self) -> Option<DateTime<Utc>> {
        self.newest
    }

    /// Whether the snapshot is older than `max_age_days` at `now` (an empty database is).
    /// The gate is `degraded` then.
    pub fn is_stale(&self, now: DateTime<Utc>, max_age_days: u32) -> bool {
        self.newest
            .is_none_or(|t| (now - t).num_days() > i64::from(max_age_days))
    }

    /// The vulnerabilities affecting `deps`: one [`Vuln`] per (dependency, vulnerability),
    /// where records that share an id or alias are one vulnerability. In `deps` order, then
    /// most severe first.
    pub fn check(&self, deps: &[Dependency]) -> Vec<Vuln> {
        let mut out = Vec::new();
        for dep in deps {
            let eco = dep.ecosystem;
            let key = (eco, eco.normalize(&dep.name));
            let Some(hits) = self.index.get(&key) else {
                continue;
            };
            let v = Version::parse(eco, &dep.version);
            let mut matched: Vec<(&Record, Vec<&osv::Affected>)> = Vec::new();
            for &i in hits {
                let Some(rec) = self.record(i) else { continue };
                if matched.iter().any(|(r, _)| std::ptr::eq(*r, rec)) {
                    continue;
                }
                let entries = entries_for(rec, &key);
                if entries
                    .iter()
                    .any(|e| osv::affects(eco, e, &dep.version, v.as_ref()))
                {
                    matched.push((rec, entries));
                }
            }
            let mut vulns: Vec<Vuln> = groups(matched)
                .into_iter()
                .map(|g| vuln(dep, &g, v.as_ref()))
                .collect();
            vulns.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.id.cmp(&b.id)));
            out.extend(vulns);
        }
        out
    }
}

/// A record's `affected` entries for one package.
fn entries_for<'r>(rec: &'r Record, key: &(Ecosystem, String)) -> Vec<&'r osv::Affected> {
    rec.affected
        .iter()
        .filter(|a| {
            a.package.as_ref().is_some_and(|p| {
                Ecosystem::from_osv(&p.ecosystem) == Some(key.0)
                    && key.0.normalize(&p.name) == key.1
            })
        })
        .collect()
}

type Matched<'r> = (&'r Record, Vec<&'r osv::Affected>);

/// Partition matched records into vulnerabilities: records sharing any id or alias.
fn groups(matched: Vec<Matched<'_>>) -> Vec<Vec<Matched<'_>>> {
    fn ids(r: &Record) -> impl Iterator<Item = &str> {
        std::iter::once(r.id.as_str()).chain(r.aliases.iter().map(String::as_str))
    }
    let mut groups: Vec<Vec<Matched<'_>>> = Vec::new();
    for m in matched {
        let mut merged = vec![m];
        let mut i = 0;
        while i < groups.len() {
            let shares = groups[i].iter().any(|(o, _)| {
                ids(o).any(|a| {
                    merged
                        .iter()
                        .any(|(r, _)| ids(r).any(|b| a.eq_ignore_ascii_case(b)))
                })
            });
            if shares {
                merged.extend(groups.remove(i));
            } else {
                i += 1;
            }
        }
        groups.push(merged);
    }
    groups
}

fn vuln(dep: &Dependency, group: &[Matched<'_>], v: Option<&Version>) -> Vuln {
    let eco = dep.ecosystem;
    let recs: Vec<&Record> = group.iter().map(|(r, _)| *r).collect();
    let primary = recs
        .iter()
        .copied()
        .min_by(|a, b| {
            id_rank(eco, &a.id)
                .cmp(&id_rank(eco, &b.id))
                .then(a.id.cmp(&b.id))
        })
        .unwrap_or(recs[0]);
    let mut aliases: Vec<String> = recs
        .iter()
        .flat_map(|r| std::iter::once(&r.id).chain(r.aliases.iter()))
        .filter(|a| !a.eq_ignore_ascii_case(&primary.id))
        .cloned()
        .collect();
    aliases.sort();
    aliases.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    let (mut sev, mut score) = (None, None::<f64>);
    for r in &recs {
        let (s, sc) = severity::of_record(r);
        if sev.is_none_or(|x| s > x) {
            sev = Some(s);
        }
        if let Some(sc) = sc {
            score = Some(score.map_or(sc, |x: f64| x.max(sc)));
        }
    }
    let summary = std::iter::once(primary)
        .chain(recs.iter().copied())
        .map(Record::headline)
        .find(|s| !s.is_empty())
        .unwrap_or("")
        .to_string();
    let cwe = std::iter::once(primary)
        .chain(recs.iter().copied())
        .find_map(|r| r.database_specific.cwe_ids.first().cloned());
    let entries: Vec<&osv::Affected> = group.iter().flat_map(|(_, e)| e.iter().copied()).collect();
    let fixed = v.and_then(|v| {
        let mut fixes: Vec<(Version, String)> = entries
            .iter()
            .flat_map(|e| osv::fixes_above(eco, e, v))
            .collect();
        fixes.sort_by(|a, b| a.0.compare(&b.0).unwrap_or(Ordering::Equal));
        // The lowest fix that no record of this vulnerability still covers.
        fixes
            .into_iter()
            .find(|(fv, raw)| !entries.iter().any(|e| osv::affects(eco, e, raw, Some(fv))))
            .map(|(_, raw)| raw)
    });
    Vuln {
        id: primary.id.clone(),
        aliases,
        severity: sev.unwrap_or(severity::UNKNOWN),
        score,
        summary,
        fixed,
        cwe,
        dependency: dep.clone(),
    }
}

/// Which id of a vulnerability names it: malicious-package ids first, then the
/// ecosystem's own database, then GitHub's, then anything else (CVE, …).
fn id_rank(eco: Ecosystem, id: &str) -> u8 {
    let native = match eco {
        Ecosystem::CratesIo => "RUSTSEC-",
        Ecosystem::Go => "GO-",
        Ecosystem::PyPI => "PYSEC-",
        Ecosystem::Npm => "GHSA-",
    };
    if id.starts_with("MAL-") {
        0
    } else if id.starts_with(native) {
        1
    } else if id.starts_with("GHSA-") {
        2
    } else if id.starts_with("CVE-") {
        4
    } else {
        3
    }
}

#[derive(Default)]
struct Loader {
    records: Vec<Record>,
    problems: Vec<LoadProblem>,
}

impl Loader {
    fn take(&mut self, origin: &dyn Fn() -> String, bytes: &[u8]) {
        match Db::parse_record(bytes) {
            Ok(Some(r)) => self.records.push(r),
            Ok(None) => {}
            Err(e) => self.problems.push(LoadProblem {
                origin: origin(),
                message: e.to_string(),
            }),
        }
    }

    fn file(&mut self, path: &Path) -> Result<(), LoadError> {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.ends_with(".zip") {
            return self.zip(path);
        }
        let bytes = fs::read(path).map_err(|source| LoadError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        self.take(&|| path.display().to_string(), &bytes);
        Ok(())
    }

    fn dir(&mut self, dir: &Path) -> Result<(), LoadError> {
        let io = |source| LoadError::Io {
            path: dir.to_path_buf(),
            source,
        };
        let mut entries: Vec<_> = fs::read_dir(dir)
            .map_err(io)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(io)?;
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = e.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') {
                continue;
            }
            let path = e.path();
            let ft = e.file_type().map_err(io)?;
            if ft.is_dir() {
                self.dir(&path)?;
            } else if name.ends_with(".json") || name.ends_with(".zip") {
                self.file(&path)?;
            }
        }
        Ok(())
    }

    fn zip(&mut self, path: &Path) -> Result<(), LoadError> {
        let zerr = |source| LoadError::Zip {
            path: path.to_path_buf(),
            source,
        };
        let f = fs::File::open(path).map_err(|source| LoadError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let mut archive = zip::ZipArchive::new(std::io::BufReader::new(f)).map_err(zerr)?;
        let mut buf = Vec::new();
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).map_err(zerr)?;
            if !entry.is_file() || !entry.name().ends_with(".json") {
                continue;
            }
            let name = entry.name().to_string();
            buf.clear();
            if let Err(e) = entry.read_to_end(&mut buf) {
                self.problems.push(LoadProblem {
                    origin: format!("{}!{name}", path.display()),
                    message: e.to_string(),
                });
                continue;
            }
            self.take(&|| format!("{}!{name}", path.display()), &buf);
        }
        Ok(())
    }
}

fn memchr_newline(bytes: &[u8], from: usize) -> Option<usize> {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map(|i| i + from)
}
