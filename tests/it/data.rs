//! The open data under `data/`: `archive.json` validates against its own
//! JSON Schema (and a broken copy does not), holds every entry, figure and
//! statement of the model with relations that lead somewhere, the CSV
//! tables match it row for row, odd text survives the CSV, and the files
//! are byte-identical between builds. The home page links all of it.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use serde_json::Value;

use super::support::{build, fixture, manifest_dir, Scratch, Site};

const FIGURE_COLUMNS: &[&str] = &[
    "id",
    "label",
    "display",
    "value",
    "min",
    "max",
    "approx",
    "status",
    "as_of",
    "wave",
    "wave_title",
    "attributed_to",
    "attributed_to_name",
    "source",
    "source_title",
    "source_url",
    "briefing",
    "briefing_title",
    "note",
];

const STATEMENT_COLUMNS: &[&str] = &[
    "id",
    "date",
    "actor",
    "actor_name",
    "stance",
    "quote",
    "wave",
    "wave_title",
    "source",
    "source_title",
    "source_url",
    "briefing",
    "briefing_title",
];

/// A built archive with its data files read back.
struct Data {
    site: Site,
    json: Value,
    schema: Value,
}

impl Data {
    fn of(root: &Path) -> Data {
        let built = build(root, false);
        let site = Site::read(&built.out);
        let json = parse(&site, "data/archive.json");
        let schema = parse(&site, "data/archive.schema.json");
        Data { site, json, schema }
    }

    fn list(&self, key: &str) -> &Vec<Value> {
        self.json[key]
            .as_array()
            .unwrap_or_else(|| panic!("archive.json has no list `{key}`"))
    }

    /// The entry of list `key` with `slug` (or `id`).
    fn find(&self, key: &str, name: &str) -> &Value {
        self.list(key)
            .iter()
            .find(|e| e["slug"] == name || e["id"] == name)
            .unwrap_or_else(|| panic!("archive.json has no {key} `{name}`"))
    }

    fn csv(&self, path: &str) -> (Vec<String>, Vec<Vec<String>>) {
        read_csv(&self.site.files[path])
    }
}

fn parse(site: &Site, path: &str) -> Value {
    let bytes = site
        .files
        .get(path)
        .unwrap_or_else(|| panic!("the build wrote no {path}"));
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"))
}

fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    assert!(
        !bytes.starts_with(b"\xef\xbb\xbf"),
        "the CSV starts with a BOM"
    );
    let mut r = csv::ReaderBuilder::new().from_reader(bytes);
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn basic() -> &'static Data {
    static D: OnceLock<Data> = OnceLock::new();
    D.get_or_init(|| Data::of(&fixture("basic")))
}

fn example() -> &'static Data {
    static D: OnceLock<Data> = OnceLock::new();
    D.get_or_init(|| Data::of(&manifest_dir()))
}

/// The basic fixture with a base_url, a date-time and an update.
fn with_base_url() -> &'static Data {
    static D: OnceLock<Data> = OnceLock::new();
    D.get_or_init(|| {
        let s = Scratch::of("basic");
        s.write(
            "site.yaml",
            "title: Test briefing archive\nbase_url: https://example.org/archive/\n",
        );
        s.write(
            "content/briefings/timed.md",
            "---\ntitle: Timed\ndate: 2023-10-14T09:30:00+09:00\nupdated: 2023-10-15\nsources: [alpha-news-2023-10-12]\n---\nText [@alpha-news-2023-10-12].\n",
        );
        Data::of(s.root())
    })
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(schema)
        .unwrap_or_else(|e| panic!("archive.schema.json is not a usable schema: {e}"))
}

#[track_caller]
fn assert_valid(schema: &Value, json: &Value, what: &str) {
    let errors: Vec<String> = validator(schema)
        .iter_errors(json)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .take(20)
        .collect();
    assert!(
        errors.is_empty(),
        "{what}: archive.json does not follow its schema:\n{}",
        errors.join("\n")
    );
}

#[test]
fn archive_json_validates_against_its_schema() {
    for (what, d) in [
        ("basic", basic()),
        ("example", example()),
        ("with base_url", with_base_url()),
    ] {
        assert!(
            jsonschema::meta::is_valid(&d.schema),
            "{what}: the schema is not a valid JSON Schema"
        );
        assert_eq!(
            d.schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert!(d.schema["$id"].is_string());
        assert_valid(&d.schema, &d.json, what);
        assert_eq!(d.json["schema"], "archive.schema.json");
        assert_eq!(
            d.json["schema_version"],
            d.schema["properties"]["schema_version"]["const"]
        );
        let version = d.json["schema_version"].as_str().unwrap();
        let parts: Vec<_> = version.split('.').collect();
        assert!(
            parts.len() == 2 && parts.iter().all(|p| p.parse::<u32>().is_ok()),
            "schema_version {version} is not MAJOR.MINOR"
        );
        // The schema in the output is the one in the crate.
        assert_eq!(
            d.site.files["data/archive.schema.json"],
            girok::publish::data::SCHEMA.as_bytes()
        );
    }
}

#[test]
fn a_copy_that_breaks_the_schema_fails_validation() {
    let d = basic();
    let v = validator(&d.schema);
    assert!(v.is_valid(&d.json));
    // (what, where, the new value: None removes the field).
    let broken: [(&str, &str, Option<Value>); 9] = [
        ("a required field removed", "/figures/0/source", None),
        (
            "a field the schema does not know",
            "/briefings/0/related/unknown",
            Some(Value::Bool(true)),
        ),
        (
            "a top-level field the schema does not know",
            "/generated_at",
            Some("2024-01-01".into()),
        ),
        (
            "a count that is text",
            "/figures/0/value",
            Some("about 600".into()),
        ),
        (
            "a negative count",
            "/figures/0/value",
            Some(Value::from(-1)),
        ),
        (
            "a date that is no date",
            "/waves/0/date",
            Some("2023-13-45".into()),
        ),
        (
            "a status the contract does not have",
            "/figures/0/status",
            Some("rumoured".into()),
        ),
        (
            "a bad slug",
            "/actors/0/related/briefings",
            Some(serde_json::json!(["Not A Slug"])),
        ),
        (
            "another schema version",
            "/schema_version",
            Some("2.0".into()),
        ),
    ];
    for (what, at, value) in broken {
        let mut copy = d.json.clone();
        let (parent, key) = at.rsplit_once('/').unwrap();
        let object = copy.pointer_mut(parent).unwrap().as_object_mut().unwrap();
        match value {
            Some(x) => object.insert(key.to_string(), x),
            None => object.remove(key),
        };
        assert_ne!(copy, d.json, "{what}: the change did nothing");
        assert!(!v.is_valid(&copy), "{what}: still valid");
    }
}

/// Calls `f` with the path and value of every subschema of `v`.
fn walk_schema(v: &Value, path: &str, f: &mut dyn FnMut(&str, &Value)) {
    f(path, v);
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                walk_schema(x, &format!("{path}/{k}"), f);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                walk_schema(x, &format!("{path}/{i}"), f);
            }
        }
        _ => {}
    }
}

#[test]
fn every_field_of_the_schema_is_described_required_and_closed() {
    let schema = &basic().schema;
    for key in ["$id", "title", "description"] {
        assert!(schema[key].is_string(), "the schema has no {key}");
    }
    let mut objects = 0;
    let mut fields = 0;
    walk_schema(schema, "", &mut |path, v| {
        let Some(props) = v.get("properties").and_then(Value::as_object) else {
            return;
        };
        objects += 1;
        assert_eq!(
            v["additionalProperties"],
            Value::Bool(false),
            "{path}: an object that allows other fields"
        );
        let required: BTreeSet<&str> = v["required"]
            .as_array()
            .unwrap_or_else(|| panic!("{path}: no required list"))
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let keys: BTreeSet<&str> = props.keys().map(String::as_str).collect();
        assert_eq!(required, keys, "{path}: every field is always present");
        for (k, p) in props {
            fields += 1;
            let desc = p["description"].as_str().unwrap_or("");
            assert!(desc.len() > 5, "{path}/properties/{k} has no description");
        }
    });
    assert!(objects >= 13, "only {objects} objects in the schema");
    assert!(fields >= 80, "only {fields} fields in the schema");
    for def in ["briefing", "wave", "actor", "source", "figure", "statement"] {
        assert!(schema["$defs"][def].is_object(), "no definition of {def}");
    }
}

#[test]
fn archive_json_holds_the_model_in_its_order() {
    for (root, d) in [(fixture("basic"), basic()), (manifest_dir(), example())] {
        let (a, _, diags) = girok::load(&girok::Options::new(&root));
        assert!(!diags.has_errors());
        let slugs = |key: &str| -> Vec<String> {
            d.list(key)
                .iter()
                .map(|e| e["slug"].as_str().unwrap().to_string())
                .collect()
        };
        let model = |v: Vec<&String>| v.into_iter().cloned().collect::<Vec<_>>();
        assert_eq!(
            slugs("briefings"),
            model(a.briefings.iter().map(|x| &x.slug).collect())
        );
        assert_eq!(
            slugs("waves"),
            model(a.waves.iter().map(|x| &x.slug).collect())
        );
        assert_eq!(
            slugs("actors"),
            model(a.actors.iter().map(|x| &x.slug).collect())
        );
        assert_eq!(
            slugs("sources"),
            model(a.sources.iter().map(|x| &x.slug).collect())
        );
        assert_eq!(d.list("figures").len(), a.figures.len());
        assert_eq!(d.list("statements").len(), a.statements.len());
        assert!(!a.figures.is_empty() && !a.statements.is_empty());
        for (f, j) in a.figures.iter().zip(d.list("figures")) {
            assert_eq!(j["label"], f.doc.label.as_str());
            assert_eq!(j["briefing"], a.briefings[f.briefing].slug.as_str());
            assert_eq!(j["source"], a.sources[f.source].slug.as_str());
            assert_eq!(j["approx"], f.doc.approx);
            for (key, n) in [
                ("value", f.doc.value),
                ("min", f.doc.min),
                ("max", f.doc.max),
            ] {
                assert_eq!(j[key].as_f64(), n, "{}: {key}", j["id"]);
            }
        }
        for (s, j) in a.statements.iter().zip(d.list("statements")) {
            assert_eq!(j["quote"], s.doc.quote.as_str());
            assert_eq!(j["actor"], a.actors[s.actor].slug.as_str());
        }
        // Ids are unique.
        for key in ["figures", "statements"] {
            let ids: BTreeSet<_> = d
                .list(key)
                .iter()
                .map(|e| e["id"].as_str().unwrap())
                .collect();
            assert_eq!(ids.len(), d.list(key).len(), "{key} ids repeat");
        }
    }
}

/// Which list a relation's values name.
fn target_of(field: &str) -> &'static str {
    match field {
        "briefing" | "briefings" => "briefings",
        "wave" | "waves" => "waves",
        "actor" | "actors" | "members" | "member_of" | "attributed_to" => "actors",
        "source" | "sources" | "sources_not_cited" => "sources",
        "figures" => "figures",
        "statements" => "statements",
        other => panic!("no list for the field {other}"),
    }
}

#[test]
fn every_reference_names_an_entry_and_every_page_exists() {
    for d in [basic(), example(), with_base_url()] {
        let names = |key: &str| -> BTreeSet<String> {
            d.list(key)
                .iter()
                .map(|e| {
                    e.get("slug")
                        .unwrap_or(&e["id"])
                        .as_str()
                        .unwrap()
                        .to_string()
                })
                .collect()
        };
        let mut checked = 0;
        let mut check = |what: &str, field: &str, v: &Value| {
            let values: Vec<&Value> = match v {
                Value::Array(a) => a.iter().collect(),
                Value::Null => Vec::new(),
                one => vec![one],
            };
            let known = names(target_of(field));
            for x in values {
                let x = x.as_str().unwrap();
                assert!(
                    known.contains(x),
                    "{what}: `{field}` names `{x}`, which is not there"
                );
                checked += 1;
            }
        };
        for key in ["briefings", "waves", "actors", "sources"] {
            for e in d.list(key) {
                let what = format!("{key}/{}", e["slug"]);
                for (field, v) in e["related"].as_object().unwrap() {
                    if field == "citations" {
                        for c in v.as_array().unwrap() {
                            check(&what, "source", &c["source"]);
                        }
                    } else {
                        check(&what, field, v);
                    }
                }
                for field in ["waves", "actors", "sources", "member_of"] {
                    if let Some(v) = e.get(field) {
                        check(&what, field, v);
                    }
                }
                let path = e["page_path"].as_str().unwrap();
                assert!(d.site.pages.contains_key(path), "{what}: no page {path}");
                match d.json["site"]["base_url"].as_str() {
                    Some(base) => assert_eq!(e["page_url"], format!("{base}{path}")),
                    None => assert!(e["page_url"].is_null()),
                }
                let file = e["file"].as_str().unwrap();
                assert!(file.starts_with(&format!("content/{key}/")) && file.ends_with(".md"));
            }
        }
        for key in ["figures", "statements"] {
            for e in d.list(key) {
                let what = format!("{key}/{}", e["id"]);
                for field in ["briefing", "wave", "source", "attributed_to", "actor"] {
                    if let Some(v) = e.get(field) {
                        check(&what, field, v);
                    }
                }
                let id = e["id"].as_str().unwrap();
                assert!(id.starts_with(&format!("{}#", e["briefing"].as_str().unwrap())));
            }
        }
        assert!(checked > 20, "only {checked} references checked");
    }
}

#[test]
fn relations_match_the_fixture() {
    let d = basic();
    let mass = d.find("briefings", "2023-10-12-mass-return");
    assert_eq!(
        mass["related"]["citations"],
        serde_json::json!([
            {"number": 1, "source": "alpha-news-2023-10-12", "count": 2, "locators": []},
            {"number": 2, "source": "beta-report-2023-10-13", "count": 1, "locators": ["p. 2"]},
        ])
    );
    assert_eq!(
        mass["related"]["figures"],
        serde_json::json!([
            "2023-10-12-mass-return#figure-1",
            "2023-10-12-mass-return#figure-2",
            "2023-10-12-mass-return#figure-3",
            "2023-10-12-mass-return#figure-4",
        ])
    );
    // Actors: the one listed, and those quoted or credited.
    assert_eq!(mass["actors"], serde_json::json!(["unification-ministry"]));
    let related: BTreeSet<_> = mass["related"]["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        related,
        BTreeSet::from(["china-mfa", "rights-group", "unification-ministry"])
    );
    assert!(mass["body_markdown"]
        .as_str()
        .unwrap()
        .starts_with("## What was reported\n\nA daily paper first reported the returns [@alpha-news-2023-10-12]."));
    assert_eq!(mass["tags"], serde_json::json!(["non-refoulement"]));
    assert_eq!(mass["authors"], serde_json::json!(["Research desk"]));

    let wave = d.find("waves", "2023-10-border-returns");
    assert_eq!(wave["related"]["figures"].as_array().unwrap().len(), 4);
    assert_eq!(
        wave["related"]["statements"],
        serde_json::json!([
            "2023-10-12-mass-return#statement-1",
            "2023-10-12-mass-return#statement-2",
            "2023-10-13-seoul-confirms#statement-1",
        ]),
        "statements by date"
    );

    let ministry = d.find("actors", "unification-ministry");
    assert_eq!(ministry["member_of"], "south-korea");
    assert_eq!(ministry["aliases"], serde_json::json!(["MOU", "통일부"]));
    assert_eq!(
        ministry["body_markdown"],
        "Part of [the government](south-korea.md).\n"
    );
    let korea = d.find("actors", "south-korea");
    assert_eq!(
        korea["related"]["members"],
        serde_json::json!(["unification-ministry"])
    );
    assert_eq!(korea["member_of"], Value::Null);
    assert_eq!(korea["body_markdown"], "");

    let alpha = d.find("sources", "alpha-news-2023-10-12");
    assert_eq!(alpha["url"], "https://example.org/alpha");
    assert_eq!(alpha["accessed"], "2023-10-13");
    assert_eq!(alpha["authors"], serde_json::json!(["Kim Min-ji"]));
    assert_eq!(
        alpha["related"]["figures"],
        serde_json::json!([
            "2023-10-12-mass-return#figure-1",
            "2023-10-12-mass-return#figure-4"
        ])
    );

    let about = d.find("figures", "2023-10-12-mass-return#figure-1");
    assert_eq!(about["value"], serde_json::json!(600));
    assert_eq!(about["display"], "about 600");
    assert_eq!(about["as_of"], "2023-10-10");
    assert_eq!(about["attributed_to"], "rights-group");
    assert_eq!(about["status"], "reported");
    let range = d.find("figures", "2023-10-12-mass-return#figure-3");
    assert_eq!(
        (range["min"].as_u64(), range["max"].as_u64()),
        (Some(50), Some(60))
    );
    assert_eq!(range["value"], Value::Null);
    assert_eq!(range["display"], "50–60");

    // The site's settings, and a date-time kept in full.
    assert_eq!(d.json["site"]["title"], "Test briefing archive");
    assert_eq!(d.json["site"]["base_url"], Value::Null);
    let b = with_base_url();
    assert_eq!(b.json["site"]["base_url"], "https://example.org/archive/");
    let timed = b.find("briefings", "timed");
    assert_eq!(timed["date"], "2023-10-14");
    assert_eq!(timed["date_time"], "2023-10-14T09:30:00+09:00");
    assert_eq!(timed["updated"], "2023-10-15");
    assert_eq!(timed["updated_time"], Value::Null);
    assert_eq!(
        timed["page_url"],
        "https://example.org/archive/briefings/timed/index.html"
    );
}

#[test]
fn the_csv_tables_have_one_row_per_figure_and_statement() {
    for d in [basic(), example()] {
        for (path, columns, key) in [
            ("data/figures.csv", FIGURE_COLUMNS, "figures"),
            ("data/statements.csv", STATEMENT_COLUMNS, "statements"),
        ] {
            let (header, rows) = d.csv(path);
            assert_eq!(header, columns, "{path}: the columns");
            let list = d.list(key);
            assert_eq!(rows.len(), list.len(), "{path}: one row per entry");
            let col = |name: &str| header.iter().position(|h| h == name).unwrap();
            let title = |list: &str, slug: &str| -> String {
                if slug.is_empty() {
                    return String::new();
                }
                let e = d.find(list, slug);
                e.get("title")
                    .unwrap_or(&e["name"])
                    .as_str()
                    .unwrap()
                    .to_string()
            };
            for (row, e) in rows.iter().zip(list) {
                assert_eq!(row.len(), columns.len());
                assert_eq!(row[col("id")], e["id"].as_str().unwrap());
                for (slug_col, title_col, list) in [
                    ("briefing", "briefing_title", "briefings"),
                    ("wave", "wave_title", "waves"),
                    ("source", "source_title", "sources"),
                    (
                        if key == "figures" {
                            "attributed_to"
                        } else {
                            "actor"
                        },
                        if key == "figures" {
                            "attributed_to_name"
                        } else {
                            "actor_name"
                        },
                        "actors",
                    ),
                ] {
                    let slug = e[slug_col].as_str().unwrap_or("");
                    assert_eq!(
                        row[col(slug_col)],
                        slug,
                        "{path}: {slug_col} of {}",
                        e["id"]
                    );
                    assert_eq!(
                        row[col(title_col)],
                        title(list, slug),
                        "{path}: {title_col} of {}",
                        e["id"]
                    );
                }
                let source = d.find("sources", e["source"].as_str().unwrap());
                assert_eq!(row[col("source_url")], source["url"].as_str().unwrap_or(""));
                if key == "figures" {
                    for k in ["label", "display", "as_of", "status", "note"] {
                        assert_eq!(row[col(k)], e[k].as_str().unwrap_or(""), "{k}");
                    }
                    for k in ["value", "min", "max"] {
                        assert_eq!(
                            row[col(k)],
                            e[k].as_f64().map(|n| n.to_string()).unwrap_or_default(),
                            "{k}"
                        );
                    }
                    assert_eq!(row[col("approx")], e["approx"].to_string());
                } else {
                    for k in ["date", "quote", "stance"] {
                        assert_eq!(row[col(k)], e[k].as_str().unwrap_or(""), "{k}");
                    }
                }
            }
        }
    }
    // A figure of the fixture, cell by cell.
    let (_, rows) = basic().csv("data/figures.csv");
    let row = rows
        .iter()
        .find(|r| r[0] == "2023-10-12-mass-return#figure-3")
        .unwrap();
    assert_eq!(
        &row[..9],
        [
            "2023-10-12-mass-return#figure-3",
            "returned through Tumen",
            "50–60",
            "",
            "50",
            "60",
            "false",
            "disputed",
            ""
        ]
    );
}

#[test]
fn odd_text_round_trips_through_the_csv_and_json() {
    let s = Scratch::of("basic");
    let note = "Up to 200, \"mostly\" women;\nsent back via 단둥 (Dandong) <b>&</b>";
    let quote = "We said: \"no\", and\r\nmeant it — 아니다";
    let mut doc = String::from(
        "---\ntitle: \"Odd, \\\"quoted\\\" 제목\"\ndate: 2023-10-14\nwaves: [2023-10-border-returns]\nsources: [alpha-news-2023-10-12]\nfigures:\n  - label: \"returned, \\\"officially\\\"\"\n    value: 12.5\n    wave: 2023-10-border-returns\n    source: alpha-news-2023-10-12\n    note: ",
    );
    doc.push_str(&serde_json::to_string(note).unwrap());
    doc.push_str("\nstatements:\n  - actor: china-mfa\n    date: 2023-10-14\n    source: alpha-news-2023-10-12\n    quote: ");
    doc.push_str(&serde_json::to_string(quote).unwrap());
    doc.push_str("\n---\r\nA body [@alpha-news-2023-10-12].\r\n\r\nSecond, \"line\".\r\n");
    s.write("content/briefings/odd.md", &doc);
    let d = Data::of(s.root());
    assert_valid(&d.schema, &d.json, "odd");

    let (header, rows) = d.csv("data/figures.csv");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = rows
        .iter()
        .find(|r| r[col("id")] == "odd#figure-1")
        .unwrap();
    assert_eq!(row[col("note")], note);
    assert_eq!(row[col("label")], "returned, \"officially\"");
    assert_eq!(row[col("briefing_title")], "Odd, \"quoted\" 제목");
    assert_eq!(row[col("value")], "12.5");
    let (header, rows) = d.csv("data/statements.csv");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = rows
        .iter()
        .find(|r| r[col("id")] == "odd#statement-1")
        .unwrap();
    assert_eq!(row[col("quote")], quote);
    assert_eq!(
        row[col("actor_name")],
        "Ministry of Foreign Affairs (China)"
    );

    assert_eq!(d.find("figures", "odd#figure-1")["note"], note);
    assert_eq!(
        d.find("figures", "odd#figure-1")["value"],
        serde_json::json!(12.5)
    );
    assert_eq!(d.find("statements", "odd#statement-1")["quote"], quote);
    // Markup from content is escaped in the JSON text (no browser takes
    // it for HTML) and reads back the same.
    let text = String::from_utf8(d.site.files["data/archive.json"].clone()).unwrap();
    assert!(!text.contains('<') && !text.contains('&'));
    assert!(text.contains("\\u003cb\\u003e\\u0026\\u003c/b\\u003e"));
    // The body as written, with Windows line ends made `\n`.
    assert_eq!(
        d.find("briefings", "odd")["body_markdown"],
        "A body [@alpha-news-2023-10-12].\n\nSecond, \"line\".\n"
    );
    // Records end with CRLF (RFC 4180); the file is UTF-8 without a BOM.
    let bytes = &d.site.files["data/figures.csv"];
    assert!(bytes.starts_with(b"id,label,display,"));
    assert!(bytes.ends_with(b"\r\n"));
    assert!(std::str::from_utf8(bytes).is_ok());
}

#[test]
fn data_files_are_byte_identical_between_builds() {
    let again = build(&fixture("basic"), false);
    let site = Site::read(&again.out);
    let paths = [
        "data/archive.json",
        "data/archive.schema.json",
        "data/figures.csv",
        "data/statements.csv",
    ];
    for path in paths {
        let first = &basic().site.files[path];
        assert!(!first.is_empty(), "{path} is empty");
        assert!(
            first == &site.files[path],
            "{path} differs between two builds"
        );
    }
    // Nothing about the build (its time or folder) is in the data.
    let text = String::from_utf8_lossy(&site.files["data/archive.json"]).into_owned();
    assert!(!text.contains(&*again.out.to_string_lossy()));
    assert!(!text.contains(&*fixture("basic").to_string_lossy()));
}

#[test]
fn the_home_page_links_the_open_data() {
    for d in [basic(), example()] {
        let home = d.site.page("index.html");
        assert!(
            home.tags
                .iter()
                .any(|t| t.name == "section" && t.attr("aria-labelledby") == Some("sec_data")),
            "the home page has no open data section"
        );
        home.assert_text("Open data and feeds");
        for path in [
            "data/archive.json",
            "data/archive.schema.json",
            "data/figures.csv",
            "data/statements.csv",
        ] {
            home.assert_links_to(path);
            assert!(d.site.files.contains_key(path), "{path} is not written");
        }
        for path in [
            "sources/bibliography.bib",
            "sources/bibliography.ris",
            "sources/bibliography.json",
        ] {
            home.assert_links_to(path);
        }
        // No base_url: no feed, so no link to one.
        assert!(!home.links_to("briefings/feed.xml"));
        for l in home.links().iter().filter(|l| l.raw.contains("data/")) {
            assert!(!l.is_external() && !l.raw.starts_with('/'), "{}", l.raw);
        }
    }
    let b = with_base_url();
    b.site
        .page("index.html")
        .assert_links_to("briefings/feed.xml");
}
