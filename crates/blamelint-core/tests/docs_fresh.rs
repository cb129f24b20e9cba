//! The README's rule table and docs/rules.md are generated from `rules/`.
//! Run with BLAMELINT_BLESS=1 to regenerate them.

use blamelint_core::rules::docs::{markdown_table, rules_reference, splice};
use blamelint_core::RuleSet;
use std::path::Path;

#[test]
fn generated_rule_docs_are_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let set = RuleSet::builtin();
    let readme_path = root.join("README.md");
    let readme = std::fs::read_to_string(&readme_path).unwrap();
    let want_readme = splice(
        &readme,
        "<!-- rules:start -->",
        "<!-- rules:end -->",
        &markdown_table(&set),
    )
    .expect("README has the rules markers");
    let reference_path = root.join("docs/rules.md");
    let want_reference = rules_reference(&set);
    if std::env::var_os("BLAMELINT_BLESS").is_some() {
        std::fs::write(&readme_path, &want_readme).unwrap();
        std::fs::create_dir_all(root.join("docs")).unwrap();
        std::fs::write(&reference_path, &want_reference).unwrap();
        return;
    }
    assert!(readme == want_readme, "README.md rule table is stale: run `BLAMELINT_BLESS=1 cargo test -p blamelint-core --test docs_fresh`");
    let reference = std::fs::read_to_string(&reference_path).unwrap_or_default();
    assert!(reference == want_reference, "docs/rules.md is stale: run `BLAMELINT_BLESS=1 cargo test -p blamelint-core --test docs_fresh`");
}
