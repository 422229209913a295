//! Writes a synthetic briefing archive in girok's content format, for
//! measuring builds on archives far larger than the example one:
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --briefings 10000 --out /dev/shm/corpus
//! cargo run --release -- build --root /dev/shm/corpus --output /dev/shm/corpus-site
//! ```
//!
//! By default an archive of N briefings has N/10 waves, N/20 actors (at
//! least 10) and N/2 sources; `--waves`, `--actors` and `--sources` override
//! them. Briefings run to about `--words` words of Markdown (headings,
//! lists, tables, fenced code, quotes, footnotes, some Korean), cite 2-6
//! sources with `[@slug]`, link to other briefings, waves, actors and sources
//! with relative `.md` links, and record 1-3 figures and 1-2 statements
//! (more only when the overrides ask for more waves, actors or sources than
//! that many briefings can refer to).
//!
//! Every reference resolves, every listed source is cited, every source is
//! cited somewhere, every actor has a statement and every wave a figure, so
//! the archive builds with no errors and no warnings. The output depends only
//! on the arguments: the same arguments give byte-identical files.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{Datelike, NaiveDate, TimeDelta};
use clap::Parser;
use rayon::prelude::*;

#[derive(Parser, Debug)]
#[command(about = "Write a synthetic briefing archive in girok's content format")]
struct Args {
    /// Number of briefings.
    #[arg(long, default_value_t = 10_000)]
    briefings: usize,
    /// Folder to write the archive into (site.yaml and content/).
    #[arg(long)]
    out: PathBuf,
    /// Number of waves (default: briefings / 10, at least 1).
    #[arg(long)]
    waves: Option<usize>,
    /// Number of actors (default: briefings / 20, at least 10).
    #[arg(long)]
    actors: Option<usize>,
    /// Number of sources (default: briefings / 2, at least 2).
    #[arg(long)]
    sources: Option<usize>,
    /// Average length of a briefing's body, in words.
    #[arg(long, default_value_t = 800)]
    words: usize,
    /// Seed of the generator: the same seed and sizes give the same files.
    #[arg(long, default_value_t = 20_231_009)]
    seed: u64,
    /// Write into a folder that is not empty, replacing its content/ and
    /// site.yaml (other files there are left alone).
    #[arg(long)]
    force: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_corpus: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    let sizes = Sizes::from_args(args)?;
    prepare_out(&args.out, args.force)?;
    let model = Model::generate(args.seed, &sizes, args.words)?;
    let words = model.write(&args.out)?;
    eprintln!(
        "gen_corpus: {} briefings (about {} words each), {} waves, {} actors, {} sources -> {}",
        model.briefings.len(),
        words / model.briefings.len().max(1),
        model.waves.len(),
        model.actors.len(),
        model.sources.len(),
        args.out.display()
    );
    Ok(())
}

struct Sizes {
    briefings: usize,
    waves: usize,
    actors: usize,
    sources: usize,
}

impl Sizes {
    fn from_args(a: &Args) -> Result<Sizes, String> {
        let n = a.briefings;
        if n == 0 {
            return Err("--briefings must be at least 1".into());
        }
        let s = Sizes {
            briefings: n,
            waves: a.waves.unwrap_or((n / 10).max(1)),
            actors: a.actors.unwrap_or((n / 20).max(10)),
            sources: a.sources.unwrap_or((n / 2).max(2)),
        };
        for (flag, v) in [
            ("--waves", s.waves),
            ("--actors", s.actors),
            ("--sources", s.sources),
        ] {
            if v == 0 {
                return Err(format!("{flag} must be at least 1"));
            }
        }
        if a.words < 50 {
            return Err("--words must be at least 50".into());
        }
        Ok(s)
    }
}

/// Refuses a non-empty folder unless `force`; with `force`, removes what a
/// previous run wrote there.
fn prepare_out(out: &Path, force: bool) -> Result<(), String> {
    match fs::read_dir(out) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                if !force {
                    return Err(format!(
                        "{} is not empty; choose an empty folder, or pass --force to replace its content/ and site.yaml",
                        out.display()
                    ));
                }
                let content = out.join("content");
                if content.exists() {
                    fs::remove_dir_all(&content)
                        .map_err(|e| format!("cannot remove {}: {e}", content.display()))?;
                }
                let site = out.join("site.yaml");
                if site.exists() {
                    fs::remove_file(&site)
                        .map_err(|e| format!("cannot remove {}: {e}", site.display()))?;
                }
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))
        }
        Err(e) => Err(format!("cannot read {}: {e}", out.display())),
    }
}

// ------------------------------------------------------------------ random

/// SplitMix64: small, fast and fully determined by its seed.
struct Rng(u64);

impl Rng {
    /// An independent stream for one entity, so that an entry's text does
    /// not depend on the order in which entries are generated.
    fn stream(seed: u64, kind: u64, index: usize) -> Rng {
        let mut r = Rng(seed
            ^ kind.wrapping_mul(0xD1B5_4A32_D192_ED03)
            ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    /// One of a list of words.
    fn word(&mut self, xs: &[&'static str]) -> &'static str {
        xs[self.below(xs.len())]
    }

    /// `k` distinct indices below `n`, in random order.
    fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        let k = k.min(n);
        for i in 0..k {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k);
        all
    }

    /// Adds distinct random indices below `total` to `list` until it holds
    /// `want` of them (or every index).
    fn fill_distinct(&mut self, list: &mut Vec<usize>, total: usize, want: usize) {
        let want = want.min(total);
        let mut tries = 0;
        while list.len() < want && tries < 200 {
            let x = self.below(total);
            if !list.contains(&x) {
                list.push(x);
            }
            tries += 1;
        }
    }
}

const S_WAVE: u64 = 1;
const S_ACTOR: u64 = 2;
const S_SOURCE: u64 = 3;
const S_PLAN: u64 = 4;
const S_BODY: u64 = 5;
const S_SOURCE_DATE: u64 = 6;

// -------------------------------------------------------------- vocabulary

/// Chinese border places: English, Korean, province.
const PLACES: &[(&str, &str, &str)] = &[
    ("Dandong", "단둥", "Liaoning"),
    ("Hunchun", "훈춘", "Jilin"),
    ("Tumen", "투먼", "Jilin"),
    ("Nanping", "난핑", "Jilin"),
    ("Changbai", "창바이", "Jilin"),
    ("Yanji", "옌지", "Jilin"),
    ("Helong", "허룽", "Jilin"),
    ("Longjing", "룽징", "Jilin"),
    ("Baishan", "바이산", "Jilin"),
    ("Ji'an", "지안", "Jilin"),
    ("Shenyang", "선양", "Liaoning"),
    ("Changchun", "창춘", "Jilin"),
];
const NK_PLACES: &[(&str, &str)] = &[
    ("Sinuiju", "신의주"),
    ("Hyesan", "혜산"),
    ("Onsong", "온성"),
    ("Musan", "무산"),
    ("Namyang", "남양"),
    ("Hoeryong", "회령"),
    ("Manpo", "만포"),
    ("Chongjin", "청진"),
];
use girok::render::views::MONTHS;
const SURNAMES: &[(&str, &str)] = &[
    ("Kim", "김"),
    ("Lee", "이"),
    ("Park", "박"),
    ("Choi", "최"),
    ("Jung", "정"),
    ("Kang", "강"),
    ("Cho", "조"),
    ("Yoon", "윤"),
    ("Jang", "장"),
    ("Lim", "임"),
    ("Han", "한"),
    ("Shin", "신"),
    ("Seo", "서"),
    ("Kwon", "권"),
    ("Hwang", "황"),
    ("Ahn", "안"),
    ("Song", "송"),
    ("Ryu", "류"),
    ("Hong", "홍"),
    ("Jeon", "전"),
];
const GIVEN: &[(&str, &str)] = &[
    ("Ji-hoon", "지훈"),
    ("Seo-yeon", "서연"),
    ("Min-jun", "민준"),
    ("Eun-ji", "은지"),
    ("Young-hwan", "영환"),
    ("Hye-jin", "혜진"),
    ("Sung-min", "성민"),
    ("Ha-eun", "하은"),
    ("Jung-ah", "정아"),
    ("Dong-hyun", "동현"),
    ("Soo-ah", "수아"),
    ("Tae-yang", "태양"),
    ("Mi-rae", "미래"),
    ("Kyung-ho", "경호"),
    ("Yoon-seo", "윤서"),
    ("Jae-won", "재원"),
];
/// Countries with a government actor: code, name, Korean name, short name.
const COUNTRIES: &[(&str, &str, &str, &str)] = &[
    ("CN", "China", "중국", "PRC"),
    ("KP", "North Korea", "북한", "DPRK"),
    ("KR", "South Korea", "한국", "ROK"),
    ("US", "the United States", "미국", "USA"),
    ("JP", "Japan", "일본", "Japan"),
    ("GB", "the United Kingdom", "영국", "UK"),
    ("DE", "Germany", "독일", "Germany"),
    ("CH", "Switzerland", "스위스", "Switzerland"),
    ("CA", "Canada", "캐나다", "Canada"),
    ("AU", "Australia", "호주", "Australia"),
    ("MN", "Mongolia", "몽골", "Mongolia"),
    ("RU", "Russia", "러시아", "Russia"),
];
/// Ministries: name, abbreviation, Korean name.
const MINISTRIES: &[(&str, &str, &str)] = &[
    ("Ministry of Foreign Affairs", "MOFA", "외교부"),
    ("Ministry of Public Security", "MPS", "공안부"),
    ("Ministry of Unification", "MOU", "통일부"),
    ("Ministry of State Security", "MSS", "국가보위성"),
    (
        "National Immigration Administration",
        "NIA",
        "국가이민관리국",
    ),
    ("Ministry of Justice", "MOJ", "법무부"),
    ("National Intelligence Service", "NIS", "국가정보원"),
    ("Department of Border Control", "DBC", "국경관리국"),
];
const UN_BODIES: &[(&str, &str, &str)] = &[
    (
        "UN Special Rapporteur on human rights in the DPRK",
        "Special Rapporteur",
        "유엔 북한인권특별보고관",
    ),
    ("UNHCR", "UN Refugee Agency", "유엔난민기구"),
    (
        "OHCHR Seoul Office",
        "UN Human Rights Office in Seoul",
        "유엔인권사무소",
    ),
    ("UN Committee against Torture", "CAT", "유엔 고문방지위원회"),
    ("UN Human Rights Council", "HRC", "유엔 인권이사회"),
    (
        "UN Committee on the Elimination of Discrimination against Women",
        "CEDAW Committee",
        "유엔 여성차별철폐위원회",
    ),
    (
        "UN Working Group on Arbitrary Detention",
        "WGAD",
        "유엔 자의적구금실무그룹",
    ),
];
const ORG_TOPICS: &[&str] = &[
    "North Korean Human Rights",
    "Refugee Protection",
    "Border Monitoring",
    "Transitional Justice",
    "Family Reunification",
    "Asylum Rights",
    "Detention Monitoring",
    "Non-Refoulement",
    "Defector Support",
    "Women's Rights",
];
const ORG_WORDS: &[&str] = &[
    "Alliance",
    "Network",
    "Committee",
    "Centre",
    "Coalition",
    "Institute",
    "Council",
    "Watch",
    "Initiative",
    "Foundation",
];
const KO_ORGS: &[&str] = &[
    "북한인권시민연합",
    "전환기정의워킹그룹",
    "북한민주화네트워크",
    "탈북민지원센터",
    "국경인권감시단",
    "북한이탈주민연대",
];
/// Media: name, slug, Korean name.
const MEDIA: &[(&str, &str, &str)] = &[
    ("Korea JoongAng Daily", "joongang", "코리아중앙데일리"),
    ("Voice of America", "voa", "미국의소리"),
    ("Yonhap News Agency", "yonhap", "연합뉴스"),
    ("NK News", "nknews", "NK뉴스"),
    ("Daily NK", "dailynk", "데일리NK"),
    ("Radio Free Asia", "rfa", "자유아시아방송"),
    ("The Korea Herald", "koreaherald", "코리아헤럴드"),
    ("The Korea Times", "koreatimes", "코리아타임스"),
    ("Chosun Ilbo", "chosun", "조선일보"),
    ("Hankyoreh", "hankyoreh", "한겨레"),
    ("Reuters", "reuters", "로이터"),
    ("Associated Press", "ap", "AP통신"),
    ("Kyodo News", "kyodo", "교도통신"),
    ("BBC Korean", "bbc-korean", "BBC 코리아"),
];
const OTHER_ACTORS: &[&str] = &[
    "Families of Detainees Association",
    "Yanbian church network",
    "Joint Border Liaison Office",
    "Broker network in Shenyang",
    "Seoul Bar Association Human Rights Committee",
];
/// Source publishers by source kind: name, slug.
const STATEMENT_PUBLISHERS: &[(&str, &str)] = &[
    ("Ministry of Unification", "mou"),
    ("Ministry of Foreign Affairs of the PRC", "fmprc"),
    ("Human Rights Watch", "hrw"),
    ("Amnesty International", "amnesty"),
    ("OHCHR", "ohchr"),
    ("U.S. Department of State", "state-dept"),
    ("UNHCR", "unhcr"),
    ("국회 외교통일위원회", "assembly"),
];
const REPORT_PUBLISHERS: &[(&str, &str)] = &[
    ("Human Rights Watch", "hrw"),
    ("Transitional Justice Working Group", "tjwg"),
    ("Database Center for North Korean Human Rights", "nkdb"),
    ("Korea Institute for National Unification", "kinu"),
    ("Citizens' Alliance for North Korean Human Rights", "nkhr"),
    ("통일연구원", "kinu-ko"),
];
const TESTIMONY_PUBLISHERS: &[(&str, &str)] = &[
    ("Research desk interview archive", "interviews"),
    ("National Assembly hearing record", "hearing"),
    ("Border Monitoring Network", "bmn"),
];
const DATASET_PUBLISHERS: &[(&str, &str)] = &[
    ("Ministry of Unification statistics", "mou-stats"),
    ("Border Monitoring Network", "bmn"),
    ("UNHCR Refugee Data Finder", "unhcr-data"),
];
const OTHER_PUBLISHERS: &[(&str, &str)] = &[
    ("Seminar transcript", "seminar"),
    ("Court record", "court"),
    ("Church newsletter", "newsletter"),
];
const FIG_LABELS: &[&str] = &[
    "repatriated",
    "detained",
    "held at the border",
    "deported by train",
    "women among those returned",
    "children among those returned",
    "awaiting transfer",
    "arrested in raids",
    "강제북송",
];
const STATUSES: &[&str] = &["confirmed", "reported", "estimated", "disputed"];
const STANCES: &[&str] = &[
    "denies",
    "confirms",
    "condemns",
    "urges a halt",
    "verifying",
    "declines to comment",
    "reports",
    "alleges",
    "calls for access",
];
const QUOTES: &[&str] = &[
    "There are no so-called defectors in China, only people who entered the country illegally.",
    "We urge all states to respect the principle of non-refoulement without exception.",
    "Those returned face a serious risk of torture, forced labour and sexual violence.",
    "The government will continue to handle illegal border crossings in accordance with the law.",
    "We are deeply concerned by credible reports of a large-scale forced return.",
    "Every person has the right to seek asylum, and that right does not depend on nationality.",
    "The ministry is verifying the reports and has raised the matter through diplomatic channels.",
    "We have no information about the case and cannot comment on it.",
    "Families told us that their relatives were taken from the detention centre at night.",
    "The international community must not stay silent while people are sent back to face punishment.",
    "강제북송을 즉각 중단할 것을 촉구한다.",
    "정부는 관련 보도를 확인하고 있으며 중국 측에 우려를 전달했다.",
    "탈북민은 난민으로 보호받아야 한다.",
];
const SENTENCES: &[&str] = &[
    "Witnesses in {place} described buses leaving the detention centre before dawn, escorted by border police.",
    "According to {publisher}, at least {num} people were held in facilities near {place} in the weeks before the transfer.",
    "{actor} has repeatedly said that people crossing the border are economic migrants rather than refugees.",
    "Families in Seoul learned of the returns only after relatives stopped answering messages sent from {place}.",
    "Researchers cross-checked the account with satellite imagery of the crossing at {place} and with two separate interviews.",
    "The principle of non-refoulement forbids returning anyone to a country where they face torture or other serious harm.",
    "Several of those returned had lived in {province} for more than a decade and had children born there.",
    "Local officials in {place} declined to comment when asked about the number of detainees.",
    "{actor} called on the authorities to halt all forced returns and to give the UN refugee agency access.",
    "The figures reported so far differ widely, and none has been confirmed by an official source.",
    "Reports from {place} suggest that women made up most of those held, many of whom had been trafficked.",
    "Once back across the river in {nkplace}, returnees are usually questioned by the Ministry of State Security.",
    "A former detainee interviewed in {year} said that interrogations focused on contacts with churches and South Koreans.",
    "The transfer coincided with the reopening of the border after the long pandemic closure.",
    "Human-rights groups have documented similar transfers through {place} in earlier years.",
    "It remains unclear whether any of those detained had asked for protection before being returned.",
    "The timing, shortly after a major international event, drew criticism from diplomats in Geneva.",
    "Border guards reportedly increased patrols along the Tumen and Yalu rivers during the same period.",
    "This archive records each figure with its source so that readers can weigh conflicting claims themselves.",
    "{publisher} reported the account on {when}, citing a person with knowledge of the detention centre.",
    "Relatives said that the group included at least {small} teenagers and an elderly woman from {nkplace}.",
    "The trucks were seen crossing the bridge between {place} and {nkplace} late in the evening.",
    "No government has published a list of names, and the number of people returned may never be known exactly.",
    "{actor} said in {month} {year} that it had raised the matter in bilateral talks.",
    "Analysts note that the detention centre in {place} can hold several hundred people at a time.",
    "Some of the detainees had been arrested during raids on safe houses in {province} earlier that year.",
    "A broker who helped people leave {place} said that prices for the journey had tripled since the crackdown.",
    "The account could not be verified independently, and it is recorded here as reported.",
    "Telephone calls from {place} became rare after new surveillance cameras were installed along the river.",
    "{actor} did not respond to written questions sent on {when}.",
    "Lawyers in Seoul argue that anyone from the North is a citizen of the South under its constitution.",
    "At least {small} of those held were said to be pregnant, according to a church worker in {place}.",
    "The detention centre near {place} was expanded in {year}, according to commercial satellite images.",
    "People returned through {nkplace} are reportedly held in a provincial security facility for weeks.",
    "Diplomats described the issue as one of the hardest to raise with Beijing.",
    "An earlier group of about {num} people had been moved from {place} in {month}, according to the same source.",
    "The count includes only people seen at the crossing and leaves out those moved by rail.",
    "Survivors describe beatings, forced labour and a lack of food during pre-trial detention in {nkplace}.",
];
const KO_SENTENCES: &[&str] = &[
    "{kplace}의 구금시설에 수용돼 있던 탈북민들이 새벽에 버스로 옮겨졌다는 증언이 나왔다.",
    "정부는 관련 보도를 확인 중이라고 밝혔지만 구체적인 숫자는 공개하지 않았다.",
    "인권단체들은 강제북송이 국제법상 강제송환금지 원칙에 어긋난다고 지적했다.",
    "가족들은 연락이 끊긴 뒤에야 송환 사실을 알게 됐다고 말했다.",
    "송환된 사람들 가운데 상당수는 여성이었던 것으로 알려졌다.",
    "{nkplace} 보위부 구류장에서 조사를 받은 뒤 교화소로 보내질 가능성이 크다.",
    "이번 송환은 국경이 다시 열린 직후에 이뤄졌다.",
    "중국 외교부는 이른바 탈북자는 존재하지 않는다는 기존 입장을 되풀이했다.",
    "현지 소식통은 약 {num}명이 한꺼번에 넘겨졌다고 전했다.",
    "유엔 특별보고관은 중국 정부에 송환 중단을 요구했다.",
    "기록된 모든 수치는 출처와 함께 보관된다.",
];
const LIST_ITEMS: &[&str] = &[
    "Detained at the {place} border station",
    "Transferred by train towards {nkplace}",
    "Held for about {small} weeks before the transfer",
    "Questioned about contacts abroad",
    "Denied access to consular officials",
    "Separated from children born in {province}",
    "Released to family members after {small} months",
    "Moved from {place} to a larger facility",
    "Sent back across the river at {nkplace}",
    "Named in a list shared by relatives in Seoul",
    "{kplace} 구금시설에서 {small}주 동안 조사",
];
const HEADINGS: &[&str] = &[
    "Background",
    "What happened in {place}",
    "Who was returned",
    "Figures reported",
    "Statements",
    "Context",
    "What remains unknown",
    "Sources and method",
    "배경",
    "{kplace}에서 일어난 일",
    "Reactions",
    "Timeline",
    "The route through {nkplace}",
    "Conditions in detention",
    "송환 이후",
];
const TAGS: &[&str] = &[
    "non-refoulement",
    "detention",
    "border",
    "asylum",
    "women",
    "children",
    "trafficking",
    "diplomacy",
    "un-review",
    "mass-return",
];
const DESK_AUTHORS: &[&str] = &["Research desk", "Border monitoring team", "기록팀"];

fn slugify(s: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

/// A heading's anchor as the content format defines it.
fn anchor(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

// ------------------------------------------------------------------- model

struct Wave {
    slug: String,
    place: usize,
    title: String,
    date: NaiveDate,
    end: NaiveDate,
    locations: Vec<String>,
    summary: String,
    body: String,
}

struct Actor {
    slug: String,
    name: String,
    kind: &'static str,
    country: Option<&'static str>,
    aliases: Vec<String>,
    member_of: Option<usize>,
    summary: String,
}

struct Source {
    slug: String,
    title: String,
    publisher: &'static str,
    publisher_slug: &'static str,
    kind: &'static str,
    date: NaiveDate,
    authors: Vec<String>,
    archived: bool,
    accessed: Option<NaiveDate>,
    language: &'static str,
    annotation: String,
}

struct Figure {
    label: &'static str,
    value: Option<u32>,
    min: Option<u32>,
    max: Option<u32>,
    approx: bool,
    wave: Option<usize>,
    source: usize,
    attributed_to: Option<usize>,
    status: &'static str,
    as_of: Option<NaiveDate>,
    note: Option<String>,
}

struct Statement {
    actor: usize,
    date: NaiveDate,
    quote: &'static str,
    source: usize,
    wave: Option<usize>,
    stance: Option<&'static str>,
}

struct Briefing {
    slug: String,
    title: String,
    date: NaiveDate,
    updated: Option<NaiveDate>,
    summary: String,
    authors: Vec<String>,
    waves: Vec<usize>,
    actors: Vec<usize>,
    sources: Vec<usize>,
    tags: Vec<&'static str>,
    figures: Vec<Figure>,
    statements: Vec<Statement>,
    place: usize,
    num: u32,
    headings: Vec<String>,
}

struct Model {
    seed: u64,
    words: usize,
    waves: Vec<Wave>,
    actors: Vec<Actor>,
    sources: Vec<Source>,
    briefings: Vec<Briefing>,
}

/// The indices `i`, `i + n`, `i + 2n`, ... below `total`: what the `i`-th of
/// `n` briefings must refer to so that every entity is referred to.
fn owed(i: usize, n: usize, total: usize) -> Vec<usize> {
    (i..total).step_by(n.max(1)).collect()
}

fn days(n: usize) -> TimeDelta {
    TimeDelta::days(n as i64)
}

impl Model {
    fn generate(seed: u64, sizes: &Sizes, words: usize) -> Result<Model, String> {
        let epoch = NaiveDate::from_ymd_opt(2012, 1, 1).ok_or("bad epoch date")?;
        // Waves start between 2012 and mid-2025.
        let span = 13 * 365 + 180;
        let waves: Vec<Wave> = (0..sizes.waves)
            .map(|i| gen_wave(seed, i, epoch, span))
            .collect();
        let actors = gen_actors(seed, sizes.actors);
        let mut sources: Vec<Source> = (0..sizes.sources)
            .map(|i| gen_source(seed, i, epoch))
            .collect();
        let briefings: Vec<Briefing> = (0..sizes.briefings)
            .map(|i| plan_briefing(seed, i, sizes, &waves, &actors))
            .collect();

        // A source is dated a few days before the first briefing citing it.
        let mut first_use: Vec<Option<NaiveDate>> = vec![None; sources.len()];
        for b in &briefings {
            for &s in &b.sources {
                let d = &mut first_use[s];
                if d.is_none_or(|d| b.date < d) {
                    *d = Some(b.date);
                }
            }
        }
        for (i, s) in sources.iter_mut().enumerate() {
            let mut rng = Rng::stream(seed, S_SOURCE_DATE, i);
            s.date = match first_use[i] {
                Some(d) => d - days(rng.below(10)),
                None => epoch + days(rng.below(span)),
            };
            if rng.chance(60) {
                s.accessed = Some(s.date + days(rng.range(1, 40)));
            }
            s.slug = format!("{}-{}-{:05}", s.publisher_slug, s.date, i + 1);
        }
        Ok(Model {
            seed,
            words,
            waves,
            actors,
            sources,
            briefings,
        })
    }
}

fn fill(tpl: &str, rng: &mut Rng, place: usize, num: u32, year: i32, month: u32) -> String {
    let (p, kp, province) = PLACES[place];
    let mut s = tpl.to_string();
    if s.contains("{place}") {
        s = s.replace("{place}", p);
    }
    if s.contains("{kplace}") {
        s = s.replace("{kplace}", kp);
    }
    if s.contains("{province}") {
        s = s.replace("{province}", province);
    }
    if s.contains("{nkplace}") {
        let (nk, nk_ko) = *rng.pick(NK_PLACES);
        let has_hangul = s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c));
        s = s.replace("{nkplace}", if has_hangul { nk_ko } else { nk });
    }
    if s.contains("{num}") {
        s = s.replace("{num}", &num.to_string());
    }
    if s.contains("{small}") {
        s = s.replace("{small}", &rng.range(2, 12).to_string());
    }
    if s.contains("{year}") {
        s = s.replace("{year}", &year.to_string());
    }
    if s.contains("{month}") {
        s = s.replace("{month}", MONTHS[(month as usize + 11) % 12]);
    }
    if s.contains("{when}") {
        let when = format!(
            "{} {} {year}",
            rng.range(1, 28),
            MONTHS[(month as usize + 11) % 12]
        );
        s = s.replace("{when}", &when);
    }
    if s.contains("{publisher}") {
        s = s.replace("{publisher}", rng.pick(MEDIA).0);
    }
    s
}

fn gen_wave(seed: u64, i: usize, epoch: NaiveDate, span: usize) -> Wave {
    let mut rng = Rng::stream(seed, S_WAVE, i);
    let date = epoch + days(rng.below(span));
    let place = rng.below(PLACES.len());
    let (p, kp, province) = PLACES[place];
    let end = date + days(rng.below(15));
    let mut locs: Vec<usize> = vec![place];
    let want = rng.range(1, 4);
    rng.fill_distinct(&mut locs, PLACES.len(), want);
    locs.sort_unstable();
    let mut locations: Vec<String> = locs.iter().map(|&l| PLACES[l].0.to_string()).collect();
    if rng.chance(30) {
        locations.push(format!("{province} Province"));
    }
    let month = MONTHS[date.month0() as usize];
    let title = if i.is_multiple_of(6) {
        format!("{kp} 강제북송 ({}년 {}월)", date.year(), date.month())
    } else {
        match rng.below(3) {
            0 => format!("Forced returns through {p}, {month} {}", date.year()),
            1 => format!("Mass return from {p} in {month} {}", date.year()),
            _ => format!(
                "Transfer of detainees held near {p} ({month} {})",
                date.year()
            ),
        }
    };
    let (nk, _) = *rng.pick(NK_PLACES);
    let summary = format!(
        "Reported transfer of detained North Koreans from {p} towards {nk} beginning {} {month} {}.",
        date.day(),
        date.year()
    );
    let mut body = String::new();
    if rng.chance(35) {
        body.push_str("## What happened\n\n");
        for _ in 0..rng.range(2, 4) {
            let t = rng.pick(SENTENCES);
            let num = rng.range(20, 600) as u32;
            body.push_str(&fill(t, &mut rng, place, num, date.year(), date.month()));
            body.push(' ');
        }
        body.pop();
        body.push_str("\n\n## 송환 경위\n\n");
        let t = rng.pick(KO_SENTENCES);
        body.push_str(&fill(t, &mut rng, place, 100, date.year(), date.month()));
        body.push('\n');
    }
    Wave {
        slug: format!("{}-{}-{:04}", date.format("%Y-%m"), slugify(p), i + 1),
        place,
        title,
        date,
        end,
        locations,
        summary,
        body,
    }
}

fn person(rng: &mut Rng) -> (String, String) {
    let (s, sk) = *rng.pick(SURNAMES);
    let (g, gk) = *rng.pick(GIVEN);
    (format!("{s} {g}"), format!("{sk}{gk}"))
}

fn acronym(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(char::is_ascii_uppercase)
        .collect()
}

fn gen_actors(seed: u64, n: usize) -> Vec<Actor> {
    // The first few actors are governments; the rest cycle through the
    // other kinds, and may belong to an actor listed before them.
    const CYCLE: &[&str] = &[
        "ministry", "ngo", "person", "media", "ngo", "person", "un", "ministry", "other", "person",
    ];
    let n_gov = (n / 12).clamp(1, COUNTRIES.len());
    let mut actors: Vec<Actor> = Vec::with_capacity(n);
    // Ministries and NGOs so far: persons may work for one of them.
    let mut employers: Vec<usize> = Vec::new();
    for i in 0..n {
        let mut rng = Rng::stream(seed, S_ACTOR, i);
        let kind = if i < n_gov {
            "government"
        } else {
            CYCLE[(i - n_gov) % CYCLE.len()]
        };
        let mut aliases = Vec::new();
        let mut member_of = None;
        let mut slug_name = None;
        let (name, country) = match kind {
            "government" => {
                let (code, name, ko, short) = COUNTRIES[i];
                aliases.push(name.trim_start_matches("the ").to_string());
                if short != name {
                    aliases.push(short.to_string());
                }
                aliases.push(format!("{ko} 정부"));
                (format!("Government of {name}"), Some(code))
            }
            "ministry" => {
                let gov = rng.below(n_gov);
                let (code, cname, cko, _) = COUNTRIES[gov];
                let (m, abbr, mko) = *rng.pick(MINISTRIES);
                aliases.push(abbr.to_string());
                aliases.push(format!("{cko} {mko}"));
                member_of = Some(gov);
                let cname = cname.trim_start_matches("the ");
                (format!("{m} ({cname})"), Some(code))
            }
            "un" => {
                let (name, alias, ko) = *rng.pick(UN_BODIES);
                aliases.push(alias.to_string());
                aliases.push(ko.to_string());
                (name.to_string(), None)
            }
            "ngo" => {
                let name = if rng.chance(30) {
                    format!(
                        "{} {} {}",
                        PLACES[rng.below(PLACES.len())].0,
                        rng.pick(ORG_TOPICS),
                        rng.pick(ORG_WORDS)
                    )
                } else {
                    format!("{} {}", rng.pick(ORG_TOPICS), rng.pick(ORG_WORDS))
                };
                aliases.push(acronym(&name));
                if rng.chance(40) {
                    aliases.push(rng.pick(KO_ORGS).to_string());
                }
                (name, Some(*rng.pick(&["KR", "US", "GB", "CH", "JP"])))
            }
            "media" => {
                let (name, _, ko) = *rng.pick(MEDIA);
                aliases.push(ko.to_string());
                (name.to_string(), Some(*rng.pick(&["KR", "US", "JP", "GB"])))
            }
            "person" => {
                let (roman, hangul) = person(&mut rng);
                if !employers.is_empty() && rng.chance(50) {
                    member_of = Some(*rng.pick(&employers));
                }
                slug_name = Some(slugify(&roman));
                if i % 5 == 0 {
                    aliases.push(roman);
                    (hangul, Some("KR"))
                } else {
                    aliases.push(hangul);
                    (roman, Some(*rng.pick(&["KR", "KP", "US"])))
                }
            }
            _ => (rng.pick(OTHER_ACTORS).to_string(), None),
        };
        aliases.retain(|a| !a.is_empty() && *a != name);
        aliases.dedup();
        let summary = match kind {
            "person" => format!(
                "{name} has spoken publicly about forced returns and is quoted in several briefings."
            ),
            "government" | "ministry" => format!(
                "{name}. Its statements on detained North Koreans are recorded with their sources."
            ),
            _ => format!("{name} is tracked in this archive as a {kind} actor."),
        };
        let slug_name = slug_name.unwrap_or_else(|| slugify(&name));
        let slug = format!("{slug_name}-{:04}", i + 1);
        if matches!(kind, "ministry" | "ngo") {
            employers.push(i);
        }
        actors.push(Actor {
            slug,
            name,
            kind,
            country,
            aliases,
            member_of,
            summary,
        });
    }
    actors
}

fn gen_source(seed: u64, i: usize, epoch: NaiveDate) -> Source {
    let mut rng = Rng::stream(seed, S_SOURCE, i);
    let roll = rng.below(100);
    let (kind, (publisher, publisher_slug)) = match roll {
        0..=54 => {
            let (name, slug, _) = *rng.pick(MEDIA);
            ("news", (name, slug))
        }
        55..=69 => ("statement", *rng.pick(STATEMENT_PUBLISHERS)),
        70..=81 => ("report", *rng.pick(REPORT_PUBLISHERS)),
        82..=91 => ("testimony", *rng.pick(TESTIMONY_PUBLISHERS)),
        92..=95 => ("dataset", *rng.pick(DATASET_PUBLISHERS)),
        _ => ("other", *rng.pick(OTHER_PUBLISHERS)),
    };
    let place = rng.below(PLACES.len());
    let (p, kp, _) = PLACES[place];
    let korean = i.is_multiple_of(8) || publisher.chars().any(|c| c >= '\u{AC00}');
    let n = rng.range(10, 600);
    let title = if korean {
        match rng.below(3) {
            0 => format!("중국, 탈북민 {n}명 강제북송 의혹 — {kp}"),
            1 => format!("{kp} 구금시설 탈북민 대규모 송환"),
            _ => format!("정부 \"강제북송 사실 확인 중\"…{kp} 경유 {n}명"),
        }
    } else {
        match kind {
            "statement" => format!("Statement on the situation of North Korean escapees in {p}"),
            "report" => format!("Forced returns through {p}: findings from {n} interviews"),
            "testimony" => format!("Testimony of a former detainee held in {p}"),
            "dataset" => format!("Border detentions recorded near {p}, by month"),
            "other" => format!("Notes from a meeting on returns through {p}"),
            _ => match rng.below(4) {
                0 => format!("China may have returned hundreds to North Korea via {p}"),
                1 => format!("Detainees moved from {p} ahead of transfer, sources say"),
                2 => format!("Rights groups condemn forced returns through {p}"),
                _ => format!("About {n} North Koreans sent back from {p}, activists say"),
            },
        }
    };
    let authors = if matches!(kind, "statement" | "dataset") {
        Vec::new()
    } else {
        (0..rng.range(0, 2)).map(|_| person(&mut rng).0).collect()
    };
    let annotation = match rng.below(4) {
        0 => String::new(),
        1 => format!(
            "Cited for events around {p}; a {} account.",
            rng.pick(&["first-hand", "second-hand", "official", "partial"])
        ),
        2 => format!(
            "Cited for events around {p}. The figures it gives are attributed to unnamed sources.\n\n{}",
            {
                let t = rng.pick(KO_SENTENCES);
                fill(t, &mut rng, place, n as u32, 2023, 10)
            }
        ),
        _ => format!(
            "## Reading notes\n\nParagraph numbers in the briefings count from the first sentence. The piece mentions {p} {} times.",
            rng.range(2, 9)
        ),
    };
    Source {
        slug: String::new(),
        title,
        publisher,
        publisher_slug,
        kind,
        date: epoch,
        authors,
        archived: rng.chance(30),
        accessed: None,
        language: if korean { "ko" } else { "en" },
        annotation,
    }
}

fn plan_briefing(seed: u64, i: usize, sz: &Sizes, waves: &[Wave], actors: &[Actor]) -> Briefing {
    let mut rng = Rng::stream(seed, S_PLAN, i);
    let n = sz.briefings;

    // What this briefing must refer to, then random extras.
    let owed_waves = owed(i, n, sz.waves);
    let owed_actors = owed(i, n, sz.actors);
    let owed_sources = owed(i, n, sz.sources);

    let mut bw = owed_waves.clone();
    if bw.is_empty() {
        bw.push(rng.below(sz.waves));
    }
    let want = bw.len() + rng.range(0, 2);
    rng.fill_distinct(&mut bw, sz.waves, want);
    let mut ba = owed_actors.clone();
    let want = ba.len().max(rng.range(2, 5));
    rng.fill_distinct(&mut ba, sz.actors, want);
    let mut bs = owed_sources.clone();
    let want = bs.len().max(rng.range(2, 6));
    rng.fill_distinct(&mut bs, sz.sources, want);

    let primary = &waves[bw[0]];
    let date = primary.date + days(rng.below(46));
    let place = if rng.chance(80) {
        primary.place
    } else {
        rng.below(PLACES.len())
    };
    let (p, kp, _) = PLACES[place];
    let num = rng.range(20, 600) as u32;
    let month = MONTHS[date.month0() as usize];
    let title = if i % 7 == 3 {
        format!(
            "{kp} 탈북민 {num}명 북송 의혹 ({}년 {}월)",
            date.year(),
            date.month()
        )
    } else {
        match rng.below(5) {
            0 => format!("{p}: about {num} North Koreans reportedly returned"),
            1 => format!(
                "What we know about the {month} {} returns through {p}",
                date.year()
            ),
            2 => format!("Detention near {p} before the {month} transfers"),
            3 => format!("“No defectors here”: denials and figures from {p}"),
            _ => format!("Families in Seoul ask about relatives held in {p}"),
        }
    };

    let n_fig = owed_waves.len().max(rng.range(1, 3));
    let figures: Vec<Figure> = (0..n_fig)
        .map(|k| {
            let wave = match owed_waves.get(k) {
                Some(&w) => Some(w),
                None if rng.chance(90) => Some(*rng.pick(&bw)),
                None => None,
            };
            let (value, min, max) = match rng.below(10) {
                0..=5 => (Some(rng.range(10, 600) as u32), None, None),
                6..=7 => {
                    let lo = rng.range(10, 400) as u32;
                    (None, Some(lo), Some(lo + rng.range(0, 300) as u32))
                }
                8 => (None, None, Some(rng.range(10, 400) as u32)),
                _ => (None, Some(rng.range(10, 400) as u32), None),
            };
            Figure {
                label: rng.word(FIG_LABELS),
                value,
                min,
                max,
                approx: rng.chance(40),
                wave,
                source: *rng.pick(&bs),
                attributed_to: rng.chance(40).then(|| *rng.pick(&ba)),
                status: rng.word(STATUSES),
                as_of: rng.chance(30).then(|| date - days(rng.below(4))),
                note: rng.chance(20).then(|| {
                    format!(
                        "Counted at the crossing in {p}; people moved by rail are not included."
                    )
                }),
            }
        })
        .collect();
    let n_st = owed_actors.len().max(rng.range(1, 2));
    let statements: Vec<Statement> = (0..n_st)
        .map(|k| Statement {
            actor: match owed_actors.get(k) {
                Some(&a) => a,
                None => *rng.pick(&ba),
            },
            date: date - days(rng.below(5)),
            quote: rng.word(QUOTES),
            source: *rng.pick(&bs),
            wave: rng.chance(75).then(|| *rng.pick(&bw)),
            stance: rng.chance(80).then(|| *rng.pick(STANCES)),
        })
        .collect();
    // Every statement's actor is among the briefing's actors.
    for s in &statements {
        if !ba.contains(&s.actor) {
            ba.push(s.actor);
        }
    }

    let k = rng.range(4, 6);
    let mut heads = rng.sample(HEADINGS.len(), k);
    heads.sort_unstable();
    let headings = heads
        .iter()
        .map(|&h| fill(HEADINGS[h], &mut rng, place, num, date.year(), date.month()))
        .collect();
    let authors = if rng.chance(60) {
        vec![rng.pick(DESK_AUTHORS).to_string()]
    } else {
        (0..rng.range(1, 2)).map(|_| person(&mut rng).0).collect()
    };
    let k = rng.range(0, 3);
    let tags = rng
        .sample(TAGS.len(), k)
        .into_iter()
        .map(|t| TAGS[t])
        .collect();
    let summary = format!(
        "Reports that about {num} North Koreans held near {p} were sent back in {month} {}, \
         with {} recorded so far and what {} said about it. \
         Each count is kept with its source; none is averaged.",
        date.year(),
        match figures.len() {
            1 => "the one figure".to_string(),
            2 => "the two figures".to_string(),
            3 => "the three figures".to_string(),
            n => format!("the {n} figures"),
        },
        actors[statements[0].actor].name,
    );
    Briefing {
        slug: format!("{date}-{}-{:05}", slugify(p), i + 1),
        title,
        date,
        updated: rng.chance(15).then(|| date + days(rng.range(1, 20))),
        summary,
        authors,
        waves: bw,
        actors: ba,
        sources: bs,
        tags,
        figures,
        statements,
        place,
        num,
        headings,
    }
}

// ------------------------------------------------------------------ bodies

fn count_words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// What a body has cited so far, and what it writes with.
struct BodyWriter<'a> {
    m: &'a Model,
    b: &'a Briefing,
    rng: Rng,
    /// Sources are cited in turn until each has been cited once.
    next_cite: usize,
}

impl BodyWriter<'_> {
    /// A citation: the next source not yet cited, else (sometimes, or when
    /// `force`) a random one of the briefing's sources.
    fn cite(&mut self, force: bool) -> Option<String> {
        let b = self.b;
        let s = if self.next_cite < b.sources.len() {
            self.next_cite += 1;
            b.sources[self.next_cite - 1]
        } else if force || self.rng.chance(45) {
            *self.rng.pick(&b.sources)
        } else {
            return None;
        };
        let slug = &self.m.sources[s].slug;
        Some(match self.rng.below(10) {
            0..=5 => format!("[@{slug}]"),
            6 => format!("[@{slug}, p. {}]", self.rng.range(1, 30)),
            7 => format!("[@{slug}, para. {}]", self.rng.range(1, 15)),
            _ => {
                let other = &self.m.sources[*self.rng.pick(&b.sources)].slug;
                if other == slug {
                    format!("[@{slug}]")
                } else {
                    format!("[@{slug}; @{other}]")
                }
            }
        })
    }

    /// An actor of the briefing, sometimes as a link to its page.
    fn actor_ref(&mut self) -> String {
        let a = &self.m.actors[*self.rng.pick(&self.b.actors)];
        if self.rng.chance(30) {
            format!("[{}](../actors/{}.md)", a.name, a.slug)
        } else {
            a.name.clone()
        }
    }

    fn fill(&mut self, tpl: &str) -> String {
        let b = self.b;
        fill(
            tpl,
            &mut self.rng,
            b.place,
            b.num,
            b.date.year(),
            b.date.month(),
        )
    }

    /// A paragraph of 3-6 sentences, perhaps with a citation.
    fn paragraph(&mut self, korean: bool) -> String {
        let pool = if korean { KO_SENTENCES } else { SENTENCES };
        let k = self.rng.range(3, 6);
        let picks = self.rng.sample(pool.len(), k);
        let mut sents: Vec<String> = Vec::with_capacity(picks.len() + 1);
        for k in picks {
            let mut s = self.fill(pool[k]);
            if s.contains("{actor}") {
                let a = self.actor_ref();
                s = s.replace("{actor}", &a);
            }
            sents.push(s);
        }
        if let Some(c) = self.cite(false) {
            let k = self.rng.below(sents.len());
            let s = &mut sents[k];
            if s.ends_with('.') {
                s.pop();
                s.push_str(&format!(" {c}."));
            } else {
                s.push_str(&format!(" {c}"));
            }
        }
        sents.join(" ")
    }
}

/// Writes the body of briefing `i` and returns it with its word count.
fn briefing_body(m: &Model, i: usize) -> (String, usize) {
    let b = &m.briefings[i];
    let mut bw = BodyWriter {
        m,
        b,
        rng: Rng::stream(m.seed, S_BODY, i),
        next_cite: 0,
    };
    // The last paragraph overshoots the target by half a paragraph on average.
    let target = bw.rng.range(m.words * 3 / 4, m.words * 9 / 8);

    // The opening, before any heading, names the main wave.
    let w = &m.waves[b.waves[0]];
    let mut intro = bw.paragraph(false);
    intro.push_str(&format!(
        " This briefing covers [{}](../waves/{}.md).",
        w.title, w.slug
    ));
    let mut sections: Vec<(String, Vec<String>)> = b
        .headings
        .iter()
        .map(|h| (format!("## {h}"), Vec::new()))
        .collect();
    let ns = sections.len();
    for (k, (_, blocks)) in sections.iter_mut().enumerate() {
        let korean = k % 3 == 1 && bw.rng.chance(50);
        blocks.push(bw.paragraph(korean));
        if k == 0 {
            blocks.push(list_block(&mut bw));
        }
    }
    // Tables, code, quotes and links to other entries, in random sections.
    if bw.rng.chance(45) {
        let t = table_block(&mut bw);
        sections[bw.rng.below(ns)].1.push(t);
    }
    if bw.rng.chance(25) {
        let c = code_block(&mut bw);
        sections[bw.rng.below(ns)].1.push(c);
    }
    if bw.rng.chance(50) {
        let st = &b.statements[0];
        let a = &m.actors[st.actor];
        let quote = format!(
            "> {}\n>\n> — {}, {} {} {} [@{}]",
            st.quote,
            a.name,
            st.date.day(),
            MONTHS[st.date.month0() as usize],
            st.date.year(),
            m.sources[st.source].slug
        );
        sections[bw.rng.below(ns)].1.push(quote);
    }
    if m.briefings.len() > 1 {
        for _ in 0..bw.rng.range(1, 3) {
            let mut j = bw.rng.below(m.briefings.len());
            if j == i {
                j = (j + 1) % m.briefings.len();
            }
            let o = &m.briefings[j];
            let link = if bw.rng.chance(50) {
                let h = bw.rng.pick(&o.headings);
                format!(
                    "The earlier account is in [{h}](../briefings/{}.md#{}).",
                    o.slug,
                    anchor(h)
                )
            } else {
                format!("See also [{}]({}.md).", o.title, o.slug)
            };
            let blocks = &mut sections[bw.rng.below(ns)].1;
            // Appended to the last paragraph of the section.
            match blocks.iter_mut().rev().find(|x| is_paragraph(x)) {
                Some(last) => {
                    last.push(' ');
                    last.push_str(&link);
                }
                None => blocks.push(link),
            }
        }
    }
    for &wi in b.waves.iter().skip(1) {
        let w = &m.waves[wi];
        let text = format!(
            "The same pattern appears in [{}](../waves/{}.md), which began on {}.",
            w.title, w.slug, w.date
        );
        sections[bw.rng.below(ns)].1.push(text);
    }
    if bw.rng.chance(30) {
        let s = &m.sources[*bw.rng.pick(&b.sources)];
        let text = format!(
            "The [full citation of {}](../sources/{}.md) gives the address of an archived copy.",
            s.publisher, s.slug
        );
        sections[bw.rng.below(ns)].1.push(text);
    }
    let mut footnote = None;
    if bw.rng.chance(20) {
        if let Some(first) = sections[bw.rng.below(ns)].1.first_mut() {
            first.push_str("[^count]");
            footnote = Some(format!(
                "[^count]: Counts gathered before {} are not comparable with later ones.",
                b.date
            ));
        }
    }
    if bw.rng.chance(5) {
        let img = format!(
            "![Map of the border crossings near {}](../static/border-map.svg)",
            PLACES[b.place].0
        );
        sections[bw.rng.below(ns)].1.push(img);
    }

    // Every listed source is cited at least once.
    while bw.next_cite < b.sources.len() {
        let p = bw.paragraph(false);
        sections[bw.rng.below(ns)].1.push(p);
    }
    // Then paragraphs until the body reaches its length, each after the
    // section's first paragraph.
    let mut words: usize = count_words(&intro)
        + sections
            .iter()
            .map(|(h, bl)| count_words(h) + bl.iter().map(|x| count_words(x)).sum::<usize>())
            .sum::<usize>();
    let mut k = 0;
    while words < target {
        let korean = bw.rng.chance(10);
        let p = bw.paragraph(korean);
        words += count_words(&p);
        let blocks = &mut sections[k % ns].1;
        let at = bw.rng.range(1, blocks.len());
        blocks.insert(at, p);
        k += 1;
    }

    let mut out = String::with_capacity(words * 8);
    out.push_str(&intro);
    for (h, blocks) in &sections {
        out.push_str("\n\n");
        out.push_str(h);
        for bl in blocks {
            out.push_str("\n\n");
            out.push_str(bl);
        }
    }
    if let Some(f) = footnote {
        out.push_str("\n\n");
        out.push_str(&f);
    }
    out.push('\n');
    let words = count_words(&out);
    (out, words)
}

/// Whether a block is a paragraph (not a list, table, quote, code or image).
fn is_paragraph(block: &str) -> bool {
    !block.starts_with(['`', '|', '>', '-', '!'])
        && !block.starts_with(|c: char| c.is_ascii_digit())
}

fn list_block(bw: &mut BodyWriter<'_>) -> String {
    let k = bw.rng.range(3, 5);
    let picks = bw.rng.sample(LIST_ITEMS.len(), k);
    let ordered = bw.rng.chance(30);
    let mut items = Vec::with_capacity(picks.len());
    for (n, t) in picks.into_iter().enumerate() {
        let it = bw.fill(LIST_ITEMS[t]);
        items.push(if ordered {
            format!("{}. {it}", n + 1)
        } else {
            format!("- {it}")
        });
    }
    items.join("\n")
}

fn table_block(bw: &mut BodyWriter<'_>) -> String {
    let mut rows = vec![
        "| Date | Place | Reported count | Source |".to_string(),
        "| --- | --- | ---: | --- |".to_string(),
    ];
    for _ in 0..bw.rng.range(3, 6) {
        let d = bw.b.date - days(bw.rng.below(60));
        let place = PLACES[bw.rng.below(PLACES.len())].0;
        let count = bw.rng.range(5, 600);
        let c = bw.cite(true).unwrap_or_default();
        rows.push(format!("| {d} | {place} | {count} | {c} |"));
    }
    rows.join("\n")
}

fn code_block(bw: &mut BodyWriter<'_>) -> String {
    let (m, b) = (bw.m, bw.b);
    match bw.rng.below(4) {
        0 => {
            let mut y = String::from("```yaml\n");
            for f in &b.figures {
                y.push_str(&format!(
                    "- label: {}\n  source: {}\n  status: {}\n",
                    f.label, m.sources[f.source].slug, f.status
                ));
            }
            y.push_str("```");
            y
        }
        1 => {
            let items: Vec<String> = b
                .figures
                .iter()
                .map(|f| {
                    format!(
                        "  {{\"label\": \"{}\", \"count\": {}, \"status\": \"{}\"}}",
                        f.label,
                        f.value.or(f.max).or(f.min).unwrap_or(0),
                        f.status
                    )
                })
                .collect();
            format!("```json\n[\n{}\n]\n```", items.join(",\n"))
        }
        2 => format!(
            "```bash\n# count mentions of {p} in the saved sources\ngrep -ric '{p}' sources/ | sort -t: -k2 -n | tail -n {}\n```",
            bw.rng.range(3, 10),
            p = PLACES[b.place].0
        ),
        _ => format!(
            "```text\n{d} {}  08:40  bus left the centre\n{d} {}  21:10  crossing closed\n```",
            PLACES[b.place].0,
            NK_PLACES[bw.rng.below(NK_PLACES.len())].0,
            d = b.date
        ),
    }
}

// ----------------------------------------------------------------- writing

/// A YAML double-quoted scalar.
fn q(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\t' => o.push_str("\\t"),
            c if (c as u32) < 0x20 => o.push_str(&format!("\\x{:02x}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// A flow list of quoted strings.
fn qlist<S: AsRef<str>>(xs: &[S]) -> String {
    let items: Vec<String> = xs.iter().map(|x| q(x.as_ref())).collect();
    format!("[{}]", items.join(", "))
}

/// A flow list of slugs (plain scalars).
fn slist<'a>(xs: impl Iterator<Item = &'a str>) -> String {
    format!("[{}]", xs.collect::<Vec<_>>().join(", "))
}

/// `key: >-` with the text folded at about 88 columns, as writers do.
fn folded(key: &str, text: &str, indent: &str) -> String {
    let mut out = format!("{indent}{key}: >-\n");
    let mut line = String::new();
    for w in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + w.chars().count() > 86 {
            out.push_str(&format!("{indent}  {line}\n"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(w);
    }
    if !line.is_empty() {
        out.push_str(&format!("{indent}  {line}\n"));
    }
    out
}

const MAP_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200" role="img" aria-labelledby="t">
<title id="t">Border crossings between China and North Korea (schematic)</title>
<rect width="400" height="200" fill="#f4f1ea"/>
<path d="M10 150 C 90 120, 160 160, 230 110 S 350 60, 390 40" fill="none" stroke="#3b6ea5" stroke-width="4"/>
<circle cx="60" cy="140" r="6" fill="#a33"/><text x="70" y="135" font-size="12">Dandong</text>
<circle cx="230" cy="110" r="6" fill="#a33"/><text x="240" y="105" font-size="12">Tumen</text>
<circle cx="330" cy="65" r="6" fill="#a33"/><text x="340" y="60" font-size="12">Hunchun</text>
</svg>
"##;

impl Model {
    fn write(&self, out: &Path) -> Result<usize, String> {
        let content = out.join("content");
        for dir in ["briefings", "waves", "actors", "sources", "static"] {
            let d = content.join(dir);
            fs::create_dir_all(&d).map_err(|e| format!("cannot create {}: {e}", d.display()))?;
        }
        let put = |path: PathBuf, text: &str| -> Result<(), String> {
            fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
        };
        put(
            out.join("site.yaml"),
            &format!(
                "title: Forced Repatriation Briefings (synthetic, {} briefings)\n\
                 description: A generated archive of the size and shape of a large one, for measuring builds.\n\
                 language: en\n\
                 base_url: https://example.org/archive/\n\
                 theme: default\n",
                self.briefings.len()
            ),
        )?;
        put(content.join("static/border-map.svg"), MAP_SVG)?;

        self.waves.par_iter().try_for_each(|w| {
            put(
                content.join(format!("waves/{}.md", w.slug)),
                &self.wave_file(w),
            )
        })?;
        self.actors.par_iter().try_for_each(|a| {
            put(
                content.join(format!("actors/{}.md", a.slug)),
                &self.actor_file(a),
            )
        })?;
        self.sources.par_iter().try_for_each(|s| {
            put(
                content.join(format!("sources/{}.md", s.slug)),
                &self.source_file(s),
            )
        })?;
        (0..self.briefings.len())
            .into_par_iter()
            .map(|i| {
                let (text, words) = self.briefing_file(i);
                put(
                    content.join(format!("briefings/{}.md", self.briefings[i].slug)),
                    &text,
                )?;
                Ok(words)
            })
            .sum::<Result<usize, String>>()
    }

    fn wave_file(&self, w: &Wave) -> String {
        format!(
            "---\ntitle: {}\ndate: {}\nend_date: {}\nlocations: {}\nsummary: {}\n---\n{}",
            q(&w.title),
            w.date,
            w.end,
            qlist(&w.locations),
            q(&w.summary),
            w.body
        )
    }

    fn actor_file(&self, a: &Actor) -> String {
        let mut s = format!("---\nname: {}\nkind: {}\n", q(&a.name), a.kind);
        if let Some(c) = a.country {
            s.push_str(&format!("country: {c}\n"));
        }
        if !a.aliases.is_empty() {
            s.push_str(&format!("aliases: {}\n", qlist(&a.aliases)));
        }
        if let Some(p) = a.member_of {
            s.push_str(&format!("member_of: {}\n", self.actors[p].slug));
        }
        s.push_str(&format!("summary: {}\n---\n", q(&a.summary)));
        if let Some(p) = a.member_of {
            let parent = &self.actors[p];
            s.push_str(&format!(
                "Part of [{}]({}.md); its statements are listed with the sources that report them.\n",
                parent.name, parent.slug
            ));
        }
        s
    }

    fn source_file(&self, s: &Source) -> String {
        let mut t = format!(
            "---\ntitle: {}\npublisher: {}\nkind: {}\ndate: {}\n",
            q(&s.title),
            q(s.publisher),
            s.kind,
            s.date
        );
        if !s.authors.is_empty() {
            t.push_str(&format!("authors: {}\n", qlist(&s.authors)));
        }
        let url = format!(
            "https://example.org/{}/{}/{}",
            s.publisher_slug,
            s.date.format("%Y/%m"),
            s.slug
        );
        t.push_str(&format!("url: {url}\n"));
        if s.archived {
            t.push_str(&format!(
                "archived_url: https://example.org/archive/{}/{url}\n",
                s.date.format("%Y%m%d")
            ));
        }
        if let Some(a) = s.accessed {
            t.push_str(&format!("accessed: {a}\n"));
        }
        t.push_str(&format!("language: {}\n---\n", s.language));
        if !s.annotation.is_empty() {
            t.push_str(&s.annotation);
            t.push('\n');
        }
        t
    }

    fn briefing_file(&self, i: usize) -> (String, usize) {
        let b = &self.briefings[i];
        let mut t = format!("---\ntitle: {}\ndate: {}\n", q(&b.title), b.date);
        if let Some(u) = b.updated {
            t.push_str(&format!("updated: {u}\n"));
        }
        t.push_str(&folded("summary", &b.summary, ""));
        t.push_str(&format!("authors: {}\n", qlist(&b.authors)));
        let waves = slist(b.waves.iter().map(|&x| self.waves[x].slug.as_str()));
        let actors = slist(b.actors.iter().map(|&x| self.actors[x].slug.as_str()));
        let sources = slist(b.sources.iter().map(|&x| self.sources[x].slug.as_str()));
        t.push_str(&format!(
            "waves: {waves}\nactors: {actors}\nsources: {sources}\n"
        ));
        if !b.tags.is_empty() {
            t.push_str(&format!("tags: {}\n", slist(b.tags.iter().copied())));
        }
        t.push_str("figures:\n");
        for f in &b.figures {
            t.push_str(&format!("  - label: {}\n", q(f.label)));
            if let Some(v) = f.value {
                t.push_str(&format!("    value: {v}\n"));
            }
            if let Some(v) = f.min {
                t.push_str(&format!("    min: {v}\n"));
            }
            if let Some(v) = f.max {
                t.push_str(&format!("    max: {v}\n"));
            }
            if f.approx {
                t.push_str("    approx: true\n");
            }
            if let Some(w) = f.wave {
                t.push_str(&format!("    wave: {}\n", self.waves[w].slug));
            }
            t.push_str(&format!("    source: {}\n", self.sources[f.source].slug));
            if let Some(a) = f.attributed_to {
                t.push_str(&format!("    attributed_to: {}\n", self.actors[a].slug));
            }
            t.push_str(&format!("    status: {}\n", f.status));
            if let Some(d) = f.as_of {
                t.push_str(&format!("    as_of: {d}\n"));
            }
            if let Some(n) = &f.note {
                t.push_str(&format!("    note: {}\n", q(n)));
            }
        }
        t.push_str("statements:\n");
        for s in &b.statements {
            t.push_str(&format!("  - actor: {}\n", self.actors[s.actor].slug));
            t.push_str(&format!("    date: {}\n", s.date));
            t.push_str(&format!("    quote: {}\n", q(s.quote)));
            t.push_str(&format!("    source: {}\n", self.sources[s.source].slug));
            if let Some(w) = s.wave {
                t.push_str(&format!("    wave: {}\n", self.waves[w].slug));
            }
            if let Some(st) = s.stance {
                t.push_str(&format!("    stance: {st}\n"));
            }
        }
        t.push_str("---\n");
        let (body, words) = briefing_body(self, i);
        t.push_str(&body);
        (t, words)
    }
}
