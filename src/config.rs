//! `site.yaml`: site settings. Every key has a default, so the file is optional.

use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::content::front_matter::Seg;
use crate::diag::{did_you_mean, Diagnostic};

/// The keys `site.yaml` accepts.
pub const SITE_KEYS: &[&str] = &[
    "title",
    "description",
    "language",
    "base_url",
    "theme",
    "allow_raw_html",
    "per_page",
];

/// Site settings after defaults are applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Shown in every page's header and title.
    pub title: String,
    /// One sentence about the archive.
    pub description: Option<String>,
    /// BCP 47 language tag of the archive.
    pub language: String,
    /// Absolute address where the site is published; needed for feeds.
    pub base_url: Option<String>,
    /// A folder under `themes/`, or the built-in `default`.
    pub theme: String,
    /// Keep raw HTML in Markdown bodies as written (trusted archives only).
    pub allow_raw_html: bool,
    /// Entries per page on long listing pages.
    pub per_page: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Briefing archive".to_string(),
            description: None,
            language: "en".to_string(),
            base_url: None,
            theme: "default".to_string(),
            allow_raw_html: false,
            per_page: 100,
        }
    }
}

impl Config {
    /// Reads `site.yaml` under `root`; a missing file gives the defaults.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join("site.yaml");
        match std::fs::read(&path) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes).map_err(|_| {
                    Diagnostic::error("not-utf8", "site.yaml is not UTF-8 text")
                        .in_file("site.yaml")
                        .help("save the file as UTF-8")
                })?;
                Config::parse(&text)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(
                Diagnostic::error("io", format!("cannot read site.yaml: {e}")).in_file("site.yaml"),
            ),
        }
    }

    /// Parses the text of a `site.yaml`.
    pub fn parse(text: &str) -> Result<Config, Diagnostic> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Ok(Config::default());
        }
        let source: Arc<String> = Arc::new(text.to_string());
        let config: Config = serde_yaml::from_str(text).map_err(|e| {
            let offset = e.location().map_or(0, |l| l.index());
            let msg = e.to_string();
            let mut d = Diagnostic::error(
                "site-config",
                format!("site.yaml: {}", strip_location(&msg)),
            )
            .at("site.yaml", &source, offset..offset + 1);
            if let Some(key) = msg
                .strip_prefix("unknown field `")
                .and_then(|r| r.split('`').next())
            {
                d = d.maybe_help(
                    did_you_mean(key, SITE_KEYS.iter().copied())
                        .map(|k| format!("did you mean `{k}`?")),
                );
                if d.help.is_none() {
                    d = d.help(format!("site.yaml accepts: {}", SITE_KEYS.join(", ")));
                }
            }
            d
        })?;
        let at = |key: &'static str| {
            crate::content::front_matter::locate_in(text, 0..text.len(), &[Seg::Key(key)])
        };
        if config.per_page == 0 {
            return Err(
                Diagnostic::error("site-config", "site.yaml: per_page must be at least 1")
                    .at("site.yaml", &source, at("per_page"))
                    .help(
                        "write how many entries each page of a long list shows, e.g. per_page: 100",
                    ),
            );
        }
        if let Some(url) = &config.base_url {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(Diagnostic::error(
                    "site-config",
                    format!("site.yaml: base_url `{url}` is not an absolute web address"),
                )
                .at("site.yaml", &source, at("base_url"))
                .help("write it in full, e.g. https://example.org/archive/"));
            }
        }
        Ok(config)
    }
}

/// serde_yaml appends " at line X column Y"; the diagnostic shows that itself.
fn strip_location(msg: &str) -> &str {
    msg.find(" at line ").map_or(msg, |i| &msg[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply_to_missing_keys() {
        let c = Config::parse("title: X\n").unwrap();
        assert_eq!(c.title, "X");
        assert_eq!(c.theme, "default");
        assert_eq!(c.language, "en");
    }

    #[test]
    fn bad_values_are_located() {
        let e = Config::parse("title: X\nbase_url: example.org\n").unwrap_err();
        assert_eq!(e.span.as_ref().unwrap().line, 2);
        let e = Config::parse("per_page: 0\n").unwrap_err();
        assert_eq!(e.span.as_ref().unwrap().line, 1);
    }

    #[test]
    fn unknown_keys_are_errors_with_a_hint() {
        let e = Config::parse("title: X\nthem: dark\n").unwrap_err();
        assert_eq!(e.span.as_ref().unwrap().line, 2);
        assert_eq!(e.help.as_deref(), Some("did you mean `theme`?"));
    }
}
