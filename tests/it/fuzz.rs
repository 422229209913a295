//! Arbitrary bytes as content files: girok never panics, and a file it
//! cannot read always comes with an error that names it.

use proptest::prelude::*;

use girok::config::Config;
use girok::content::parse_entry;
use girok::diag::Diagnostics;
use girok::model::entities::Kind;
use girok::model::Archive;

const VALID: &str = "---\ntitle: A\ndate: 2023-10-12\nwaves: [w]\nsources: [s]\nfigures:\n  - label: returned\n    value: 600\n    approx: true\n    source: s\n    wave: w\nstatements:\n  - actor: a\n    date: 2023-10-12\n    quote: \"No comment.\"\n    source: s\n---\n## Heading\n\nText [@s, p. 2] and [a link](../waves/w.md#x).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";

fn check_bytes(kind: Kind, bytes: Vec<u8>) {
    let rel = format!("content/{}/x.md", kind.dir());
    let (entry, diags) = parse_entry(kind, &rel, bytes, false);
    let mut all = Diagnostics::new();
    all.extend(diags);
    if entry.is_none() {
        assert!(
            all.has_errors(),
            "a file that could not be read must say why"
        );
        assert!(all
            .items()
            .iter()
            .all(|d| d.file.as_deref() == Some(rel.as_str())));
    }
    let (_, more) = Archive::build(Config::default(), entry, &[], false);
    all.extend(more);
    // Rendering every diagnostic must not panic either (spans inside the text).
    let _ = all.render_plain();
    let _ = all.render_json();
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::Briefing),
        Just(Kind::Wave),
        Just(Kind::Actor),
        Just(Kind::Source)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(kind in kind(), bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        check_bytes(kind, bytes);
    }

    #[test]
    fn mutated_valid_files_never_panic(
        kind in kind(),
        at in 0usize..VALID.len(),
        cut in 0usize..40,
        insert in proptest::collection::vec(any::<u8>(), 0..12),
    ) {
        let mut bytes = VALID.as_bytes().to_vec();
        let end = (at + cut).min(bytes.len());
        bytes.splice(at..end, insert);
        check_bytes(kind, bytes);
    }

    #[test]
    fn mutated_text_never_panics(kind in kind(), at in 0usize..VALID.len(), s in "[-:\\[\\]{}#@\"' \n\tA-z0-9가-힣]{0,16}") {
        let mut text = VALID.to_string();
        let at = (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        text.insert_str(at, &s);
        check_bytes(kind, text.into_bytes());
    }
}
