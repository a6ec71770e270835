//! Print the rule table of docs/sast.md (`id | CWE | severity | languages | why | fix`).
//!
//! ```text
//! cargo run -p provenance-sast --example rule_table
//! ```

fn main() {
    println!("| id | CWE | severity | languages | why | fix |");
    println!("|---|---|---|---|---|---|");
    for r in provenance_sast::rules() {
        let langs: Vec<&str> = r.languages.iter().map(|l| l.as_str()).collect();
        println!(
            "| `{}` | {} | {} | {} | {} | {} |",
            r.id,
            r.cwe,
            r.severity,
            langs.join(", "),
            r.why.replace('|', "\\|"),
            r.fix.replace('|', "\\|")
        );
    }
}
