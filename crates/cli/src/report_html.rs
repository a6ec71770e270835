//! The `report --format html` page: one self-contained document (inline CSS, SVG charts
//! drawn here, a small inline script for the table's filters; nothing is fetched), laid out
//! to print.

use serde_json::Value;
use std::fmt::Write as _;

/// Escape text for HTML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn u(v: &Value) -> u64 {
    v.as_u64().unwrap_or(0)
}

fn pct(v: &Value) -> String {
    v.as_f64()
        .map(|r| format!("{:.1}%", r * 100.0))
        .unwrap_or_else(|| "–".to_string())
}

const CSS: &str = r#"
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1100px;color:#1b1f24;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.muted{color:#57606a}.cards{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
.card{border:1px solid #d0d7de;border-radius:6px;padding:10px 14px;min-width:130px}.card b{display:block;font-size:20px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #eaeef2;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f6f8fa;position:sticky;top:0}td.n{text-align:right;font-variant-numeric:tabular-nums}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}.ai{color:#8250df}.warn{color:#9a6700}.bad{color:#cf222e}.ok{color:#1a7f37}
.filters{display:flex;gap:12px;align-items:center;margin:8px 0}svg text{font:12px system-ui,sans-serif;fill:#1b1f24}
.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}
@media print{.filters{display:none}th{position:static}}
"#;

const SCRIPT: &str = r#"
(function(){
  var q=document.getElementById('q'),only=document.getElementById('ai-only'),rows=[].slice.call(document.querySelectorAll('#commits tbody tr'));
  var shown=document.getElementById('shown');
  function apply(){
    var t=q.value.toLowerCase(),n=0;
    rows.forEach(function(r){var ok=(!only.checked||r.dataset.ai==='true')&&(!t||r.textContent.toLowerCase().indexOf(t)>=0);r.style.display=ok?'':'none';if(ok)n++;});
    shown.textContent=n+' of '+rows.length+' commits';
  }
  q.addEventListener('input',apply);only.addEventListener('change',apply);apply();
  document.body.setAttribute('data-ready','1');
})();
"#;

const AI: &str = "#8250df";
const EDITED: &str = "#d4a72c";
const SURVIVAL: &str = "#1a7f37";

/// Horizontal bars per group: ai and edited lines stacked, with the modification ratio and
/// survival beside each.
fn model_chart(groups: &[Value]) -> String {
    let groups: Vec<&Value> = groups
        .iter()
        .filter(|g| u(&g["lines"]["ai"]) + u(&g["lines"]["edited"]) > 0)
        .collect();
    if groups.is_empty() {
        return "<p class=\"muted\" id=\"chart-models\">No AI lines recorded in this range.</p>"
            .to_string();
    }
    let max = groups
        .iter()
        .map(|g| u(&g["lines"]["ai"]) + u(&g["lines"]["edited"]))
        .max()
        .unwrap_or(1)
        .max(1);
    let (label_w, bar_w, row_h) = (190.0, 480.0, 26.0);
    let h = row_h * groups.len() as f64 + 10.0;
    let mut s = format!(
        "<svg id=\"chart-models\" role=\"img\" aria-label=\"AI lines per model\" width=\"100%\" viewBox=\"0 0 1000 {h}\">"
    );
    for (i, g) in groups.iter().enumerate() {
        let y = i as f64 * row_h + 4.0;
        let ai = u(&g["lines"]["ai"]) as f64;
        let ed = u(&g["lines"]["edited"]) as f64;
        let wa = ai / max as f64 * bar_w;
        let we = ed / max as f64 * bar_w;
        let name = esc(g["group"].as_str().unwrap_or(""));
        let _ = write!(
            s,
            "<text x=\"0\" y=\"{ty}\">{name}</text>\
             <rect class=\"bar\" x=\"{label_w}\" y=\"{y}\" width=\"{wa:.1}\" height=\"18\" fill=\"{AI}\"><title>{name}: {ai} ai</title></rect>\
             <rect class=\"bar\" x=\"{xe:.1}\" y=\"{y}\" width=\"{we:.1}\" height=\"18\" fill=\"{EDITED}\"><title>{name}: {ed} edited</title></rect>\
             <text x=\"{tx:.1}\" y=\"{ty}\">{total} lines · modified {m} · surviving {sv}</text>",
            ty = y + 14.0,
            xe = label_w + wa,
            tx = label_w + wa + we + 8.0,
            total = ai + ed,
            m = pct(&g["modification_ratio"]),
            sv = pct(&g["survival"]["ratio"]),
        );
    }
    s.push_str("</svg><div class=\"legend muted\"><span style=\"background:#8250df\"></span>ai<span style=\"background:#d4a72c\"></span>edited by a human</div>");
    s
}

/// Vertical bars per month (ai + edited lines) with the modification ratio as a line.
fn month_chart(months: &[Value]) -> String {
    if months.is_empty() {
        return "<p class=\"muted\" id=\"chart-months\">No commits in this range.</p>".to_string();
    }
    let max = months
        .iter()
        .map(|g| u(&g["lines"]["ai"]) + u(&g["lines"]["edited"]))
        .max()
        .unwrap_or(1)
        .max(1);
    let (w, h, top, bottom) = (1000.0, 220.0, 10.0, 30.0);
    let step = w / months.len() as f64;
    let bw = (step * 0.6).min(60.0);
    let plot = h - top - bottom;
    let mut s = format!(
        "<svg id=\"chart-months\" role=\"img\" aria-label=\"AI lines and modification ratio per month\" width=\"100%\" viewBox=\"0 0 {w} {h}\">"
    );
    let mut points = Vec::new();
    for (i, g) in months.iter().enumerate() {
        let x = i as f64 * step + (step - bw) / 2.0;
        let lines = u(&g["lines"]["ai"]) + u(&g["lines"]["edited"]);
        let bh = lines as f64 / max as f64 * plot;
        let month = esc(g["group"].as_str().unwrap_or(""));
        let _ = write!(
            s,
            "<rect class=\"bar\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bw:.1}\" height=\"{bh:.1}\" fill=\"{AI}\"><title>{month}: {lines} AI lines</title></rect>\
             <text x=\"{tx:.1}\" y=\"{ly}\" text-anchor=\"middle\">{month}</text>",
            y = top + plot - bh,
            tx = x + bw / 2.0,
            ly = h - 10.0,
        );
        if let Some(r) = g["modification_ratio"].as_f64() {
            points.push(format!("{:.1},{:.1}", x + bw / 2.0, top + plot - r * plot));
        }
    }
    if points.len() > 1 {
        let _ = write!(
            s,
            "<polyline fill=\"none\" stroke=\"{EDITED}\" stroke-width=\"2\" points=\"{}\"/>",
            points.join(" ")
        );
    }
    for p in &points {
        let (x, y) = p.split_once(',').unwrap_or(("0", "0"));
        let _ = write!(
            s,
            "<circle cx=\"{x}\" cy=\"{y}\" r=\"3\" fill=\"{EDITED}\"/>"
        );
    }
    s.push_str("</svg><div class=\"legend muted\"><span style=\"background:#8250df\"></span>AI lines (ai + edited)<span style=\"background:#d4a72c\"></span>modification ratio (0–100%)</div>");
    s
}

/// Survival per model: surviving share of tracked AI lines, as bars.
fn survival_chart(groups: &[Value]) -> String {
    let groups: Vec<&Value> = groups
        .iter()
        .filter(|g| u(&g["survival"]["tracked"]) > 0)
        .collect();
    if groups.is_empty() {
        return "<p class=\"muted\" id=\"chart-survival\">No AI lines with recorded positions: survival needs line ranges in the notes.</p>".to_string();
    }
    let (label_w, bar_w, row_h) = (190.0, 480.0, 26.0);
    let h = row_h * groups.len() as f64 + 10.0;
    let mut s = format!(
        "<svg id=\"chart-survival\" role=\"img\" aria-label=\"Survival of AI lines per model\" width=\"100%\" viewBox=\"0 0 1000 {h}\">"
    );
    for (i, g) in groups.iter().enumerate() {
        let y = i as f64 * row_h + 4.0;
        let r = g["survival"]["ratio"].as_f64().unwrap_or(0.0);
        let name = esc(g["group"].as_str().unwrap_or(""));
        let _ = write!(
            s,
            "<text x=\"0\" y=\"{ty}\">{name}</text>\
             <rect x=\"{label_w}\" y=\"{y}\" width=\"{bar_w}\" height=\"18\" fill=\"#eaeef2\"/>\
             <rect class=\"bar\" x=\"{label_w}\" y=\"{y}\" width=\"{w:.1}\" height=\"18\" fill=\"{SURVIVAL}\"><title>{name}: {sv} of {t} surviving</title></rect>\
             <text x=\"{tx:.1}\" y=\"{ty}\">{p} ({sv} of {t} still in the tip)</text>",
            ty = y + 14.0,
            w = r * bar_w,
            tx = label_w + bar_w + 8.0,
            sv = u(&g["survival"]["surviving"]),
            t = u(&g["survival"]["tracked"]),
            p = pct(&g["survival"]["ratio"]),
        );
    }
    s.push_str("</svg>");
    s
}

fn commit_rows(records: &[Value]) -> String {
    let mut s = String::new();
    for r in records {
        let id = r["id"].as_str().unwrap_or("");
        let short = &id[..id.len().min(10)];
        let who = match (r["agent"].as_str(), r["model"].as_str()) {
            (Some(a), Some(m)) => format!("<span class=\"ai\">{}:{}</span>", esc(a), esc(m)),
            (Some(a), None) => format!("<span class=\"ai\">{}</span>", esc(a)),
            _ => "<span class=\"muted\">human</span>".to_string(),
        };
        let lines = if r["lines"].is_null() {
            if r["ai_assisted"] == true {
                "<span class=\"muted\">unknown</span>".to_string()
            } else {
                String::new()
            }
        } else {
            format!(
                "{} / {} / {}",
                u(&r["lines"]["ai"]),
                u(&r["lines"]["edited"]),
                u(&r["lines"]["human"])
            )
        };
        let approvals: Vec<String> = r["approvals"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|a| {
                format!(
                    "{}: {}",
                    esc(a["kind"].as_str().unwrap_or("")),
                    esc(a["by"].as_str().unwrap_or(""))
                )
            })
            .collect();
        let review = if !approvals.is_empty() {
            format!("<span class=\"ok\">{}</span>", approvals.join("<br>"))
        } else if r["ai_assisted"] == true {
            "<span class=\"warn\">no approval</span>".to_string()
        } else {
            String::new()
        };
        let gates: Vec<String> = r["gates"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|g| {
                let result = g["result"].as_str().unwrap_or("");
                let class = match result {
                    "pass" => "ok",
                    "warn" | "skipped" | "degraded" => "warn",
                    _ => "bad",
                };
                format!(
                    "<span class=\"{class}\">{}={}</span>",
                    esc(g["gate"].as_str().unwrap_or("")),
                    esc(result)
                )
            })
            .collect();
        let gates = if gates.is_empty() && r["ai_assisted"] == true {
            "<span class=\"warn\">none recorded</span>".to_string()
        } else {
            gates.join(" ")
        };
        let merged = r["merged_by"]["name"].as_str().map(esc).unwrap_or_default();
        let _ = write!(
            s,
            "<tr data-ai=\"{ai}\"><td><code title=\"{id}\">{short}</code></td><td>{date}</td><td>{author}</td><td>{subject}</td><td>{who}</td><td class=\"n\">{lines}</td><td>{review}</td><td>{sig}</td><td>{merged}</td><td>{gates}</td></tr>",
            ai = r["ai_assisted"] == true,
            id = esc(id),
            date = esc(&r["date"].as_str().unwrap_or("").chars().take(10).collect::<String>()),
            author = esc(r["author"]["name"].as_str().unwrap_or("")),
            subject = esc(r["subject"].as_str().unwrap_or("")),
            sig = esc(r["signature"]["status"].as_str().unwrap_or("")),
        );
    }
    s
}

/// The whole page.
pub(crate) fn page(
    range: &str,
    records: &[Value],
    by_model: &Value,
    by_month: &Value,
    total: &Value,
) -> String {
    let empty = Vec::new();
    let models = by_model.as_array().unwrap_or(&empty);
    let months = by_month.as_array().unwrap_or(&empty);
    let ai_commits = records.iter().filter(|r| r["ai_assisted"] == true).count();
    let unreviewed = records
        .iter()
        .filter(|r| {
            r["ai_assisted"] == true && r["approvals"].as_array().is_some_and(Vec::is_empty)
        })
        .count();
    let no_gates = records
        .iter()
        .filter(|r| r["ai_assisted"] == true && r["gates_recorded"] == false)
        .count();
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\
         <title>provenance report: {r}</title><style>{CSS}</style></head><body>\
         <h1>AI provenance report</h1><div class=\"muted\">Range <code>{r}</code> · provenance {v}</div>\
         <div class=\"cards\">\
         <div class=\"card\"><b id=\"n-commits\">{n}</b>commits</div>\
         <div class=\"card\"><b>{ai_commits}</b>AI-assisted</div>\
         <div class=\"card\"><b>{ai_lines}</b>AI lines (ai + edited)</div>\
         <div class=\"card\"><b>{mr}</b>modification ratio</div>\
         <div class=\"card\"><b>{sv}</b>AI lines surviving</div>\
         <div class=\"card\"><b class=\"{uc}\">{unreviewed}</b>AI commits without approval</div>\
         <div class=\"card\"><b class=\"{gc}\">{no_gates}</b>AI commits without gate records</div>\
         </div>",
        r = esc(range),
        v = env!("CARGO_PKG_VERSION"),
        n = records.len(),
        ai_lines = u(&total["lines"]["ai"]) + u(&total["lines"]["edited"]),
        mr = pct(&total["modification_ratio"]),
        sv = pct(&total["survival"]["ratio"]),
        uc = if unreviewed > 0 { "warn" } else { "ok" },
        gc = if no_gates > 0 { "warn" } else { "ok" },
    );
    s.push_str("<h2>AI lines per model</h2>");
    s.push_str(&model_chart(models));
    s.push_str("<h2>Per month</h2>");
    s.push_str(&month_chart(months));
    s.push_str("<h2>Survival per model</h2>");
    s.push_str(&survival_chart(models));
    s.push_str(
        "<h2>Commits</h2><div class=\"filters\"><input id=\"q\" type=\"search\" placeholder=\"filter: author, model, subject…\">\
         <label><input id=\"ai-only\" type=\"checkbox\"> AI-assisted only</label><span id=\"shown\" class=\"muted\"></span></div>\
         <table id=\"commits\"><thead><tr><th>commit</th><th>date</th><th>author</th><th>subject</th><th>agent:model</th>\
         <th>lines ai / edited / human</th><th>review</th><th>signature</th><th>merged by</th><th>gates</th></tr></thead><tbody>",
    );
    s.push_str(&commit_rows(records));
    s.push_str("</tbody></table>");
    let _ = writeln!(s, "<script>{SCRIPT}</script></body></html>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_is_escaped_and_nothing_is_fetched() {
        let r = json!([{"id": "abc", "subject": "<script>alert(1)</script>", "author": {"name": "A & B"},
            "ai_assisted": true, "agent": "claude-code", "model": null, "lines": null, "approvals": [],
            "gates": [], "gates_recorded": false, "signature": {"status": "none"}, "merged_by": null, "date": "2026-01-01T00:00:00Z"}]);
        let page = page(
            "HEAD",
            r.as_array().unwrap(),
            &json!([]),
            &json!([]),
            &json!({}),
        );
        assert!(!page.contains("<script>alert"));
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(page.contains("A &amp; B"));
        for bad in ["http://", "https://", "src=\"", "@import"] {
            assert!(!page.contains(bad), "{bad}");
        }
    }
}
