//! Mattermost bulk exports (`mmctl export create`, JSONL: one object per line with a
//! `type`); mapping table in docs/sources/mattermost.md.

use std::collections::{HashMap, HashSet};
use std::io::BufRead;
use std::path::Path;

use serde_json::Value;
use uptake_store::{Activity, Client, EventRow};
use xxhash_rust::xxh3::xxh3_64;

use super::common::{Tally, text};
use crate::input::open_input;
use crate::{Error, ParsedFile, Result, Source};

/// Reads Mattermost bulk exports: `ingest mattermost export.jsonl`.
#[derive(Debug, Clone, Default)]
pub struct MattermostSource;

/// What the first pass learns: username -> person key, and the bot usernames.
#[derive(Default)]
struct Directory {
    people: HashMap<String, String>,
    bots: HashSet<String>,
    accounts: Vec<uptake_store::Account>,
}

impl Directory {
    fn person(&self, username: &str) -> String {
        let u = username.to_lowercase();
        self.people
            .get(&u)
            .cloned()
            .unwrap_or_else(|| format!("mattermost:{u}"))
    }
}

fn lines(path: &Path, mut each: impl FnMut(u64, &str) -> Result<()>) -> Result<()> {
    let reader = open_input(path)?;
    for (i, line) in reader.split(b'\n').enumerate() {
        let line = line.map_err(Error::io(path))?;
        let n = i as u64 + 1;
        match std::str::from_utf8(&line) {
            Ok(s) => each(n, s.trim())?,
            // Reported by the second pass, which owns the tally.
            Err(_) => each(n, "\u{0}not-utf8")?,
        }
    }
    Ok(())
}

fn directory(path: &Path) -> Result<Directory> {
    let mut dir = Directory::default();
    lines(path, |_, line| {
        if !line.starts_with('{') {
            return Ok(());
        }
        let Ok(v) = serde_json::from_str::<Value>(line) else {
            return Ok(());
        };
        match text(&v, "/type") {
            Some("user") => {
                if let Some(u) = text(&v, "/user/username") {
                    let key = text(&v, "/user/email").map_or_else(
                        || format!("mattermost:{}", u.to_lowercase()),
                        str::to_lowercase,
                    );
                    let deleted = v
                        .pointer("/user/delete_at")
                        .and_then(Value::as_i64)
                        .filter(|ms| *ms > 0)
                        .and_then(chrono::DateTime::from_timestamp_millis)
                        .map(|d| d.date_naive());
                    dir.accounts.push(uptake_store::Account {
                        tool: "mattermost".into(),
                        account: u.to_lowercase(),
                        person: key.clone(),
                        name: text(&v, "/user/nickname").map(str::to_string),
                        deactivated: deleted,
                        ..Default::default()
                    });
                    dir.people.insert(u.to_lowercase(), key);
                }
            }
            Some("bot") => {
                if let Some(u) = text(&v, "/bot/username") {
                    dir.bots.insert(u.to_lowercase());
                    dir.accounts.push(uptake_store::Account {
                        tool: "mattermost".into(),
                        account: u.to_lowercase(),
                        person: format!("mattermost:{}", u.to_lowercase()),
                        name: text(&v, "/bot/display_name").map(str::to_string),
                        is_bot: true,
                        ..Default::default()
                    });
                }
            }
            _ => {}
        }
        Ok(())
    })?;
    Ok(dir)
}

/// One post, reply or reaction, before it becomes an event.
struct Item<'a> {
    user: Option<&'a str>,
    create_at: Option<i64>,
    action: &'static str,
    activity: Activity,
    /// The emoji of a reaction: one person can add several at the same millisecond.
    emoji: &'a str,
    /// Usernames the item addresses: the author of the post replied or reacted to, the
    /// other members of a direct channel, the people mentioned.
    to: Vec<&'a str>,
}

impl Source for MattermostSource {
    fn name(&self) -> &str {
        "mattermost"
    }

    fn accepts(&self, path: &Path) -> bool {
        let name = path.to_string_lossy().to_ascii_lowercase();
        [".jsonl", ".jsonl.gz", ".json", ".ndjson"]
            .iter()
            .any(|e| name.ends_with(e))
    }

    fn parse(&self, path: &Path) -> Result<ParsedFile> {
        let mut dir = directory(path)?;
        let listed = std::mem::take(&mut dir.accounts);
        let mut tally = Tally::new(path);
        let mut saw_version = false;
        lines(path, |n, line| {
            if line.is_empty() {
                return Ok(());
            }
            if line.starts_with('\u{0}') {
                tally.reject(n, "*", "not valid UTF-8 (the export must be UTF-8)", "");
                return Ok(());
            }
            let v: Value = match serde_json::from_str(line) {
                Ok(v) => v,
                Err(e) => {
                    tally.reject(n, "*", format!("invalid JSON: {e}"), line);
                    return Ok(());
                }
            };
            let kind = text(&v, "/type").unwrap_or("");
            let (body, channel) = match kind {
                "version" => {
                    saw_version = true;
                    return Ok(());
                }
                "post" => {
                    let team = text(&v, "/post/team").unwrap_or("");
                    let ch = text(&v, "/post/channel").unwrap_or("");
                    (&v["post"], format!("{team}/{ch}"))
                }
                "direct_post" => {
                    let mut members: Vec<String> = v
                        .pointer("/direct_post/channel_members")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .map(str::to_lowercase)
                        .collect();
                    members.sort();
                    (&v["direct_post"], format!("dm:{}", members.join(",")))
                }
                // Not standard in mmctl's format, but some converters write replies as lines.
                "reply" => {
                    let ch = text(&v, "/reply/channel").unwrap_or("");
                    (&v["reply"], ch.to_string())
                }
                // Teams, channels, users, bots, emoji, roles, schemes: no activity.
                _ => return Ok(()),
            };
            let root_action = match kind {
                "direct_post" => ("direct_post", Activity::Post),
                "reply" => ("reply", Activity::Reply),
                _ => ("post", Activity::Post),
            };
            let root_author = text(body, "/user");
            let mut root = post_item(body, root_action, None);
            if kind == "direct_post" {
                root.to.extend(
                    v.pointer("/direct_post/channel_members")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str),
                );
            }
            let mut items = vec![root];
            for r in body
                .get("replies")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                items.push(post_item(r, ("reply", Activity::Reply), root_author));
                items.extend(reactions(r));
            }
            items.extend(reactions(body));
            let system = text(body, "/type").is_some_and(|t| t.starts_with("system_"));
            let webhook = body
                .pointer("/props/from_webhook")
                .is_some_and(|w| w == "true" || w == true);
            for (k, item) in items.iter().enumerate() {
                let Some(user) = item.user else {
                    tally.reject(n, "person", "no `user`", line);
                    continue;
                };
                let user_lc = user.to_lowercase();
                let mut counterparts: Vec<String> = Vec::new();
                for to in &item.to {
                    let to = to.to_lowercase();
                    // `@channel`, `@here` and words that are no username are not people.
                    if to != user_lc && dir.people.contains_key(&to) && !dir.bots.contains(&to) {
                        let p = dir.person(&to);
                        if !counterparts.contains(&p) {
                            counterparts.push(p);
                        }
                    }
                }
                // A system post drags its replies out with it only when they are system too.
                if dir.bots.contains(&user_lc) || ((system || webhook) && k == 0) {
                    tally.excluded();
                    continue;
                }
                let Some(ms) = item.create_at else {
                    tally.reject(n, "ts", "no numeric `create_at` (epoch milliseconds)", line);
                    continue;
                };
                let id = xxh3_64(
                    format!(
                        "{channel}\x1f{user_lc}\x1f{ms}\x1f{}\x1f{}",
                        item.action, item.emoji
                    )
                    .as_bytes(),
                );
                tally.event(EventRow {
                    ts_us: ms * 1000,
                    person: dir.person(user),
                    tool: "mattermost".into(),
                    action: item.action.into(),
                    activity: item.activity,
                    category: item.activity.default_category("mattermost"),
                    client: Client::Unknown,
                    channel: Some(channel.clone()),
                    event_id: format!("mattermost:{id:016x}"),
                    counterparts,
                });
            }
            Ok(())
        })?;
        let mut out = tally.finish();
        out.accounts = listed;
        if !saw_version {
            out.warnings.push(
                "no `version` line: a bulk export starts with {\"type\":\"version\",...}; is this file complete?"
                    .into(),
            );
        }
        Ok(out)
    }
}

/// The usernames a message mentions (`@name`; Mattermost usernames are letters, digits,
/// `.`, `_` and `-`). Which of them are people is the directory's call.
fn mentions(message: &str) -> impl Iterator<Item = &str> {
    message.split('@').skip(1).filter_map(|rest| {
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
            .unwrap_or(rest.len());
        // A trailing dot ends the sentence, not the name.
        let name = rest[..end].trim_end_matches('.');
        (!name.is_empty()).then_some(name)
    })
}

fn post_item<'a>(
    p: &'a Value,
    (action, activity): (&'static str, Activity),
    replied_to: Option<&'a str>,
) -> Item<'a> {
    let has_files = p
        .get("attachments")
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty());
    let calls = text(p, "/type").is_some_and(|t| t == "custom_calls");
    let (action, activity) = if calls {
        ("call", Activity::Meet)
    } else if has_files {
        ("file_share", Activity::Share)
    } else {
        (action, activity)
    };
    Item {
        user: text(p, "/user"),
        create_at: p.get("create_at").and_then(Value::as_i64),
        action,
        activity,
        emoji: "",
        to: replied_to
            .into_iter()
            .chain(mentions(text(p, "/message").unwrap_or("")))
            .collect(),
    }
}

fn reactions(p: &Value) -> impl Iterator<Item = Item<'_>> {
    let author = text(p, "/user");
    p.get("reactions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(move |r| Item {
            user: text(r, "/user"),
            create_at: r.get("create_at").and_then(Value::as_i64),
            action: "reaction",
            activity: Activity::React,
            emoji: text(r, "/emoji_name").unwrap_or(""),
            to: author.into_iter().collect(),
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn mentions_are_username_words() {
        let found: Vec<&str> =
            super::mentions("@ana.martin, voir avec @bob-d. Et @channel ! mail: x@y").collect();
        // `@channel` and `y` are words the directory then refuses: not usernames it lists.
        assert_eq!(found, ["ana.martin", "bob-d", "channel", "y"]);
    }
}
