//! SQL dumps and seed files: `INSERT INTO t (col, …) VALUES (…), (…);` names each value only
//! by its column, so values are paired with the column list before the generic checks run.

/// `(column, value span)` for every quoted value of the `INSERT … VALUES` statement that
/// starts at or after `from` on the line `line` (byte offsets into `text`).
pub(crate) fn insert_values(text: &str, line: (usize, usize)) -> Vec<(String, usize, usize)> {
    let (ls, le) = line;
    let stmt = &text[ls..le];
    let lower = stmt.to_ascii_lowercase();
    let mut out = Vec::new();
    let Some(ins) = lower.find("insert into") else {
        return out;
    };
    let Some(open) = stmt[ins..].find('(').map(|i| ins + i) else {
        return out;
    };
    let Some(vals_kw) = lower[open..].find("values").map(|i| open + i) else {
        return out;
    };
    let Some(close) = stmt[open..vals_kw].rfind(')').map(|i| open + i) else {
        return out;
    };
    let columns: Vec<String> = stmt[open + 1..close]
        .split(',')
        .map(|c| c.trim().trim_matches(['`', '"', '[', ']']).to_string())
        .collect();
    // each `( … )` tuple after VALUES
    let mut at = vals_kw + "values".len();
    while let Some(o) = stmt[at..].find('(').map(|i| at + i) {
        let mut i = o + 1;
        let mut col = 0;
        let bytes = stmt.as_bytes();
        while i < stmt.len() && bytes[i] != b')' {
            match bytes[i] {
                b'\'' | b'"' => {
                    let q = bytes[i];
                    let start = i + 1;
                    let mut j = start;
                    while j < stmt.len() {
                        if bytes[j] == b'\\' {
                            j += 2;
                            continue;
                        }
                        if bytes[j] == q {
                            if bytes.get(j + 1) == Some(&q) {
                                j += 2;
                                continue;
                            }
                            break;
                        }
                        j += 1;
                    }
                    let end = j.min(stmt.len());
                    if let Some(name) = columns.get(col) {
                        out.push((name.clone(), ls + start, ls + end));
                    }
                    i = end + 1;
                }
                b',' => {
                    col += 1;
                    i += 1;
                }
                _ => i += 1,
            }
        }
        at = i + 1;
        if at >= stmt.len() {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_values_with_columns() {
        let text = "INSERT INTO `users` (`id`, `login`, `password`) VALUES (1,'a','x,y'),(2,'b','it''s');\n";
        let got: Vec<(String, &str)> = insert_values(text, (0, text.len()))
            .into_iter()
            .map(|(c, s, e)| (c, &text[s..e]))
            .collect();
        assert_eq!(
            got,
            [
                ("login".to_string(), "a"),
                ("password".to_string(), "x,y"),
                ("login".to_string(), "b"),
                ("password".to_string(), "it''s"),
            ]
        );
    }
}
