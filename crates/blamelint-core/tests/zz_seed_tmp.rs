#[test]
fn seeds() {
    let linter = blamelint_core::Linter::builtin();
    for p in std::fs::read_dir("/work/shared/seeds").unwrap().flatten() {
        let text = std::fs::read_to_string(p.path()).unwrap();
        let r = linter.lint("seed.md", &text);
        for d in r.diagnostics.iter().filter(|d| !d.category.starts_with("struct") && d.category != "action-items" && d.category != "document") {
            let line = text[..d.span.start].matches('\n').count() + 1;
            println!("{}:{line} {} [{}] | {}", p.path().file_name().unwrap().to_string_lossy(), d.rule, &text[d.span.clone()], text.lines().nth(line - 1).unwrap().trim());
        }
    }
}
