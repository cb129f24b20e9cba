//! The postmortem template as data: sections, metadata fields, Action Items
//! columns and the word lists the checks use. Loaded from
//! `rules/templates/postmortem.toml` (or a team's own template) and extended
//! by `[postmortem]` in the config.

use crate::config::{PostmortemConfig, Requirement};
use crate::rules::builtin;
use crate::rules::RuleSet;
use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use std::cell::RefCell;
use std::collections::hash_map::DefaultHasher;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

/// Name of the built-in template among the embedded files.
pub const BUILTIN_NAME: &str = "templates/postmortem.toml";
/// Prefix `discovery` gives the file named by `[postmortem] template`.
pub const USER_PREFIX: &str = "template:";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct TemplateSpec {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    severities: Vec<String>,
    #[serde(default)]
    priorities: Vec<String>,
    #[serde(default)]
    placeholders: Vec<String>,
    #[serde(default)]
    not_systemic: Vec<String>,
    #[serde(default)]
    person_causes: Vec<String>,
    #[serde(default)]
    timezone_labels: Vec<String>,
    #[serde(default)]
    metadata: Vec<MetadataSpec>,
    #[serde(default)]
    sections: Vec<SectionSpec>,
    #[serde(default)]
    columns: Vec<ColumnSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct SectionSpec {
    #[serde(default)]
    key: Option<String>,
    title: String,
    #[serde(default)]
    synonyms: Vec<String>,
    #[serde(default)]
    requirement: Requirement,
    #[serde(default)]
    parent: Option<String>,
    #[serde(default)]
    prompt: Option<String>,
    #[serde(default)]
    body: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct MetadataSpec {
    key: String,
    label: String,
    #[serde(default)]
    synonyms: Vec<String>,
    #[serde(default)]
    kind: MetadataKind,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    placeholder: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ColumnSpec {
    key: String,
    title: String,
    #[serde(default)]
    synonyms: Vec<String>,
}

/// What a metadata value must look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MetadataKind {
    Date,
    Duration,
    Severity,
    #[default]
    Text,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub key: String,
    pub title: String,
    pub synonyms: Vec<String>,
    pub requirement: Requirement,
    /// Index of the parent section in [`Template::sections`].
    pub parent: Option<usize>,
    pub prompt: String,
    /// What `new_postmortem` writes under the heading (default: the prompt).
    pub body: Option<String>,
    /// Normalized title and synonyms (see [`heading_key`]).
    pub keys: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct MetadataField {
    pub key: String,
    pub label: String,
    pub kind: MetadataKind,
    pub required: bool,
    pub placeholder: String,
    pub keys: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub key: String,
    pub title: String,
    pub keys: Vec<String>,
}

/// A resolved template: built-in or team template, plus config extensions.
#[derive(Debug, Clone)]
pub struct Template {
    /// Title pattern for `new`; `{title}` is replaced.
    pub title: String,
    pub severities: Vec<String>,
    pub priorities: Vec<String>,
    pub placeholders: Vec<String>,
    pub not_systemic: Vec<Regex>,
    pub person_causes: Vec<String>,
    pub timezone_labels: Vec<String>,
    pub metadata: Vec<MetadataField>,
    /// In template order; a subsection directly follows its parent and siblings.
    pub sections: Vec<Section>,
    pub columns: Vec<Column>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub source: String,
    pub message: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.message)
    }
}

impl std::error::Error for TemplateError {}

/// Lowercase letters and digits only: "Root Cause(s)" -> "rootcauses",
/// "Follow-ups" -> "followups", "5 Whys" -> "5whys".
pub fn text_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The keys a heading may match: as written, without a leading number
/// ("2. Impact"), without parentheticals ("Timeline (UTC)") and without a
/// trailing ": ..." / " - ..." part.
pub fn heading_keys(heading: &str) -> Vec<String> {
    let mut s = heading.trim();
    // Leading numbering: "1.", "2)", "1.2", "IV.", "A)".
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
        i += 1;
    }
    if i > 0 && i < bytes.len() && (bytes[i - 1] == b'.' || bytes[i] == b')' || bytes[i] == b'.') {
        let rest = s[i..].trim_start_matches([')', '.']);
        if rest.starts_with(' ') {
            s = rest.trim_start();
        }
    }
    let mut out = vec![text_key(s)];
    let mut no_paren = String::new();
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' if depth > 0 => depth -= 1,
            _ if depth == 0 => no_paren.push(c),
            _ => {}
        }
    }
    out.push(text_key(&no_paren));
    for sep in [":", " - ", " — ", " – "] {
        if let Some((head, _)) = no_paren.split_once(sep) {
            out.push(text_key(head));
        }
    }
    out.retain(|k| !k.is_empty());
    out.dedup();
    out
}

/// Case-, space- and hyphen-insensitive form of a severity or priority.
pub fn level_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

fn keys_of(title: &str, synonyms: &[String]) -> Vec<String> {
    let mut keys: Vec<String> = std::iter::once(title)
        .chain(synonyms.iter().map(String::as_str))
        .map(text_key)
        .filter(|k| !k.is_empty())
        .collect();
    keys.dedup();
    keys
}

impl Template {
    /// The built-in template without config extensions.
    pub fn builtin() -> Template {
        let text = builtin::files()
            .iter()
            .find(|(n, _)| *n == BUILTIN_NAME)
            .map(|(_, t)| *t)
            .expect("built-in template is embedded");
        Template::parse(&[text], "builtin:templates/postmortem.toml")
            .expect("built-in template is valid (tested)")
    }

    /// Parses template TOML texts; keys of later texts replace earlier ones.
    fn parse(texts: &[&str], name: &str) -> Result<Template, TemplateError> {
        let err = |message: String| TemplateError {
            source: name.to_string(),
            message,
        };
        let mut merged = toml::Table::new();
        for t in texts {
            let v: toml::Table = toml::from_str(t).map_err(|e| err(e.message().to_string()))?;
            merged.extend(v);
        }
        let spec: TemplateSpec = toml::Value::Table(merged)
            .try_into()
            .map_err(|e: toml::de::Error| err(e.message().to_string()))?;
        Template::from_spec(spec).map_err(err)
    }

    fn from_spec(spec: TemplateSpec) -> Result<Template, String> {
        let mut not_systemic = Vec::new();
        for r in &spec.not_systemic {
            not_systemic.push(
                RegexBuilder::new(r)
                    .case_insensitive(true)
                    .size_limit(1 << 20)
                    .build()
                    .map_err(|e| format!("not-systemic regex `{r}`: {e}"))?,
            );
        }
        let mut sections: Vec<Section> = Vec::new();
        let mut parents: Vec<Option<String>> = Vec::new();
        for s in spec.sections {
            let key = s.key.clone().unwrap_or_else(|| text_key(&s.title));
            let keys = keys_of(&s.title, &s.synonyms);
            sections.push(Section {
                key,
                prompt: s.prompt.unwrap_or_else(|| format!("[{}]", s.title)),
                title: s.title,
                synonyms: s.synonyms,
                requirement: s.requirement,
                parent: None,
                body: s.body,
                keys,
            });
            parents.push(s.parent);
        }
        let resolved: Vec<Option<usize>> = parents
            .iter()
            .map(|p| p.as_ref().and_then(|p| find_section(&sections, p)))
            .collect();
        for (s, p) in sections.iter_mut().zip(resolved) {
            s.parent = p;
        }
        let metadata = spec
            .metadata
            .into_iter()
            .map(|m| MetadataField {
                keys: keys_of(&m.label, &m.synonyms),
                placeholder: m.placeholder.unwrap_or_else(|| format!("[{}]", m.label)),
                key: m.key,
                label: m.label,
                kind: m.kind,
                required: m.required,
            })
            .collect();
        let columns = spec
            .columns
            .into_iter()
            .map(|c| Column {
                keys: keys_of(&c.title, &c.synonyms),
                key: c.key,
                title: c.title,
            })
            .collect();
        let mut t = Template {
            title: spec.title.unwrap_or_else(|| "Postmortem: {title}".into()),
            severities: spec.severities,
            priorities: spec.priorities,
            placeholders: spec.placeholders,
            not_systemic,
            person_causes: spec
                .person_causes
                .iter()
                .map(|s| s.to_lowercase())
                .collect(),
            timezone_labels: spec
                .timezone_labels
                .iter()
                .map(|s| s.to_lowercase())
                .collect(),
            metadata,
            sections,
            columns,
        };
        t.normalize_order();
        Ok(t)
    }

    /// Applies `[postmortem]` extensions: severities, priorities, sections,
    /// synonyms, columns, order.
    pub fn extend(&mut self, c: &PostmortemConfig) {
        if let Some(s) = &c.severities {
            self.severities = s.clone();
        }
        if let Some(p) = &c.priorities {
            self.priorities = p.clone();
        }
        for sc in &c.sections {
            let parent = sc
                .parent
                .as_deref()
                .and_then(|p| find_section(&self.sections, p));
            match find_section(&self.sections, &sc.title) {
                Some(i) => {
                    let s = &mut self.sections[i];
                    s.synonyms.extend(sc.synonyms.iter().cloned());
                    s.keys = keys_of(&s.title, &s.synonyms);
                    if let Some(r) = sc.requirement {
                        s.requirement = r;
                    }
                    if let Some(p) = &sc.prompt {
                        s.prompt = p.clone();
                    }
                    if sc.parent.is_some() && parent != Some(i) {
                        s.parent = parent;
                    }
                    if let Some(after) = &sc.after {
                        self.move_after(i, after);
                    }
                }
                None => {
                    let section = Section {
                        key: text_key(&sc.title),
                        title: sc.title.clone(),
                        synonyms: sc.synonyms.clone(),
                        requirement: sc.requirement.unwrap_or(Requirement::Required),
                        parent,
                        prompt: sc
                            .prompt
                            .clone()
                            .unwrap_or_else(|| format!("[{}]", sc.title)),
                        body: None,
                        keys: keys_of(&sc.title, &sc.synonyms),
                    };
                    self.sections.push(section);
                    let i = self.sections.len() - 1;
                    if let Some(after) = &sc.after {
                        self.move_after(i, after);
                    }
                }
            }
            self.normalize_order();
        }
        for (title, syns) in &c.synonyms {
            if let Some(i) = find_section(&self.sections, title) {
                let s = &mut self.sections[i];
                s.synonyms.extend(syns.iter().cloned());
                s.keys = keys_of(&s.title, &s.synonyms);
            }
        }
        for (key, names) in &c.columns {
            let k = text_key(key);
            if let Some(col) = self
                .columns
                .iter_mut()
                .find(|col| text_key(&col.key) == k || col.keys.contains(&k))
            {
                col.keys.extend(names.iter().map(|n| text_key(n)));
            }
        }
        if let Some(order) = &c.order {
            let rank = |s: &Section| {
                order
                    .iter()
                    .position(|o| s.keys.contains(&text_key(o)))
                    .unwrap_or(usize::MAX)
            };
            let mut tops: Vec<(usize, usize)> = self
                .sections
                .iter()
                .enumerate()
                .filter(|(_, s)| s.parent.is_none())
                .map(|(i, s)| (rank(s), i))
                .collect();
            tops.sort();
            let order: Vec<usize> = tops.into_iter().map(|(_, i)| i).collect();
            self.reorder_tops(&order);
        }
    }

    /// Moves section `i` right after the section titled `after`; its
    /// subsections follow it (see [`Template::normalize_order`]).
    fn move_after(&mut self, i: usize, after: &str) {
        let Some(a) = find_section(&self.sections, after) else {
            return;
        };
        if a == i {
            return;
        }
        let mut order: Vec<usize> = (0..self.sections.len()).filter(|&j| j != i).collect();
        let pos = order
            .iter()
            .position(|&j| j == a)
            .map_or(order.len(), |p| p + 1);
        order.insert(pos, i);
        self.permute(&order);
    }

    /// Reorders `sections` to `order` (old indices), remapping parents.
    fn permute(&mut self, order: &[usize]) {
        let n = self.sections.len();
        let mut new_index = vec![0; n];
        for (new_i, &old_i) in order.iter().enumerate() {
            new_index[old_i] = new_i;
        }
        let old = std::mem::take(&mut self.sections);
        self.sections = order.iter().map(|&i| old[i].clone()).collect();
        for s in &mut self.sections {
            s.parent = s.parent.map(|p| new_index[p]);
        }
    }

    /// Keeps every subsection right after its parent (and its earlier
    /// siblings), preserving relative order otherwise.
    fn normalize_order(&mut self) {
        let tops: Vec<usize> = (0..self.sections.len())
            .filter(|&i| self.sections[i].parent.is_none())
            .collect();
        self.reorder_tops(&tops);
    }

    /// Rebuilds `sections` as `tops` in the given order, each followed by
    /// its descendants in their current relative order.
    fn reorder_tops(&mut self, tops: &[usize]) {
        let n = self.sections.len();
        let mut order = Vec::with_capacity(n);
        fn push_tree(i: usize, sections: &[Section], order: &mut Vec<usize>, depth: usize) {
            if order.contains(&i) || depth > 8 {
                return;
            }
            order.push(i);
            for (j, s) in sections.iter().enumerate() {
                if s.parent == Some(i) {
                    push_tree(j, sections, order, depth + 1);
                }
            }
        }
        for &t in tops {
            push_tree(t, &self.sections, &mut order, 0);
        }
        // Sections in a parent cycle: keep them as top-level sections.
        for i in 0..n {
            if !order.contains(&i) {
                self.sections[i].parent = None;
                push_tree(i, &self.sections, &mut order, 0);
            }
        }
        self.permute(&order);
    }

    /// The section with this `key` ("action-items"); keys compare like
    /// headings, so a team template's "Action Items" without a `key` is found.
    pub fn section(&self, key: &str) -> Option<usize> {
        let k = text_key(key);
        self.sections
            .iter()
            .position(|s| s.key == key)
            .or_else(|| self.sections.iter().position(|s| text_key(&s.key) == k))
    }

    /// The template section a heading names.
    pub fn match_heading(&self, heading: &str) -> Option<usize> {
        let keys = heading_keys(heading);
        // Prefer the match on the full heading over a shortened form.
        keys.iter()
            .find_map(|k| self.sections.iter().position(|s| s.keys.contains(k)))
    }

    pub fn column(&self, header: &str) -> Option<&str> {
        let keys = heading_keys(header);
        keys.iter().find_map(|k| {
            self.columns
                .iter()
                .find(|c| c.keys.contains(k))
                .map(|c| c.key.as_str())
        })
    }

    pub fn metadata_field(&self, label: &str) -> Option<usize> {
        let keys = heading_keys(label);
        keys.iter()
            .find_map(|k| self.metadata.iter().position(|m| m.keys.contains(k)))
    }

    pub fn depth(&self, i: usize) -> usize {
        let mut d = 0;
        let mut cur = self.sections[i].parent;
        while let Some(p) = cur {
            d += 1;
            if d > 8 {
                break;
            }
            cur = self.sections[p].parent;
        }
        d
    }

    /// Whether `value` is a placeholder: empty, a `[bracketed]` template
    /// prompt, or one of the template's placeholder words.
    pub fn is_placeholder(&self, value: &str) -> bool {
        let v = strip_emphasis(value.trim());
        if v.is_empty() {
            return true;
        }
        if v.starts_with('[') && v.ends_with(']') && !v.contains("](") {
            return true;
        }
        if v.starts_with('<')
            && v.ends_with('>')
            && !v.contains("://")
            && !v.contains('@')
            && !v.contains('/')
        {
            return true;
        }
        self.placeholders
            .iter()
            .any(|p| p.eq_ignore_ascii_case(v) || p.to_lowercase() == v.to_lowercase())
    }
}

fn find_section(sections: &[Section], name: &str) -> Option<usize> {
    let k = text_key(name);
    sections
        .iter()
        .position(|s| s.key == name || s.keys.contains(&k))
}

/// Strips surrounding `**`, `*`, `__`, `_`, `~~` and backticks.
pub fn strip_emphasis(s: &str) -> &str {
    let mut s = s.trim();
    loop {
        let before = s;
        for m in ["**", "__", "~~", "*", "_", "`"] {
            if s.len() >= 2 * m.len() && s.starts_with(m) && s.ends_with(m) {
                s = s[m.len()..s.len() - m.len()].trim();
            }
        }
        if s == before {
            return s;
        }
    }
}

/// The template text to use: a team template (`template:` source, or a
/// rule-pack data file) over the built-in one.
fn template_sources(rules: &RuleSet) -> (Vec<&str>, String) {
    let builtin_text = builtin::files()
        .iter()
        .find(|(n, _)| *n == BUILTIN_NAME)
        .map(|(_, t)| *t)
        .unwrap_or("");
    let user = rules
        .data_files
        .iter()
        .find(|f| f.name.starts_with(USER_PREFIX))
        .or_else(|| {
            rules
                .data_files
                .iter()
                .find(|f| !f.name.starts_with(builtin::PREFIX) && f.text.contains("sections"))
        });
    match user {
        Some(u) => (vec![builtin_text, u.text.as_str()], u.name.clone()),
        None => (
            vec![builtin_text],
            format!("{}{}", builtin::PREFIX, BUILTIN_NAME),
        ),
    }
}

/// Resolves the template for a rule set and config: the team template over
/// the built-in one, then `[postmortem]` extensions. Errors name the file.
pub fn load(rules: &RuleSet, config: &PostmortemConfig) -> Result<Template, TemplateError> {
    let (texts, name) = template_sources(rules);
    let mut t = Template::parse(&texts, &name)?;
    t.extend(config);
    Ok(t)
}

thread_local! {
    static CACHE: RefCell<Vec<(u64, Rc<Template>)>> = const { RefCell::new(Vec::new()) };
}

/// [`load`], cached per thread; falls back to the built-in template when a
/// team template does not parse (front-ends report that error at load time
/// through [`load`]).
pub fn resolve(rules: &RuleSet, config: &PostmortemConfig) -> Rc<Template> {
    let (texts, name) = template_sources(rules);
    let mut h = DefaultHasher::new();
    texts.hash(&mut h);
    name.hash(&mut h);
    format!("{config:?}").hash(&mut h);
    let key = h.finish();
    if let Some(t) = CACHE.with(|c| {
        c.borrow()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, t)| t.clone())
    }) {
        return t;
    }
    let t = Rc::new(load(rules, config).unwrap_or_else(|_| {
        let mut t = Template::builtin();
        t.extend(config);
        t
    }));
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= 8 {
            c.remove(0);
        }
        c.push((key, t.clone()));
    });
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SectionConfig;

    #[test]
    fn builtin_parses() {
        let t = Template::builtin();
        assert!(t.sections.len() >= 10);
        let rca = t.section("root-cause-analysis").unwrap();
        assert_eq!(t.sections[rca + 1].parent, Some(rca));
        assert_eq!(t.match_heading("Root Cause(s)"), Some(rca));
        assert_eq!(t.match_heading("3. Root causes"), Some(rca));
        assert_eq!(t.match_heading("Oorzaakanalyse"), Some(rca));
        assert_eq!(t.match_heading("What Happened"), t.section("what-happened"));
        assert_eq!(
            t.match_heading("Timeline (all times UTC)"),
            t.section("timeline")
        );
        assert_eq!(
            t.match_heading("🧠 Lessons learned"),
            t.section("lessons-learned")
        );
        assert_eq!(t.match_heading("5 Whys"), t.section("five-whys"));
        assert_eq!(t.match_heading("Follow-ups"), t.section("action-items"));
        assert_eq!(t.match_heading("Incident Report"), None);
        assert_eq!(t.column("Eigenaar"), Some("owner"));
        assert_eq!(t.column("Due date (ISO)"), Some("due-date"));
    }

    #[test]
    fn not_systemic_patterns() {
        let t = Template::builtin();
        let hit = |s: &str| t.not_systemic.iter().any(|r| r.is_match(s));
        for s in [
            "Bob to be more careful",
            "Remind engineers to test before deploying",
            "Pay more attention to alerts",
            "Tell @kim to double-check migrations",
            "Retrain the on-call",
            "Ask the team not to deploy on Fridays",
            "Don't forget the checklist",
            "Iedereen beter laten opletten",
            "Ontwikkelaars voorzichtiger laten zijn",
            "Engineers must remember to run the tests",
        ] {
            assert!(hit(s), "{s}");
        }
        for s in [
            "Add connection reuse to the config review template",
            "Ask the vendor to add rate limits",
            "Tell customers about maintenance windows",
            "Train the new on-call rotation on the runbook",
            "Remember-me cookie expiry",
            "Alert on careful-mode flag",
            "Block merges when the test job has not run",
        ] {
            assert!(!hit(s), "{s}");
        }
    }

    #[test]
    fn config_extends() {
        let mut t = Template::builtin();
        let c = PostmortemConfig {
            sections: vec![
                SectionConfig {
                    title: "Customer Communication".into(),
                    synonyms: vec!["Comms".into()],
                    after: Some("Impact".into()),
                    ..Default::default()
                },
                SectionConfig {
                    title: "Prevention".into(),
                    requirement: Some(Requirement::Required),
                    ..Default::default()
                },
                SectionConfig {
                    title: "Detection".into(),
                    parent: Some("Root Cause Analysis".into()),
                    requirement: Some(Requirement::Recommended),
                    ..Default::default()
                },
            ],
            synonyms: [("Lessons Learned".to_string(), vec!["Retro".to_string()])]
                .into_iter()
                .collect(),
            order: Some(vec!["Timeline".into(), "Executive Summary".into()]),
            ..Default::default()
        };
        t.extend(&c);
        let titles: Vec<&str> = t
            .sections
            .iter()
            .filter(|s| s.parent.is_none())
            .map(|s| s.title.as_str())
            .collect();
        assert_eq!(
            &titles[..4],
            &[
                "Timeline",
                "Executive Summary",
                "Impact",
                "Customer Communication"
            ]
        );
        let comms = t.match_heading("Comms").unwrap();
        assert_eq!(t.sections[comms].requirement, Requirement::Required);
        assert_eq!(
            t.sections[t.section("prevention").unwrap()].requirement,
            Requirement::Required
        );
        assert_eq!(t.match_heading("Retro"), t.section("lessons-learned"));
        let det = t.match_heading("Detection").unwrap();
        let rca = t.section("root-cause-analysis").unwrap();
        assert_eq!(t.sections[det].parent, Some(rca));
        // Subsections stay right after their parent.
        for (i, s) in t.sections.iter().enumerate() {
            if let Some(p) = s.parent {
                assert!(p < i);
                assert!(t.sections[p + 1..i].iter().all(|x| x.parent.is_some()));
            }
        }
    }
}
