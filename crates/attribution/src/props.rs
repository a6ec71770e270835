//! Property tests over arbitrary input: nothing panics, and the invariants the CLI relies on
//! hold (normalization idempotent, every added line counted exactly once).

use crate::lines::{advance, attribute_file, attribute_lines, baseline, split_lines};
use crate::note::Origin;
use crate::{detect_message, is_ai_identity, normalize_model};
use proptest::prelude::*;

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("}".to_string()),
        "[a-c ]{0,6}",
        "    let [xy] = [0-9];",
    ]
}

fn file() -> impl Strategy<Value = String> {
    proptest::collection::vec(line(), 0..12).prop_map(|ls| {
        let mut s = ls.join("\n");
        if !s.is_empty() {
            s.push('\n');
        }
        s
    })
}

proptest! {
    #[test]
    fn normalize_is_idempotent_and_tokenish(s in "\\PC{0,40}") {
        let n = normalize_model(&s);
        prop_assert_eq!(normalize_model(&n), n.clone());
        prop_assert!(n.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
        prop_assert!(!n.starts_with('-') && !n.ends_with('-'));
    }

    #[test]
    fn message_detection_never_panics(k in "\\PC{0,20}", v in "[<>()@ a-zA-Z.\\[\\]]{0,40}", body in "\\PC{0,80}") {
        let _ = detect_message(&[(k, v.clone())], &body);
        let _ = detect_message(&[("Co-authored-by".into(), v.clone())], &body);
        let _ = is_ai_identity(&v);
    }

    #[test]
    fn every_added_line_is_counted_once(ai in proptest::collection::vec(line(), 0..10), added in proptest::collection::vec(line(), 0..10)) {
        let ai: Vec<&str> = ai.iter().map(String::as_str).collect();
        let added: Vec<&str> = added.iter().map(String::as_str).collect();
        let c = attribute_lines(&ai, &added);
        prop_assert_eq!(c.total(), added.len() as u64);
        prop_assert!(c.ai as usize <= ai.len());
    }

    #[test]
    fn tracked_lines_follow_content(a in file(), b in file(), c in file(), by_ai: bool) {
        let t1 = advance(&baseline(&a, Origin::Human), &b, Origin::Ai, 1);
        let t2 = advance(&t1, &c, if by_ai { Origin::Ai } else { Origin::Human }, 2);
        let texts: Vec<&str> = t2.iter().map(|(t, _, _)| t.as_str()).collect();
        prop_assert_eq!(texts, split_lines(&c));
        // A human-only history never yields AI lines.
        let h = advance(&baseline(&a, Origin::Human), &c, Origin::Human, 0);
        prop_assert!(h.iter().all(|(_, o, by)| *o == Origin::Human && *by == 0));
        // Counts cover exactly the lines added relative to the base.
        let f = attribute_file(Some(&t2), &c, &crate::lines::added_ranges(&a, &c));
        let ranged: u64 = f.ranges.iter().map(|(s, e, _)| u64::from(e - s + 1)).sum();
        prop_assert_eq!(f.counts.total(), ranged);
        prop_assert!(f.counts.total() as usize <= split_lines(&c).len());
        prop_assert!(f.ranges.iter().all(|(s, e, _)| s <= e && (*e as usize) <= split_lines(&c).len()));
    }
}
