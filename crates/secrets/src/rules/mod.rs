//! The built-in rule tables, one file per family. Order matters: when two rules match the
//! same text the earlier one wins, so specific formats come before generic shapes.

use std::sync::LazyLock;

use crate::rule::RuleInfo;

/// Separator between a key and its value, one for every keyword-anchored rule (generic and
/// vendor-named): `=`, `:`, `=>`, Rust
/// `: &str =`, Kotlin/Swift/TypeScript `: String =`, Go/C#/C++ typed declarations
/// (`var x string =`, `string X =` is the key-first half of it), GNU make's `:=`, `::=`,
/// `:::=`, `?=`, `+=`, PHP `.=` and `??=`, with an optional closing quote/bracket after the
/// key (`"password":`, `ENV["X"] =`).
macro_rules! sep {
    () => {
        r#"["'\]]{0,2}\s*(?::\s*&(?:'static\s+)?str\s*=|:\s*(?:String|str|string)\??\s*=|[ \t]+(?:string|String|str|\[\]byte|std::string|QString)[ \t]*=|(?::{1,3}|\?\?|[?+.])?=|=>|:)\s*"#
    };
}

mod azure_identifiable;
mod cloud;
mod files;
mod generic;
mod keys;
mod providers;
mod saas;
mod vcs;

static ALL: LazyLock<Vec<RuleInfo>> = LazyLock::new(|| {
    [
        keys::RULES,
        vcs::RULES,
        azure_identifiable::RULES,
        cloud::RULES,
        saas::RULES,
        providers::RULES,
        files::RULES,
        generic::RULES,
    ]
    .concat()
});

/// Every built-in rule, in priority order.
pub(crate) fn all() -> &'static [RuleInfo] {
    &ALL
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_unique_regexes_compile_keywords_lowercase() {
        let mut seen = HashSet::new();
        for r in all() {
            assert!(seen.insert(r.id), "duplicate id {}", r.id);
            if let Err(e) = crate::scan::build_regex(r.regex) {
                panic!("{}: {e}", r.id);
            }
            assert!(!r.description.is_empty(), "{}", r.id);
            assert!(
                r.keywords.iter().all(|k| *k == k.to_ascii_lowercase()),
                "{}",
                r.id
            );
            assert!(
                !r.keywords.is_empty() || !r.files.is_empty(),
                "{}: no keyword and no file",
                r.id
            );
        }
        assert!(all().len() >= 150, "only {} rules", all().len());
    }
}

#[cfg(test)]
mod compile_cost {
    /// `cargo test -p provenance-secrets --release --lib compile_cost -- --ignored --nocapture`
    #[test]
    #[ignore = "measurement, not a check"]
    fn print_slowest_regex_compiles() {
        let mut times: Vec<(std::time::Duration, &str)> = super::all()
            .iter()
            .map(|r| {
                let t = std::time::Instant::now();
                let _ = crate::scan::build_regex(r.regex);
                (t.elapsed(), r.id)
            })
            .collect();
        times.sort();
        times.reverse();
        let total: std::time::Duration = times.iter().map(|t| t.0).sum();
        println!("total {total:?}");
        for (t, id) in times.iter().take(15) {
            println!("{t:?} {id}");
        }
    }
}
