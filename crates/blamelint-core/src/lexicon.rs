//! Word lists that tell a person from a system, one per language, loaded
//! from `rules/<lang>/lexicon.toml` and extended by config and rule packs.

use serde::Deserialize;
use std::collections::HashSet;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconSpec {
    pub language: String,
    /// The ISO 639-3 code a language detector reports for this language
    /// ("eng", "nld"): documents and paragraphs without a declared language
    /// are detected among the packs that name one.
    #[serde(default)]
    pub iso639_3: Option<String>,
    #[serde(default)]
    pub pronouns: Vec<String>,
    #[serde(default)]
    pub first_person: Vec<String>,
    #[serde(default)]
    pub persons: Vec<String>,
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default)]
    pub systems: Vec<String>,
    #[serde(default)]
    pub skip: Vec<String>,
    #[serde(default)]
    pub determiners: Vec<String>,
    #[serde(default)]
    pub relatives: Vec<String>,
    /// Relatives that always stand for a person ("who"): the subject is the
    /// person they refer to, even when that is the writer.
    #[serde(default)]
    pub person_relatives: Vec<String>,
    /// Words that stand for any person, not a particular one: a relative
    /// clause on them ("anyone who forgot to update") describes a group.
    #[serde(default)]
    pub generic_persons: Vec<String>,
    /// Words opening a conditional clause ("if", "whenever"): a generic
    /// person right after one is hypothetical.
    #[serde(default)]
    pub conditionals: Vec<String>,
    /// The writer's possessives ("our", "my"): "our team failed to" is
    /// accountability, like "we failed to".
    #[serde(default)]
    pub writer_possessives: Vec<String>,
    /// Person words for a group ("team"): with a writer's possessive they
    /// include the writer.
    #[serde(default)]
    pub groups: Vec<String>,
    /// Prepositions: "the SRE on duty" is still the SRE.
    #[serde(default)]
    pub prepositions: Vec<String>,
    /// System words that are also a person's work ("change", "code"): a
    /// judgement right before them ("a careless change") still judges the
    /// author.
    #[serde(default)]
    pub artifacts: Vec<String>,
    #[serde(default)]
    pub clause_breaks: Vec<String>,
    #[serde(default)]
    pub not_names: Vec<String>,
    /// Endings of a lowercase plural noun, and endings that look plural but
    /// are not: a person word right before such a noun only modifies it
    /// ("due to admin operations"), unless the noun is one of `faults`.
    #[serde(default)]
    pub plural_noun_endings: Vec<String>,
    #[serde(default)]
    pub not_plural_endings: Vec<String>,
    /// Nouns of fault ("mistakes"): "due to admin mistakes" keeps the person
    /// as the cause.
    #[serde(default)]
    pub faults: Vec<String>,
    /// Suffixes stripped when looking a word up ("engineers" -> "engineer").
    #[serde(default)]
    pub plural_suffixes: Vec<String>,
    /// Possessive endings ("Bob's").
    #[serde(default)]
    pub possessive_suffixes: Vec<String>,
    /// Endings of lowercase words skipped like `skip` when they are in no
    /// list: adverbs ("quickly", "easily").
    #[serde(default)]
    pub skip_suffixes: Vec<String>,
    /// Compounds are written as one word ("certificaatmonitor",
    /// "databasebeheerder", "ops-team"): an unlisted word whose ending is a
    /// listed person or system word takes that word's class.
    #[serde(default)]
    pub compound_heads: bool,
    /// Words that open a clause whose verb comes last (Dutch and German
    /// subordinate and relative clauses: "omdat Jan de flag vergat"). A
    /// phrase in such a clause takes its subject from the noun phrase right
    /// after the opener, not from the words just before it (the object).
    #[serde(default)]
    pub verb_final_openers: Vec<String>,
    /// Main clauses put the finite verb second ("Daarna vergat Jan ..."):
    /// when no subject stands before a matched verb, it is the noun phrase
    /// right after the verb.
    #[serde(default)]
    pub verb_second: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub language: String,
    pub iso639_3: Option<String>,
    pronouns: HashSet<String>,
    first_person: HashSet<String>,
    persons: HashSet<String>,
    names: HashSet<String>,
    systems: HashSet<String>,
    skip: HashSet<String>,
    determiners: HashSet<String>,
    relatives: HashSet<String>,
    person_relatives: HashSet<String>,
    generic_persons: HashSet<String>,
    conditionals: HashSet<String>,
    writer_possessives: HashSet<String>,
    groups: HashSet<String>,
    prepositions: HashSet<String>,
    artifacts: HashSet<String>,
    clause_breaks: HashSet<String>,
    not_names: HashSet<String>,
    plural_noun_endings: Vec<String>,
    not_plural_endings: Vec<String>,
    faults: HashSet<String>,
    plural_suffixes: Vec<String>,
    possessive_suffixes: Vec<String>,
    skip_suffixes: Vec<String>,
    compound_heads: bool,
    verb_final_openers: HashSet<String>,
    verb_second: bool,
    /// How many multi-word entries the lists hold (0: skip compound lookups).
    compounds: usize,
}

fn set(words: &[String]) -> HashSet<String> {
    words.iter().map(|w| w.to_lowercase()).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordClass {
    Pronoun,
    FirstPerson,
    Person,
    Name,
    System,
    Skip,
    Determiner,
    Relative,
    ClauseBreak,
    /// Capitalized and unknown: probably a name, perhaps a product.
    Capitalized,
    Other,
}

impl Lexicon {
    pub fn from_spec(spec: &LexiconSpec) -> Lexicon {
        Lexicon {
            language: spec.language.clone(),
            iso639_3: spec.iso639_3.clone(),
            pronouns: set(&spec.pronouns),
            first_person: set(&spec.first_person),
            persons: set(&spec.persons),
            names: set(&spec.names),
            systems: set(&spec.systems),
            skip: set(&spec.skip),
            determiners: set(&spec.determiners),
            relatives: set(&spec.relatives),
            person_relatives: set(&spec.person_relatives),
            generic_persons: set(&spec.generic_persons),
            conditionals: set(&spec.conditionals),
            writer_possessives: set(&spec.writer_possessives),
            groups: set(&spec.groups),
            prepositions: set(&spec.prepositions),
            artifacts: set(&spec.artifacts),
            clause_breaks: set(&spec.clause_breaks),
            not_names: set(&spec.not_names),
            plural_noun_endings: spec.plural_noun_endings.clone(),
            not_plural_endings: spec.not_plural_endings.clone(),
            faults: set(&spec.faults),
            plural_suffixes: spec.plural_suffixes.clone(),
            possessive_suffixes: spec.possessive_suffixes.clone(),
            skip_suffixes: spec.skip_suffixes.clone(),
            compound_heads: spec.compound_heads,
            verb_final_openers: set(&spec.verb_final_openers),
            verb_second: spec.verb_second,
            compounds: 0,
        }
        .counted()
    }

    fn counted(mut self) -> Lexicon {
        self.recount();
        self
    }

    fn recount(&mut self) {
        self.compounds = self
            .names
            .iter()
            .chain(&self.persons)
            .chain(&self.systems)
            .filter(|w| w.contains(' '))
            .count();
    }

    /// Adds words to the lexicon (config `terms`, rule packs).
    pub fn extend(&mut self, spec: &LexiconSpec) {
        if spec.iso639_3.is_some() {
            self.iso639_3 = spec.iso639_3.clone();
        }
        self.pronouns.extend(set(&spec.pronouns));
        self.first_person.extend(set(&spec.first_person));
        self.persons.extend(set(&spec.persons));
        self.names.extend(set(&spec.names));
        self.systems.extend(set(&spec.systems));
        self.skip.extend(set(&spec.skip));
        self.determiners.extend(set(&spec.determiners));
        self.relatives.extend(set(&spec.relatives));
        self.person_relatives.extend(set(&spec.person_relatives));
        self.generic_persons.extend(set(&spec.generic_persons));
        self.conditionals.extend(set(&spec.conditionals));
        self.writer_possessives
            .extend(set(&spec.writer_possessives));
        self.groups.extend(set(&spec.groups));
        self.prepositions.extend(set(&spec.prepositions));
        self.artifacts.extend(set(&spec.artifacts));
        self.clause_breaks.extend(set(&spec.clause_breaks));
        self.not_names.extend(set(&spec.not_names));
        self.plural_noun_endings
            .extend(spec.plural_noun_endings.iter().cloned());
        self.not_plural_endings
            .extend(spec.not_plural_endings.iter().cloned());
        self.faults.extend(set(&spec.faults));
        self.plural_suffixes
            .extend(spec.plural_suffixes.iter().cloned());
        self.possessive_suffixes
            .extend(spec.possessive_suffixes.iter().cloned());
        self.skip_suffixes
            .extend(spec.skip_suffixes.iter().cloned());
        self.compound_heads |= spec.compound_heads;
        self.verb_final_openers
            .extend(set(&spec.verb_final_openers));
        self.verb_second |= spec.verb_second;
        self.recount();
    }

    pub fn add_persons<I: IntoIterator<Item = S>, S: AsRef<str>>(&mut self, words: I) {
        for w in words {
            let w = w.as_ref().to_lowercase();
            self.systems.remove(&w);
            self.not_names.remove(&w);
            self.names.insert(w.clone());
            self.persons.insert(w);
        }
        self.recount();
    }

    pub fn add_systems<I: IntoIterator<Item = S>, S: AsRef<str>>(&mut self, words: I) {
        for w in words {
            let w = w.as_ref().to_lowercase();
            self.persons.remove(&w);
            self.names.remove(&w);
            self.systems.insert(w);
        }
        self.recount();
    }

    fn base_forms<'a>(&'a self, lower: &'a str) -> impl Iterator<Item = String> + 'a {
        let mut forms = vec![lower.to_string()];
        for p in &self.possessive_suffixes {
            if let Some(s) = lower.strip_suffix(p.as_str()) {
                if !s.is_empty() {
                    forms.push(s.to_string());
                }
            }
        }
        let n = forms.len();
        for i in 0..n {
            for suf in &self.plural_suffixes {
                if let Some(s) = forms[i].strip_suffix(suf.as_str()) {
                    if s.chars().count() >= 2 {
                        forms.push(s.to_string());
                    }
                }
            }
        }
        forms.into_iter()
    }

    /// A word opening a verb-final clause ("omdat", "die").
    pub fn is_verb_final_opener(&self, word: &str) -> bool {
        !self.verb_final_openers.is_empty()
            && self.verb_final_openers.contains(&word.to_lowercase())
    }

    /// True when main clauses put the finite verb second.
    pub fn verb_second(&self) -> bool {
        self.verb_second
    }

    /// A relative pronoun or adverb ("die", "which").
    pub fn is_relative(&self, word: &str) -> bool {
        self.relatives.contains(&word.to_lowercase())
    }

    /// The class of a closed compound's head: "certificaatmonitor" ->
    /// monitor (system), "databasebeheerder" -> beheerder (person). The head
    /// has at least three letters (four when the word is capitalized, so
    /// that names are not read as compounds) and the rest at least two; after
    /// a hyphen any listed word counts ("ops-team").
    fn compound_head(&self, lower: &str, capitalized: bool) -> Option<WordClass> {
        let min_head = if capitalized { 4 } else { 3 };
        for form in self.base_forms(lower) {
            for (i, _) in form.char_indices().skip(2) {
                let head = &form[i..];
                let after_hyphen = form[..i].ends_with('-');
                if !after_hyphen && head.chars().count() < min_head {
                    break;
                }
                if head.starts_with('-') {
                    continue;
                }
                if self.persons.contains(head) {
                    return Some(WordClass::Person);
                }
                if self.systems.contains(head) {
                    return Some(WordClass::System);
                }
            }
        }
        None
    }

    /// A relative pronoun that always refers to a person ("who").
    pub fn relative_is_person(&self, word: &str) -> bool {
        self.person_relatives.contains(&word.to_lowercase())
    }

    /// A system word that is also a person's work ("change", "code").
    /// A lowercase plural noun that is not a fault ("operations", not
    /// "mistakes"): see [`LexiconSpec::plural_noun_endings`].
    pub fn is_plain_plural(&self, word: &str) -> bool {
        let ends = |list: &[String]| list.iter().any(|e| word.ends_with(e.as_str()));
        word.len() > 3
            && word.chars().all(|c| c.is_ascii_lowercase())
            && ends(&self.plural_noun_endings)
            && !ends(&self.not_plural_endings)
            && !self.faults.contains(word)
    }

    pub fn is_artifact(&self, word: &str) -> bool {
        self.base_forms(&word.to_lowercase())
            .any(|f| self.artifacts.contains(&f))
    }

    /// A preposition ("on", "in").
    pub fn is_preposition(&self, word: &str) -> bool {
        self.prepositions.contains(&word.to_lowercase())
    }

    /// A person word for a group ("team").
    pub fn is_group(&self, word: &str) -> bool {
        self.base_forms(&word.to_lowercase())
            .any(|f| self.groups.contains(&f))
    }

    /// The writer's possessive ("our").
    pub fn is_writer_possessive(&self, word: &str) -> bool {
        self.writer_possessives.contains(&word.to_lowercase())
    }

    /// A word opening a conditional clause ("if").
    pub fn is_conditional(&self, word: &str) -> bool {
        self.conditionals.contains(&word.to_lowercase())
    }

    /// A word that stands for any person ("anyone"), not a particular one.
    pub fn is_generic(&self, word: &str) -> bool {
        self.generic_persons.contains(&word.to_lowercase())
    }

    /// True when `word` ends with a possessive suffix ("Bob's", "the intern's").
    pub fn is_possessive(&self, word: &str) -> bool {
        let lower = word.to_lowercase();
        self.possessive_suffixes
            .iter()
            .any(|p| lower.len() > p.len() && lower.ends_with(p.as_str()))
    }

    /// A two-word entry of the lists ("release manager" is a person, "alert
    /// manager" a system): decides before the single words do.
    pub fn classify_compound(&self, first: &str, second: &str) -> Option<WordClass> {
        if self.compounds == 0 {
            return None;
        }
        let phrase = format!("{} {}", first.to_lowercase(), second.to_lowercase());
        for form in self.base_forms(&phrase) {
            if self.names.contains(&form) {
                return Some(WordClass::Name);
            }
            if self.persons.contains(&form) {
                return Some(WordClass::Person);
            }
            if self.systems.contains(&form) {
                return Some(WordClass::System);
            }
        }
        None
    }

    pub fn classify(&self, word: &str, sentence_initial: bool) -> WordClass {
        // "Cultural/process", "dev/ops": the last part decides.
        if let Some((_, last)) = word.rsplit_once('/') {
            if !last.is_empty() {
                return self.classify(last, false);
            }
        }
        let lower = word.to_lowercase();
        if self.first_person.contains(&lower) {
            return WordClass::FirstPerson;
        }
        if self.pronouns.contains(&lower) {
            return WordClass::Pronoun;
        }
        if self.skip.contains(&lower) {
            return WordClass::Skip;
        }
        if self.determiners.contains(&lower) {
            return WordClass::Determiner;
        }
        if self.relatives.contains(&lower) {
            return WordClass::Relative;
        }
        if self.clause_breaks.contains(&lower) {
            return WordClass::ClauseBreak;
        }
        let mut chars = word.chars();
        let first_upper = chars.next().is_some_and(char::is_uppercase);
        for form in self.base_forms(&lower) {
            // Names are capitalized: "grace period" and "round robin" are not people.
            if first_upper && self.names.contains(&form) {
                return WordClass::Name;
            }
            if self.persons.contains(&form) {
                return WordClass::Person;
            }
            if self.systems.contains(&form) {
                return WordClass::System;
            }
        }
        if self.compound_heads {
            if let Some(c) = self.compound_head(&lower, first_upper) {
                return c;
            }
        }
        if (!first_upper || sentence_initial)
            && self
                .skip_suffixes
                .iter()
                .any(|suf| lower.len() > suf.len() + 2 && lower.ends_with(suf.as_str()))
        {
            return WordClass::Skip;
        }
        let all_upper = word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
        if first_upper && !all_upper && identifier_like(word) {
            // "PodGC", "OCaml", "SLOs", "IPv6": code and product names, not people.
            return WordClass::System;
        }
        if first_upper && !all_upper && !self.not_names.contains(&lower) {
            // Sentence-initial capitals are weaker evidence, but a lone
            // unknown capitalized word before a failure verb is still most
            // often a name in postmortems.
            return WordClass::Capitalized;
        }
        if all_upper && word.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
            return WordClass::System;
        }
        WordClass::Other
    }
}

/// A capitalized word shaped like an identifier or an acronym rather than a
/// name: a digit ("IPv6", "HCSv2"), two capitals before a lowercase letter
/// ("OCaml", "SLOs"), or an inner capital that starts an acronym or follows
/// a long prefix ("PodGC", "ProgressNotify"). Name prefixes such as "McD",
/// "DeS" or "MacK" (a short prefix, one inner capital) stay names.
fn identifier_like(word: &str) -> bool {
    let chars: Vec<char> = word
        .chars()
        .take_while(|c| *c != '\'' && *c != '’')
        .collect();
    if chars.iter().any(char::is_ascii_digit) {
        return true;
    }
    if chars.len() >= 3
        && chars[0].is_uppercase()
        && chars[1].is_uppercase()
        && chars.iter().any(|c| c.is_lowercase())
    {
        return true;
    }
    let inner: Vec<usize> = (1..chars.len())
        .filter(|&i| chars[i].is_uppercase() && chars[i - 1].is_lowercase())
        .collect();
    match inner.as_slice() {
        [] => false,
        [i] => *i >= 4 || chars.get(i + 1).is_some_and(|c| c.is_uppercase()),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> Lexicon {
        let w = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Lexicon::from_spec(&LexiconSpec {
            language: "xx".into(),
            persons: w(&["ingenier", "team", "relis manajer"]),
            names: w(&["grasia"]),
            systems: w(&["servis", "proses", "alerta manajer"]),
            skip_suffixes: w(&["mente"]),
            generic_persons: w(&["kualkier"]),
            conditionals: w(&["si"]),
            writer_possessives: w(&["nos"]),
            groups: w(&["team"]),
            artifacts: w(&["kambio"]),
            plural_suffixes: w(&["nan"]),
            ..Default::default()
        })
    }

    #[test]
    fn word_classes() {
        let l = lex();
        assert_eq!(l.classify("Grasia", false), WordClass::Name);
        // Names are capitalized: a lowercase homograph is not a person.
        assert_eq!(l.classify("grasia", false), WordClass::Other);
        assert_eq!(l.classify("rapidamente", false), WordClass::Skip);
        assert_eq!(l.classify("Rapidamente", true), WordClass::Skip);
        assert_eq!(l.classify("Rapidamente", false), WordClass::Capitalized);
        assert_eq!(l.classify("Kultural/proses", true), WordClass::System);
        assert_eq!(
            l.classify_compound("relis", "manajernan"),
            Some(WordClass::Person)
        );
        assert_eq!(
            l.classify_compound("alerta", "manajer"),
            Some(WordClass::System)
        );
        assert_eq!(l.classify_compound("otro", "manajer"), None);
        assert!(
            l.is_generic("Kualkier") && l.is_conditional("si") && l.is_writer_possessive("nos")
        );
        assert!(l.is_group("teamnan") && !l.is_group("ingenier"));
        assert!(l.is_artifact("kambionan") && !l.is_artifact("servis"));
    }

    #[test]
    fn identifiers_are_not_names() {
        let l = lex();
        for w in ["PodGC", "OCaml", "SLOs", "IPv6", "ProgressNotify", "HCSv2"] {
            assert_eq!(l.classify(w, false), WordClass::System, "{w}");
        }
        for w in ["McDonald", "DeShawn", "MacKenzie", "O'Brien", "Jean-Luc"] {
            assert_eq!(l.classify(w, false), WordClass::Capitalized, "{w}");
        }
    }

    #[test]
    fn closed_compounds_take_their_head_class() {
        let w = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut spec = LexiconSpec {
            language: "xx".into(),
            persons: w(&["ingenier", "team"]),
            systems: w(&["servis", "job"]),
            compound_heads: true,
            ..Default::default()
        };
        let l = Lexicon::from_spec(&spec);
        assert_eq!(l.classify("datoservis", false), WordClass::System);
        assert_eq!(l.classify("databaseingenier", false), WordClass::Person);
        assert_eq!(l.classify("Ops-team", true), WordClass::Person);
        assert_eq!(l.classify("bakapjob", false), WordClass::System);
        // A capitalized word needs a longer head: names are not compounds.
        assert_eq!(l.classify("Kajob", false), WordClass::Capitalized);
        spec.compound_heads = false;
        let l = Lexicon::from_spec(&spec);
        assert_eq!(l.classify("datoservis", false), WordClass::Other);
    }

    #[test]
    fn compounds_are_counted_after_extending() {
        let mut l = Lexicon::from_spec(&LexiconSpec {
            language: "xx".into(),
            ..Default::default()
        });
        assert_eq!(l.classify_compound("alerta", "manajer"), None);
        l.add_systems(["alerta manajer"]);
        assert_eq!(
            l.classify_compound("alerta", "manajer"),
            Some(WordClass::System)
        );
    }
}
