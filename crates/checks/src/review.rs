//! The review policy: AI-assisted commits reach a protected branch only with an approval
//! trailer (`Reviewed-by:` by default) from someone other than their author.

use provenance_findings::{Finding, Severity};
use serde::{Deserialize, Serialize};

/// `[review]`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ReviewConfig {
    /// Branch globs (`main`, `release/*`) that AI-assisted commits reach only when reviewed.
    pub protected: Vec<String>,
    /// Trailer keys that count as an approval (case-insensitive).
    pub approvals: Vec<String>,
}

impl Default for ReviewConfig {
    fn default() -> Self {
        ReviewConfig {
            protected: vec!["main".into(), "master".into(), "release/*".into()],
            approvals: vec!["Reviewed-by".into()],
        }
    }
}

impl ReviewConfig {
    /// True when a push to `branch` (a short name like `main`, or `refs/heads/main`) must
    /// carry reviews. Only branches are protected: tags and other refs are not reviewed
    /// work landing somewhere.
    pub fn is_protected(&self, branch: &str) -> bool {
        let Some(name) = branch
            .strip_prefix("refs/heads/")
            .or((!branch.starts_with("refs/")).then_some(branch))
        else {
            return false;
        };
        self.protected.iter().any(|glob| {
            globset::Glob::new(glob)
                .map(|g| g.compile_matcher().is_match(name))
                .unwrap_or(false)
        })
    }

    /// True when `key` is one of the approval trailers.
    pub fn is_approval(&self, key: &str) -> bool {
        self.approvals.iter().any(|a| a.eq_ignore_ascii_case(key))
    }
}

/// What the policy needs to know about one pushed commit.
#[derive(Debug, Clone)]
pub struct PushedCommit {
    /// Full commit id.
    pub id: String,
    /// First line of the message.
    pub subject: String,
    /// The author's email.
    pub author_email: String,
    /// True when the commit is AI-assisted (trailers, vendor lines, a bot author, a note).
    pub ai: bool,
    /// Emails (or, without one, names) of the people in its approval trailers; AI
    /// identities already left out.
    pub approvers: Vec<String>,
}

/// The rule id of an AI-assisted commit pushed to a protected branch without review.
pub const UNREVIEWED: &str = "unreviewed-ai-commit";

/// One finding per AI-assisted commit in `commits` that lacks an approval from someone other
/// than its author, for a push to `branch`.
pub fn unreviewed(branch: &str, commits: &[PushedCommit], config: &ReviewConfig) -> Vec<Finding> {
    commits
        .iter()
        .filter(|c| c.ai)
        .filter(|c| {
            !c.approvers
                .iter()
                .any(|who| !who.eq_ignore_ascii_case(&c.author_email))
        })
        .map(|c| {
            let short = &c.id[..c.id.len().min(10)];
            let key = config
                .approvals
                .first()
                .map(String::as_str)
                .unwrap_or("Reviewed-by");
            Finding::new("review", UNREVIEWED, Severity::High, branch, 0)
                .with_commit(c.id.clone())
                .with_message(format!(
                    "AI-assisted commit {short} \"{}\" reaches the protected branch `{branch}` \
                     without `{key}:` from someone other than its author ({}). Have it \
                     reviewed and add the trailer (git commit --amend --trailer \
                     '{key}: Name <email>'), or push it to another branch and merge it \
                     through review",
                    c.subject, c.author_email
                ))
                .with_fingerprint(provenance_findings::fingerprint(UNREVIEWED, branch, &c.id))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit(ai: bool, approvers: &[&str]) -> PushedCommit {
        PushedCommit {
            id: "0123456789abcdef0123456789abcdef01234567".into(),
            subject: "Add parser".into(),
            author_email: "ann@example.com".into(),
            ai,
            approvers: approvers.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn protected_branches_are_globs_over_branch_names() {
        let c = ReviewConfig::default();
        for (name, protected) in [
            ("main", true),
            ("refs/heads/main", true),
            ("refs/heads/release/1.2", true),
            ("ai/feature", false),
            ("refs/heads/mainline", false),
            ("refs/tags/main", false),
        ] {
            assert_eq!(c.is_protected(name), protected, "{name}");
        }
    }

    #[test]
    fn an_ai_commit_needs_a_review_by_someone_else() {
        let c = ReviewConfig::default();
        assert_eq!(unreviewed("main", &[commit(true, &[])], &c).len(), 1);
        // Approving your own commit is not a review.
        assert_eq!(
            unreviewed("main", &[commit(true, &["ANN@example.com"])], &c).len(),
            1
        );
        assert!(unreviewed("main", &[commit(true, &["bob@example.com"])], &c).is_empty());
        // Human commits need nothing.
        assert!(unreviewed("main", &[commit(false, &[])], &c).is_empty());
        let f = &unreviewed("main", &[commit(true, &[])], &c)[0];
        assert_eq!((f.gate.as_str(), f.rule.as_str()), ("review", UNREVIEWED));
        assert!(f.message.contains("Reviewed-by"), "{}", f.message);
    }
}
