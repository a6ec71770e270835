//! `log --format '<template>'`: git's pretty-format placeholders (the ones a script uses),
//! with provenance's own as `%(name)`. git's pretty.c: an unknown `%x` is printed as it is;
//! an unknown `%(name)` is an error here, since a misspelt provenance field would otherwise
//! print silently as text.

use crate::log::Row;
use provenance_git::{CommitInfo, Signature};

/// One piece of a parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Field(Field),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Author,
    Committer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateStyle {
    /// git's `--date=default`: `Tue Dec 8 01:12:00 2026 +0000`.
    Default,
    /// `%ai`: `2026-12-08 01:12:00 +0000`.
    Iso,
    /// `%aI`: strict ISO 8601.
    StrictIso,
    /// `%as`: `2026-12-08`.
    Short,
    /// `%at`: seconds since the epoch.
    Unix,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Id,
    Short,
    Parents,
    ShortParents,
    Name(Who),
    Email(Who),
    Date(Who, DateStyle),
    Subject,
    Body,
    Raw,
    Color(&'static str),
    Agent,
    Model,
    Session,
    Prompts,
    Lines,
    Ai,
    WhoHelped,
}

/// A parsed `--format` template.
#[derive(Debug, Clone)]
pub(crate) struct Template {
    pieces: Vec<Piece>,
}

/// provenance's own placeholders, `%(name)`.
const OWN: &[(&str, Field)] = &[
    ("agent", Field::Agent),
    ("model", Field::Model),
    ("session", Field::Session),
    ("prompts", Field::Prompts),
    ("lines", Field::Lines),
    ("ai", Field::Ai),
    ("who", Field::WhoHelped),
];

const COLORS: &[(&str, &str)] = &[
    ("reset", "\x1b[m"),
    ("normal", ""),
    ("bold", "\x1b[1m"),
    ("dim", "\x1b[2m"),
    ("ul", "\x1b[4m"),
    ("black", "\x1b[30m"),
    ("red", "\x1b[31m"),
    ("green", "\x1b[32m"),
    ("yellow", "\x1b[33m"),
    ("blue", "\x1b[34m"),
    ("magenta", "\x1b[35m"),
    ("cyan", "\x1b[36m"),
    ("white", "\x1b[37m"),
];

impl Template {
    /// Parse `text`; an unknown `%(name)` is an error naming it and the known ones.
    pub(crate) fn parse(text: &str) -> Result<Template, String> {
        let mut pieces = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(at) = rest.find('%') {
            literal.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            let (piece, used) = placeholder(after)?;
            match piece {
                Some(Piece::Text(t)) => literal.push_str(&t),
                Some(field) => {
                    if !literal.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut literal)));
                    }
                    pieces.push(field);
                }
                None => literal.push('%'),
            }
            rest = &after[used..];
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            pieces.push(Piece::Text(literal));
        }
        Ok(Template { pieces })
    }

    /// The template filled in for one commit.
    pub(crate) fn render(
        &self,
        c: &CommitInfo,
        p: &Row,
        abbrev: &dyn Fn(&str) -> String,
        color: bool,
    ) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Field(f) => field(&mut out, *f, c, p, abbrev, color),
            }
        }
        out
    }
}

/// The placeholder at the start of `s` (just after a `%`), and how many bytes it took.
/// `None`: not a placeholder git knows; the `%` is printed as it is.
fn placeholder(s: &str) -> Result<(Option<Piece>, usize), String> {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return Ok((None, 0));
    };
    let second = chars.next();
    let two =
        |f: Field| -> Result<(Option<Piece>, usize), String> { Ok((Some(Piece::Field(f)), 2)) };
    let who = match first {
        'a' => Some(Who::Author),
        'c' => Some(Who::Committer),
        _ => None,
    };
    if let (Some(who), Some(k)) = (who, second) {
        let f = match k {
            'n' => Some(Field::Name(who)),
            'e' => Some(Field::Email(who)),
            'd' => Some(Field::Date(who, DateStyle::Default)),
            'i' => Some(Field::Date(who, DateStyle::Iso)),
            'I' => Some(Field::Date(who, DateStyle::StrictIso)),
            's' => Some(Field::Date(who, DateStyle::Short)),
            't' => Some(Field::Date(who, DateStyle::Unix)),
            _ => None,
        };
        if let Some(f) = f {
            return two(f);
        }
    }
    let one =
        |f: Field| -> Result<(Option<Piece>, usize), String> { Ok((Some(Piece::Field(f)), 1)) };
    match first {
        'H' => one(Field::Id),
        'h' => one(Field::Short),
        'P' => one(Field::Parents),
        'p' => one(Field::ShortParents),
        's' => one(Field::Subject),
        'b' => one(Field::Body),
        'B' => one(Field::Raw),
        'n' => Ok((Some(Piece::Text("\n".into())), 1)),
        '%' => Ok((Some(Piece::Text("%".into())), 1)),
        'x' => {
            let hex = s.get(1..3).unwrap_or("");
            match u8::from_str_radix(hex, 16) {
                Ok(b) if hex.len() == 2 => Ok((Some(Piece::Text(char::from(b).to_string())), 3)),
                _ => Ok((None, 0)),
            }
        }
        'C' => {
            for (name, code) in COLORS {
                let short = ["red", "green", "blue", "reset"].contains(name);
                if short && s[1..].starts_with(name) {
                    return Ok((Some(Piece::Field(Field::Color(code))), 1 + name.len()));
                }
            }
            if let Some(spec) = s[1..].strip_prefix('(') {
                if let Some(end) = spec.find(')') {
                    let name = spec[..end].trim_start_matches("auto,");
                    if let Some((_, code)) = COLORS.iter().find(|(n, _)| *n == name) {
                        return Ok((Some(Piece::Field(Field::Color(code))), 3 + end));
                    }
                    return Err(format!(
                        "--format: unknown color %C({name}); known: {}",
                        COLORS
                            .iter()
                            .map(|(n, _)| *n)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
            }
            Ok((None, 0))
        }
        '(' => {
            let Some(end) = s.find(')') else {
                return Err(format!("--format: `%{s}` has no closing `)`"));
            };
            let name = &s[1..end];
            match OWN.iter().find(|(n, _)| *n == name) {
                Some((_, f)) => Ok((Some(Piece::Field(*f)), end + 1)),
                None => Err(format!(
                    "--format: unknown placeholder %({name}); provenance's own are {}",
                    OWN.iter()
                        .map(|(n, _)| format!("%({n})"))
                        .collect::<Vec<_>>()
                        .join(" ")
                )),
            }
        }
        _ => Ok((None, 0)),
    }
}

fn field(
    out: &mut String,
    f: Field,
    c: &CommitInfo,
    p: &Row,
    abbrev: &dyn Fn(&str) -> String,
    color: bool,
) {
    let sig = |who: Who| -> &Signature {
        match who {
            Who::Author => &c.author,
            Who::Committer => &c.committer,
        }
    };
    match f {
        Field::Id => out.push_str(&c.id),
        Field::Short => out.push_str(&abbrev(&c.id)),
        Field::Parents => out.push_str(&c.parents.join(" ")),
        Field::ShortParents => {
            let short: Vec<String> = c.parents.iter().map(|id| abbrev(id)).collect();
            out.push_str(&short.join(" "));
        }
        Field::Name(w) => out.push_str(&sig(w).name),
        Field::Email(w) => out.push_str(&sig(w).email),
        Field::Date(w, style) => out.push_str(&date(sig(w), style)),
        Field::Subject => out.push_str(&subject(&c.message)),
        Field::Body => out.push_str(body(&c.message)),
        Field::Raw => out.push_str(&c.message),
        Field::Color(code) => {
            if color {
                out.push_str(code);
            }
        }
        Field::Agent => out.push_str(p.agent.as_deref().unwrap_or("")),
        Field::Model => out.push_str(p.model.as_deref().unwrap_or("")),
        Field::Session => out.push_str(p.session.as_deref().unwrap_or("")),
        Field::Prompts => out.push_str(&p.prompts.join(" ")),
        Field::Lines => out.push_str(p.lines.as_deref().unwrap_or("")),
        Field::Ai => out.push_str(if p.ai { "true" } else { "false" }),
        Field::WhoHelped => out.push_str(&who_helped(p.agent.as_deref(), p.model.as_deref())),
    }
}

/// `agent:model`, `agent` when the model is unknown, `human` for no AI involvement.
pub(crate) fn who_helped(agent: Option<&str>, model: Option<&str>) -> String {
    match (agent, model) {
        (Some(a), Some(m)) => format!("{a}:{m}"),
        (Some(a), None) => a.to_string(),
        _ => "human".to_string(),
    }
}

/// git's `%s`: the first paragraph, its lines joined with a space.
pub(crate) fn subject(message: &str) -> String {
    message
        .lines()
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty())
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join(" ")
}

/// git's `%b`: what follows the first paragraph, from its first non-blank line (pretty.c
/// `body_off`).
fn body(message: &str) -> &str {
    let mut rest = skip_blank_lines(message);
    while !rest.is_empty() {
        let (line, next) = split_line(rest);
        if line.trim().is_empty() {
            break;
        }
        rest = next;
    }
    skip_blank_lines(rest)
}

fn split_line(s: &str) -> (&str, &str) {
    match s.find('\n') {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s, ""),
    }
}

fn skip_blank_lines(mut s: &str) -> &str {
    while !s.is_empty() {
        let (line, next) = split_line(s);
        if !line.trim().is_empty() {
            break;
        }
        s = next;
    }
    s
}

fn date(s: &Signature, style: DateStyle) -> String {
    use chrono::{FixedOffset, TimeZone};
    let Some(tz) = FixedOffset::east_opt(s.offset) else {
        return s.time.to_string();
    };
    let Some(t) = tz.timestamp_opt(s.time, 0).single() else {
        return s.time.to_string();
    };
    match style {
        DateStyle::Default => t.format("%a %b %-d %H:%M:%S %Y %z").to_string(),
        DateStyle::Iso => t.format("%Y-%m-%d %H:%M:%S %z").to_string(),
        // git's date.c: strict ISO 8601 writes UTC as `Z`.
        DateStyle::StrictIso if s.offset == 0 => t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        DateStyle::StrictIso => t.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        DateStyle::Short => t.format("%Y-%m-%d").to_string(),
        DateStyle::Unix => s.time.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subject_and_body_like_git() {
        assert_eq!(subject("one\ntwo\n\nbody\n"), "one two");
        assert_eq!(body("one\ntwo\n\nbody\nmore\n"), "body\nmore\n");
        assert_eq!(body("one\n"), "");
        assert_eq!(body("one\n\n\nbody\n"), "body\n");
        assert_eq!(body("\none\n\nbody"), "body");
    }

    #[test]
    fn unknown_own_placeholder_is_an_error() {
        let e = Template::parse("%h %(modle)").expect_err("typo");
        assert!(e.contains("%(modle)") && e.contains("%(model)"), "{e}");
        assert!(Template::parse("%(model").is_err());
        // An unknown git placeholder is text, as git prints it.
        let t = Template::parse("%q%x41%%").expect("parses");
        assert_eq!(t.pieces, vec![Piece::Text("%qA%".into())]);
    }
}
