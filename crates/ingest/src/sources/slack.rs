//! Slack workspace exports, as the .zip Slack delivers or the extracted folder
//! (mapping table in docs/sources/slack.md).

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::Value;
use uptake_store::{Activity, Client, EventRow};

use crate::{Error, ParsedFile, Reject, Result, Source, parse_timestamp};

/// Largest zip entry read, and largest expansion ratio accepted (zip-bomb guard).
const MAX_ENTRY_BYTES: u64 = 512 << 20;
const MAX_RATIO: u64 = 200;

/// Message subtypes that are the system talking, not a person acting.
const SYSTEM_SUBTYPES: &[&str] = &[
    "channel_join",
    "channel_leave",
    "channel_purpose",
    "channel_topic",
    "channel_name",
    "channel_archive",
    "channel_unarchive",
    "group_join",
    "group_leave",
    "group_purpose",
    "group_topic",
    "group_name",
    "group_archive",
    "group_unarchive",
    "pinned_item",
    "unpinned_item",
    "tombstone",
    "message_deleted",
    "sh_room_created",
    "sh_room_shared",
    "reminder_add",
    "reply_broadcast",
    "joiner_notification",
];
/// Subtypes posted by bots and integrations.
const BOT_SUBTYPES: &[&str] = &[
    "bot_message",
    "bot_add",
    "bot_remove",
    "bot_enable",
    "bot_disable",
];

/// Reads Slack exports: `ingest slack PATH` where PATH is an export .zip or folder.
#[derive(Debug, Clone, Default)]
pub struct SlackSource;

struct Account {
    person: String,
    is_bot: bool,
}

/// Raw day files read at once, before they are parsed in parallel and dropped: the
/// export's JSON is never held whole.
const BATCH_BYTES: usize = 8 << 20;

/// An export, as a zip or as the folder it was extracted to. Entries are read one at a
/// time, by their path inside the export (`general/2024-03-01.json`).
enum Export {
    Zip(zip::ZipArchive<fs::File>),
    Dir(PathBuf),
}

impl Export {
    fn open(path: &Path) -> Result<Export> {
        if path.is_dir() {
            return Ok(Export::Dir(path.to_path_buf()));
        }
        let file = fs::File::open(path).map_err(Error::io(path))?;
        zip::ZipArchive::new(file)
            .map(Export::Zip)
            .map_err(|e| Error::read(path, format!("not a readable zip archive: {e}")))
    }

    /// The files of the export, sorted.
    fn names(&mut self, path: &Path) -> Result<Vec<String>> {
        let mut out = Vec::new();
        match self {
            Export::Zip(zip) => {
                for i in 0..zip.len() {
                    let entry = zip
                        .by_index_raw(i)
                        .map_err(|e| Error::read(path, format!("zip entry {i}: {e}")))?;
                    if entry.is_dir() {
                        continue;
                    }
                    // The name is only a key: entries are read in memory, never extracted.
                    let name = entry
                        .name()
                        .map_err(|e| {
                            Error::read(path, format!("zip entry {i}: unreadable name: {e}"))
                        })?
                        .trim_start_matches("./")
                        .to_string();
                    out.push(name);
                }
            }
            Export::Dir(root) => collect_dir(root, root, &mut out)?,
        }
        out.sort();
        Ok(out)
    }

    fn read(&mut self, path: &Path, name: &str) -> Result<Vec<u8>> {
        match self {
            Export::Dir(root) => {
                let p = root.join(name);
                fs::read(&p).map_err(Error::io(&p))
            }
            Export::Zip(zip) => {
                let index = zip
                    .index_for_name(name)
                    .or_else(|| zip.index_for_name(&format!("./{name}")))
                    .ok_or_else(|| Error::read(path, format!("zip entry `{name}` vanished")))?;
                let mut entry = zip
                    .by_index(index)
                    .map_err(|e| Error::read(path, format!("zip entry `{name}`: {e}")))?;
                let (size, packed) = (entry.size(), entry.compressed_size());
                if size > MAX_ENTRY_BYTES || (packed > 0 && size / packed > MAX_RATIO) {
                    return Err(Error::read(
                        path,
                        format!(
                            "zip entry `{name}` expands to {size} bytes from {packed}: refused as a possible zip bomb"
                        ),
                    ));
                }
                let mut bytes = Vec::with_capacity(size as usize);
                (&mut entry)
                    .take(MAX_ENTRY_BYTES + 1)
                    .read_to_end(&mut bytes)
                    .map_err(|e| Error::read(path, format!("zip entry `{name}`: {e}")))?;
                Ok(bytes)
            }
        }
    }
}

fn collect_dir(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    for entry in fs::read_dir(dir).map_err(Error::io(dir))? {
        let p: PathBuf = entry.map_err(Error::io(dir))?.path();
        if p.is_dir() {
            collect_dir(root, &p, out)?;
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(
                p.strip_prefix(root)
                    .unwrap_or(&p)
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
    Ok(())
}

/// Slack user id -> person key (the lower-cased e-mail, else `slack:id`, lower-cased like
/// every person key) and bot flag.
fn accounts(users: &[Value]) -> HashMap<String, Account> {
    users
        .iter()
        .filter_map(|u| {
            let id = u.get("id")?.as_str()?.to_string();
            let email = u
                .pointer("/profile/email")
                .and_then(Value::as_str)
                .map(|e| e.trim().to_lowercase())
                .filter(|e| !e.is_empty());
            let is_bot =
                u.get("is_bot").and_then(Value::as_bool).unwrap_or(false) || id == "USLACKBOT";
            Some((
                id.clone(),
                Account {
                    person: email.unwrap_or_else(|| format!("slack:{}", id.to_lowercase())),
                    is_bot,
                },
            ))
        })
        .collect()
}

/// `channel/YYYY-MM-DD.json` -> channel, for conversation day files.
fn day_file_channel(name: &str) -> Option<&str> {
    let (channel, file) = name.rsplit_once('/')?;
    let date = file.strip_suffix(".json")?;
    (date.len() == 10 && date.as_bytes()[4] == b'-' && !channel.contains('/')).then_some(channel)
}

struct DayOutcome {
    read: u64,
    excluded: u64,
    events: Vec<EventRow>,
    rejects: Vec<Reject>,
}

/// The fields of a message that ingest reads, borrowed from the day file where its
/// text has no escapes. Any other shape (a field of another type, a key twice, a
/// message that is not an object) fails the typed parse of the whole file, which is
/// then read through [`Value`] trees, as every file was before.
#[derive(Debug, serde::Deserialize)]
struct Message<'a> {
    #[serde(borrow, default)]
    subtype: Option<Text<'a>>,
    #[serde(borrow, default)]
    user: Option<Text<'a>>,
    #[serde(default)]
    bot_id: Option<serde::de::IgnoredAny>,
    #[serde(borrow, default)]
    ts: Option<Text<'a>>,
    #[serde(borrow, default)]
    thread_ts: Option<Text<'a>>,
    #[serde(borrow, default)]
    parent_user_id: Option<Text<'a>>,
    #[serde(borrow, default)]
    text: Option<Text<'a>>,
    #[serde(borrow, default)]
    reactions: Option<Vec<Reaction<'a>>>,
}

/// A JSON string, borrowed from the file unless it has escapes. (serde borrows a `Cow`
/// field only when it is not inside an `Option`.)
#[derive(Debug)]
struct Text<'a>(Cow<'a, str>);

impl std::ops::Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for Text<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Visit<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Visit<'a> {
            type Value = Text<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> std::result::Result<Text<'a>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> std::result::Result<Text<'a>, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> std::result::Result<Text<'a>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_str(Visit(std::marker::PhantomData))
    }
}

#[derive(Debug, serde::Deserialize)]
struct Reaction<'a> {
    #[serde(borrow, default)]
    name: Option<Text<'a>>,
    #[serde(borrow, default)]
    users: Option<Vec<Option<Text<'a>>>>,
}

fn text_of(v: Option<&Value>) -> Option<Text<'_>> {
    v.and_then(Value::as_str).map(|t| Text(Cow::Borrowed(t)))
}

impl<'a> Message<'a> {
    /// The same fields read from a [`Value`], with its rules: a field that is not a
    /// string (an array for `reactions` and `users`) is as good as missing.
    fn from_value(m: &'a Value) -> Message<'a> {
        let text = |key: &str| text_of(m.get(key));
        Message {
            subtype: text("subtype"),
            user: text("user"),
            bot_id: m
                .get("bot_id")
                .filter(|b| !b.is_null())
                .map(|_| serde::de::IgnoredAny),
            ts: text("ts"),
            thread_ts: text("thread_ts"),
            parent_user_id: text("parent_user_id"),
            text: text("text"),
            reactions: m.get("reactions").and_then(Value::as_array).map(|rs| {
                rs.iter()
                    .map(|r| Reaction {
                        name: text_of(r.get("name")),
                        users: r
                            .get("users")
                            .and_then(Value::as_array)
                            .map(|us| us.iter().map(|u| text_of(Some(u))).collect()),
                    })
                    .collect()
            }),
        }
    }

    /// One `(reaction, user)` per user who reacted.
    fn reactions(&self) -> Vec<(&str, &str)> {
        self.reactions
            .iter()
            .flatten()
            .flat_map(|r| {
                let name = r.name.as_deref().unwrap_or("?");
                r.users
                    .iter()
                    .flatten()
                    .flatten()
                    .map(move |u| (name, &**u))
            })
            .collect()
    }
}

fn parse_day(
    file: &str,
    entry: &str,
    channel: &str,
    bytes: &[u8],
    users: &HashMap<String, Account>,
) -> DayOutcome {
    let mut out = DayOutcome {
        read: 0,
        excluded: 0,
        events: Vec::new(),
        rejects: Vec::new(),
    };
    let reject = |record: u64, field: &str, reason: String, raw: String| Reject {
        file: format!("{file}!{entry}"),
        line: record,
        field: field.into(),
        reason,
        record: raw.chars().take(1000).collect(),
    };
    let typed = serde_json::from_slice::<Vec<Message<'_>>>(bytes);
    // The file as `Value`s: read when the typed parse fails, or for a rejected
    // message's text (as `Value` prints it, which the rejects file has always shown).
    let values = std::cell::OnceCell::new();
    let values = || -> &std::result::Result<Value, serde_json::Error> {
        values.get_or_init(|| serde_json::from_slice::<Value>(bytes))
    };
    let messages: Vec<Message<'_>> = match typed {
        Ok(messages) => messages,
        Err(_) => match values() {
            Ok(Value::Array(items)) => items.iter().map(Message::from_value).collect(),
            Ok(_) => {
                out.read = 1;
                out.rejects.push(reject(
                    0,
                    "*",
                    "a day file must hold a JSON array of messages".into(),
                    String::new(),
                ));
                return out;
            }
            Err(e) => {
                out.read = 1;
                out.rejects.push(reject(
                    0,
                    "*",
                    format!("invalid JSON, the whole day file is rejected: {e}"),
                    String::new(),
                ));
                return out;
            }
        },
    };
    let message_text = |i: usize| match values() {
        Ok(Value::Array(items)) => items.get(i).map(Value::to_string).unwrap_or_default(),
        _ => String::new(),
    };
    // Thread roots of this day, for replies that do not carry `parent_user_id`.
    let authors: HashMap<&str, &str> = messages
        .iter()
        .filter_map(|m| Some((m.ts.as_deref()?, m.user.as_deref()?)))
        .collect();
    for (i, m) in messages.iter().enumerate() {
        let record = i as u64 + 1;
        // One record per message and one per (reaction, user) on it.
        let reacts = m.reactions();
        let records = 1 + reacts.len() as u64;
        out.read += records;
        let subtype = m.subtype.as_deref().unwrap_or("");
        let user = m.user.as_deref();
        let bot_id = m.bot_id.is_some();
        let account = user.and_then(|u| users.get(u));
        let not_a_person = BOT_SUBTYPES.contains(&subtype)
            || account.is_some_and(|a| a.is_bot)
            || (bot_id && user.is_none())
            || SYSTEM_SUBTYPES.contains(&subtype)
            || user.is_none();
        let ts_raw = m.ts.as_deref();
        let ts = ts_raw.map(|t| parse_timestamp(t, chrono_tz::UTC));
        let person_of = |id: &str| {
            users.get(id).map_or_else(
                || format!("slack:{}", id.to_lowercase()),
                |a| a.person.clone(),
            )
        };
        let (ts_raw, ts_us) = match (ts_raw, ts) {
            (Some(raw), Some(Ok(t))) => (raw, t),
            _ if not_a_person => {
                out.excluded += records;
                continue;
            }
            (_, Some(Err(e))) => {
                out.rejects.push(reject(record, "ts", e, message_text(i)));
                out.rejected_reactions(&reacts, &reject, record);
                continue;
            }
            _ => {
                out.rejects.push(reject(
                    record,
                    "ts",
                    "message without a ts".into(),
                    message_text(i),
                ));
                out.rejected_reactions(&reacts, &reject, record);
                continue;
            }
        };
        if not_a_person {
            // People reacting to a bot's or the system's message are still people acting.
            out.excluded += 1;
        } else {
            let thread = m.thread_ts.as_deref().filter(|t| *t != ts_raw);
            let (action, activity) = match subtype {
                "file_share" => ("file_share", Activity::Share),
                "file_comment" => ("file_comment", Activity::Reply),
                "huddle_thread" => ("huddle", Activity::Meet),
                _ if thread.is_some() => ("thread_reply", Activity::Reply),
                "" | "me_message" | "thread_broadcast" => ("message", Activity::Post),
                other => (other, Activity::Other),
            };
            let author = user.unwrap_or_default();
            // Whom the message addresses: the thread's author for a reply, and everyone
            // it mentions.
            let parent = thread.and_then(|t| {
                m.parent_user_id
                    .as_deref()
                    .or_else(|| authors.get(t).copied())
            });
            let mut counterparts: Vec<String> = Vec::new();
            for id in parent
                .into_iter()
                .chain(mentions(m.text.as_deref().unwrap_or("")))
            {
                let p = person_of(id);
                let bot = id == "USLACKBOT" || users.get(id).is_some_and(|a| a.is_bot);
                if id != author && !bot && !counterparts.contains(&p) {
                    counterparts.push(p);
                }
            }
            out.events.push(EventRow {
                ts_us,
                person: person_of(author),
                tool: "slack".into(),
                action: action.into(),
                activity,
                category: activity.default_category("slack"),
                client: Client::Unknown,
                channel: Some(channel.into()),
                event_id: format!("slack:{channel}/{ts_raw}"),
                counterparts,
            });
        }
        // Reactions carry no time of their own: each is dated at the message it reacts to.
        for &(name, reactor) in &reacts {
            if users.get(reactor).is_some_and(|a| a.is_bot) {
                out.excluded += 1;
                continue;
            }
            out.events.push(EventRow {
                ts_us,
                person: person_of(reactor),
                tool: "slack".into(),
                action: "reaction_added".into(),
                activity: Activity::React,
                category: Activity::React.default_category("slack"),
                client: Client::Unknown,
                channel: Some(channel.into()),
                event_id: format!("slack:{channel}/{ts_raw}/react/{name}/{reactor}"),
                // A reaction answers the message's author, when that is a person.
                counterparts: match user {
                    Some(u) if !not_a_person && u != reactor => vec![person_of(u)],
                    _ => vec![],
                },
            });
        }
    }
    out
}

impl DayOutcome {
    /// Reactions of a message rejected whole are rejected with it.
    fn rejected_reactions(
        &mut self,
        reacts: &[(&str, &str)],
        reject: &dyn Fn(u64, &str, String, String) -> Reject,
        record: u64,
    ) {
        for (name, user) in reacts {
            self.rejects.push(reject(
                record,
                "ts",
                format!("reaction {name} by {user} on a message without a valid ts"),
                String::new(),
            ));
        }
    }
}

/// The user ids a message text mentions: `<@U123>` or `<@U123|name>`.
fn mentions(text: &str) -> impl Iterator<Item = &str> {
    text.split("<@").skip(1).filter_map(|rest| {
        let end = rest.find(['>', '|'])?;
        let id = &rest[..end];
        (!id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric())).then_some(id)
    })
}

impl Source for SlackSource {
    fn name(&self) -> &str {
        "slack"
    }

    fn accepts(&self, path: &Path) -> bool {
        path.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
            || super::slack_analytics::is_analytics_file(path)
    }

    fn is_unit(&self, dir: &Path) -> bool {
        dir.join("users.json").is_file() || dir.join("channels.json").is_file()
    }

    fn parse(&self, path: &Path) -> Result<ParsedFile> {
        if path.is_file()
            && !path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
        {
            return super::slack_analytics::parse(path);
        }
        let mut export = Export::open(path)?;
        let names = export.names(path)?;
        if !names.iter().any(|n| n == "users.json") {
            return Err(Error::read(path, "no users.json: not a Slack export"));
        }
        let users_json: Vec<Value> = serde_json::from_slice(&export.read(path, "users.json")?)
            .map_err(|e| Error::read(path, format!("users.json: invalid JSON: {e}")))?;
        let users = accounts(&users_json);
        let mut out = ParsedFile {
            accounts: account_records(&users_json),
            ..Default::default()
        };
        drop(users_json);
        let file = path.display().to_string();
        let day_files: Vec<(&String, &str)> = names
            .iter()
            .filter_map(|n| day_file_channel(n).map(|c| (n, c)))
            .collect();
        // The next batch of day files is inflated while the one before is parsed.
        let mut files = day_files.iter();
        let mut next = read_batch(&mut export, path, &mut files)?;
        while !next.is_empty() {
            let batch = next;
            let (days, more) = rayon::join(
                || {
                    batch
                        .par_iter()
                        .map(|(name, channel, bytes)| {
                            parse_day(&file, name, channel, bytes, &users)
                        })
                        .collect::<Vec<DayOutcome>>()
                },
                || read_batch(&mut export, path, &mut files),
            );
            for d in days {
                out.read += d.read;
                out.excluded += d.excluded;
                out.events.extend(d.events);
                out.rejects.extend(d.rejects);
            }
            next = more?;
        }
        Ok(out)
    }
}

/// The next day files of `files`, read until they add up to [`BATCH_BYTES`].
fn read_batch<'a>(
    export: &mut Export,
    path: &Path,
    files: &mut std::slice::Iter<'_, (&'a String, &'a str)>,
) -> Result<Vec<(&'a String, &'a str, Vec<u8>)>> {
    let mut batch = Vec::new();
    let mut bytes = 0;
    for &(name, channel) in files.by_ref() {
        let content = export.read(path, name)?;
        bytes += content.len();
        batch.push((name, channel, content));
        if bytes >= BATCH_BYTES {
            break;
        }
    }
    Ok(batch)
}

/// users.json as account records. Deleted accounts are deactivated on their `updated`
/// date, the only date an export gives.
fn account_records(users: &[Value]) -> Vec<uptake_store::Account> {
    let day = |v: Option<&Value>| {
        v.and_then(Value::as_i64)
            .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
            .map(|d| d.date_naive())
    };
    users
        .iter()
        .filter_map(|u| {
            let id = u.get("id")?.as_str()?;
            let email = u
                .pointer("/profile/email")
                .and_then(Value::as_str)
                .map(|e| e.trim().to_lowercase())
                .filter(|e| !e.is_empty());
            let deleted = u.get("deleted").and_then(Value::as_bool).unwrap_or(false);
            Some(uptake_store::Account {
                tool: "slack".into(),
                account: id.to_string(),
                person: email.unwrap_or_else(|| format!("slack:{}", id.to_lowercase())),
                name: u
                    .pointer("/profile/real_name")
                    .or_else(|| u.get("real_name"))
                    .or_else(|| u.get("name"))
                    .and_then(Value::as_str)
                    .map(str::to_string),
                created: None,
                licensed: None,
                deactivated: if deleted { day(u.get("updated")) } else { None },
                is_bot: u.get("is_bot").and_then(Value::as_bool).unwrap_or(false)
                    || id == "USLACKBOT",
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A day's messages, read as typed messages; then the same with one more message
    /// whose `ts` is a number, which sends the whole file through `Value` trees.
    #[test]
    fn typed_and_value_reading_of_a_day_agree() {
        let users: Vec<Value> = serde_json::from_str(
            r#"[{"id":"U1","profile":{"email":"Ana@X.org"}},{"id":"U2"},{"id":"B1","is_bot":true}]"#,
        )
        .unwrap();
        let users = accounts(&users);
        let messages = [
            // Escapes in the text (so not borrowed), a mention, reactions with a null user.
            r#"{"type":"message","user":"U1","ts":"1709287200.000100","text":"caf\u00e9\n<@U2> \"hi\"","bot_id":null,"reactions":[{"name":"+1","users":["U2",null,"B1"]},{"users":["U1"]}]}"#,
            // A reply without parent_user_id: its parent is found among the day's roots.
            r#"{"type":"message","user":"U2","ts":"1709287300.000100","thread_ts":"1709287200.000100","blocks":[{"type":"rich_text","elements":[1,2,{"a":null}]}]}"#,
            r#"{"type":"message","subtype":"bot_message","bot_id":"B9","ts":"1709287400.000100","reactions":[{"name":"eyes","users":["U1"]}]}"#,
            r#"{"type":"message","user":"U1","ts":"soon","reactions":[{"name":"x","users":["U2"]}]}"#,
            r#"{"type":"message","subtype":"file_share","user":"U1","ts":"1709287500.000100","parent_user_id":"U2"}"#,
        ];
        let day = |extra: &str| format!("[{}{extra}]", messages.join(","));
        let typed = parse_day(
            "f",
            "general/2024-03-01.json",
            "general",
            day("").as_bytes(),
            &users,
        );
        let values = parse_day(
            "f",
            "general/2024-03-01.json",
            "general",
            day(r#",{"ts":5}"#).as_bytes(),
            &users,
        );
        // The first file is read typed, the second through `Value`s.
        let parses = |extra: &str| serde_json::from_str::<Vec<Message>>(&day(extra)).is_ok();
        assert!(parses("") && !parses(r#",{"ts":5}"#));
        assert_eq!(typed.events, values.events);
        assert_eq!(typed.rejects, values.rejects);
        assert_eq!(
            (typed.read + 1, typed.excluded + 1),
            (values.read, values.excluded)
        );
        // By hand: 5 messages and 5 (reaction, user) pairs read (a null user is none);
        // the bot's message and B1's reaction excluded; the "soon" message and its
        // reaction rejected; 6 events.
        assert_eq!(
            (typed.read, typed.excluded, typed.rejects.len()),
            (10, 2, 2)
        );
        let events: Vec<(&str, &str, &[String])> = typed
            .events
            .iter()
            .map(|e| {
                (
                    e.event_id.as_str(),
                    e.person.as_str(),
                    e.counterparts.as_slice(),
                )
            })
            .collect();
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let (ana, u2) = (s(&["ana@x.org"]), s(&["slack:u2"]));
        assert_eq!(
            events,
            [
                (
                    "slack:general/1709287200.000100",
                    "ana@x.org",
                    u2.as_slice()
                ),
                (
                    "slack:general/1709287200.000100/react/+1/U2",
                    "slack:u2",
                    ana.as_slice()
                ),
                (
                    "slack:general/1709287200.000100/react/?/U1",
                    "ana@x.org",
                    &[][..]
                ),
                (
                    "slack:general/1709287300.000100",
                    "slack:u2",
                    ana.as_slice()
                ),
                (
                    "slack:general/1709287400.000100/react/eyes/U1",
                    "ana@x.org",
                    &[][..]
                ),
                ("slack:general/1709287500.000100", "ana@x.org", &[][..]),
            ]
        );
        assert_eq!(typed.events[0].counterparts, u2);
        // The rejected message is shown as `Value` prints it, whichever way it was read.
        assert_eq!(typed.rejects[0].line, 4);
        assert_eq!(
            typed.rejects[0].record,
            r#"{"reactions":[{"name":"x","users":["U2"]}],"ts":"soon","type":"message","user":"U1"}"#
        );
    }

    #[test]
    fn mentions_are_user_ids_between_angle_brackets() {
        let found: Vec<&str> =
            super::mentions("<@U123> and <@W9|bob>, not <#C1|general> nor <@ broken> <@U2")
                .collect();
        assert_eq!(found, ["U123", "W9"]);
    }
}
