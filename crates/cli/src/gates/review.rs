//! The review gate: AI-assisted commits pushed to a protected branch need an approval
//! trailer from someone other than their author (policy: `provenance_checks::unreviewed`).

use super::coverage::Pushed;
use crate::Error;
use provenance_checks::Config;
use provenance_findings::Finding;
use provenance_git::Repo;

/// The review policy's results over one push.
#[derive(Default)]
pub(crate) struct Review {
    /// Updates of protected branches.
    pub(crate) protected_pushes: usize,
    pub(crate) findings: Vec<Finding>,
    pub(crate) problems: Vec<String>,
}

/// The review policy on the commits `range` brings to the protected `target_ref`.
pub(crate) fn review_range(
    repo: &Repo,
    config: &Config,
    range: &Pushed,
    target_ref: &str,
) -> Result<Vec<Finding>, Error> {
    let tconfig = crate::trailers_cmd::commit_trailer_config(repo);
    let mut commits = Vec::new();
    repo.walk(std::slice::from_ref(&range.tip), &range.hidden, |c| {
        commits.push(pushed_commit(repo, &c, &config.review, &tconfig));
        Ok(true)
    })?;
    let branch = target_ref.strip_prefix("refs/heads/").unwrap_or(target_ref);
    Ok(provenance_checks::unreviewed(
        branch,
        &commits,
        &config.review,
    ))
}

/// What the review policy needs of a commit: is it AI-assisted (trailers, the agents' own
/// co-author lines, an agent as author, a provenance note), and who approved it.
pub(crate) fn pushed_commit(
    repo: &Repo,
    c: &provenance_git::CommitInfo,
    review: &provenance_checks::ReviewConfig,
    tconfig: &provenance_trailers::Config,
) -> provenance_checks::PushedCommit {
    use provenance_attribution::{
        detect_message, detected_from_message, identity_agent, is_ai_identity,
    };
    let trailers: Vec<(String, String)> = provenance_trailers::parse(&c.message, tconfig)
        .into_iter()
        .map(|t| (t.key, t.value))
        .collect();
    let ai = detected_from_message(&detect_message(&trailers, &c.message)).is_some()
        || identity_agent(&c.author.name, &c.author.email).is_some()
        || repo.note(&c.id).ok().flatten().is_some();
    let approvers = trailers
        .iter()
        .filter(|(k, v)| review.is_approval(k) && !is_ai_identity(v))
        // `Name <email>`: the email identifies; without one, the name.
        .map(|(_, v)| {
            let v = v.trim();
            match (v.rfind('<'), v.strip_suffix('>')) {
                (Some(open), Some(inner)) => inner[open + 1..].trim().to_string(),
                _ => v.to_string(),
            }
        })
        .collect();
    provenance_checks::PushedCommit {
        id: c.id.clone(),
        subject: c.subject().to_string(),
        author_email: c.author.email.clone(),
        ai,
        approvers,
    }
}
