//! `blamelint new`: a fresh postmortem from the template. It passes every
//! structure check except those about placeholders still to fill in.

use super::template::{MetadataKind, Template};
use crate::config::Requirement;

/// Renders a new postmortem: title, metadata (the date filled in), and every
/// required and recommended section with its prompt, in template order.
pub fn new_postmortem(template: &Template, date: &str, title: &str) -> String {
    let mut out = String::new();
    let heading = if template.title.contains("{title}") {
        template.title.replace("{title}", title)
    } else {
        format!("{} {}", template.title, title)
    };
    out.push_str(&format!("# {}\n\n", heading.trim()));
    for m in &template.metadata {
        let value = if m.kind == MetadataKind::Date && m.key == "date" && !date.trim().is_empty() {
            date.trim().to_string()
        } else {
            m.placeholder.clone()
        };
        out.push_str(&format!("**{}:** {}\n", m.label, value));
    }
    let included = |i: usize| {
        let s = &template.sections[i];
        s.requirement != Requirement::Optional
            && !matches!(s.parent, Some(p) if template.sections[p].requirement == Requirement::Optional)
    };
    for (i, s) in template.sections.iter().enumerate() {
        if !included(i) {
            continue;
        }
        let level = 2 + template.depth(i);
        out.push_str(&format!("\n{} {}\n", "#".repeat(level.min(6)), s.title));
        let has_children = template
            .sections
            .iter()
            .enumerate()
            .any(|(j, c)| c.parent == Some(i) && included(j));
        if has_children && s.body.is_none() {
            continue;
        }
        out.push('\n');
        out.push_str(s.body.as_deref().unwrap_or(&s.prompt).trim_matches('\n'));
        out.push('\n');
    }
    out
}
