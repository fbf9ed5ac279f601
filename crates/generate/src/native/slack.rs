//! A Slack workspace export (.zip): `users.json`, `channels.json` and one JSON array per
//! conversation and day, written a day at a time.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use super::{DayBuffer, Ev, day_name, io};
use crate::sink::{EventSink, GenEvent};
use crate::{Error, Result};

const EMOJI: &[&str] = &[
    "+1",
    "tada",
    "eyes",
    "white_check_mark",
    "raised_hands",
    "heart",
    "rocket",
    "pray",
];
/// The integration that hosts reactions on days a channel has no message to react to.
const HOST_BOT: &str = "welcome-bot";

pub struct SlackSink {
    path: PathBuf,
    zip: ZipWriter<File>,
    buffer: DayBuffer,
    /// e-mail -> (user id, is_bot), in order of first appearance.
    users: HashMap<String, (String, bool)>,
    channels: BTreeMap<String, String>,
}

impl SlackSink {
    pub fn create(path: &Path) -> Result<SlackSink> {
        let file = File::create(path).map_err(io(path))?;
        Ok(SlackSink {
            path: path.into(),
            zip: ZipWriter::new(file),
            buffer: DayBuffer::default(),
            users: HashMap::new(),
            channels: BTreeMap::new(),
        })
    }

    fn user_id(&mut self, email: &str, is_bot: bool) -> String {
        let n = self.users.len();
        self.users
            .entry(email.to_string())
            .or_insert_with(|| (format!("U{:08X}", 0x1000_0000 + n), is_bot))
            .0
            .clone()
    }

    fn entry(&mut self, name: &str, value: &Value) -> Result<()> {
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        self.zip
            .start_file(name, options)
            .map_err(|e| Error::Invalid(format!("{}: {e}", self.path.display())))?;
        serde_json::to_writer_pretty(&mut self.zip, value)
            .map_err(|e| Error::Invalid(format!("{}: {e}", self.path.display())))
    }

    fn write_day(&mut self, day: i64, events: Vec<Ev>) -> Result<()> {
        let mut by_channel: BTreeMap<String, Vec<Ev>> = BTreeMap::new();
        for e in events {
            by_channel.entry(e.channel.clone()).or_default().push(e);
        }
        for (channel, mut evs) in by_channel {
            evs.sort_by_key(|e| (e.ts, e.event_id));
            let n = self.channels.len();
            self.channels
                .entry(channel.clone())
                .or_insert_with(|| format!("C{:08X}", 0x2000_0000 + n));
            let mut messages: Vec<Value> = Vec::new();
            let mut per_second: HashMap<i64, u32> = HashMap::new();
            let mut next_ts = |secs: i64| {
                let k = per_second.entry(secs).or_default();
                *k += 1;
                format!("{secs}.{:06}", *k - 1)
            };
            for e in evs {
                if e.is_bot {
                    let ts = next_ts(e.ts);
                    messages.push(bot_message(&e.person, &ts));
                    continue;
                }
                let user = self.user_id(&e.person, false);
                // Reactions and replies hang on an integration's reminder, so that the
                // reader finds no author to address: only a generated counterpart is one.
                if e.activity == "react" {
                    let host = messages
                        .iter()
                        .rev()
                        .take(5)
                        .position(|m| is_host(m) && free_emoji(m, &user).is_some());
                    let i = match host {
                        Some(back) => messages.len() - 1 - back,
                        None => {
                            let ts = next_ts(e.ts);
                            messages.push(bot_message(&format!("{HOST_BOT}@sample"), &ts));
                            messages.len() - 1
                        }
                    };
                    let name = free_emoji(&messages[i], &user).unwrap_or(EMOJI[0]);
                    add_reaction(&mut messages[i], name, &user);
                    continue;
                }
                if e.activity == "reply" && !messages.iter().any(is_host) {
                    let ts = next_ts(e.ts);
                    messages.push(bot_message(&format!("{HOST_BOT}@sample"), &ts));
                }
                let ts = next_ts(e.ts);
                let text = match &e.counterpart {
                    Some(c) => format!("<@{}> {}", self.user_id(c, false), e.action),
                    None => e.action.to_string(),
                };
                let mut m = json!({"type": "message", "user": user, "text": text, "ts": ts});
                match e.activity {
                    "reply" => {
                        let parent = messages
                            .iter()
                            .rev()
                            .find(|m| is_host(m))
                            .and_then(|p| p["ts"].as_str())
                            .map(str::to_string)
                            .unwrap_or_default();
                        m["thread_ts"] = parent.into();
                    }
                    "meet" | "call" => m["subtype"] = "huddle_thread".into(),
                    "share" | "create" | "edit" | "view" => {
                        m["subtype"] = "file_share".into();
                        m["files"] = json!([{"id": format!("F{:010}", e.event_id), "name": format!("{}.docx", e.action)}]);
                    }
                    _ => {}
                }
                messages.push(m);
            }
            self.entry(
                &format!("{channel}/{}.json", day_name(day)),
                &Value::Array(messages),
            )?;
        }
        Ok(())
    }
}

fn bot_message(bot: &str, ts: &str) -> Value {
    let name = bot.split('@').next().unwrap_or(bot);
    json!({"type": "message", "subtype": "bot_message", "bot_id": format!("B{}", name.len()), "username": name, "text": "Rappel automatique", "ts": ts})
}

/// An integration's message, which hosts reactions and threads.
fn is_host(m: &Value) -> bool {
    m.get("bot_id").is_some()
}

/// An emoji `user` has not yet put on `m`, unless `m` is their own message.
fn free_emoji(m: &Value, user: &str) -> Option<&'static str> {
    if m["user"].as_str() == Some(user) {
        return None;
    }
    EMOJI.iter().copied().find(|name| {
        !m["reactions"].as_array().into_iter().flatten().any(|r| {
            r["name"] == *name
                && r["users"]
                    .as_array()
                    .is_some_and(|us| us.iter().any(|u| u == user))
        })
    })
}

fn add_reaction(m: &mut Value, name: &str, user: &str) {
    if m.get("reactions").is_none() {
        m["reactions"] = json!([]);
    }
    let Some(rs) = m["reactions"].as_array_mut() else {
        return;
    };
    match rs.iter_mut().find(|r| r["name"] == name) {
        Some(r) => {
            if let Some(us) = r["users"].as_array_mut() {
                us.push(user.into());
            }
            let count = r["users"].as_array().map_or(0, Vec::len);
            r["count"] = count.into();
        }
        None => rs.push(json!({"name": name, "users": [user], "count": 1})),
    }
}

impl EventSink for SlackSink {
    fn write(&mut self, e: &GenEvent<'_>) -> Result<()> {
        if let Some((day, events)) = self.buffer.push(Ev::from(e)) {
            self.write_day(day, events)?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        if let Some((day, events)) = self.buffer.take() {
            self.write_day(day, events)?;
        }
        let mut users: Vec<(&String, &(String, bool))> = self.users.iter().collect();
        users.sort_by(|a, b| a.1.0.cmp(&b.1.0));
        let users: Vec<Value> = users
            .into_iter()
            .map(|(email, (id, is_bot))| {
                json!({"id": id, "name": email.split('@').next().unwrap_or(email), "deleted": false,
                       "is_bot": is_bot, "profile": {"email": email, "real_name": email.split('@').next().unwrap_or(email)}})
            })
            .collect();
        self.entry("users.json", &Value::Array(users))?;
        let channels: Vec<Value> = self
            .channels
            .iter()
            .map(|(name, id)| json!({"id": id, "name": name, "is_archived": false, "is_general": name == "general"}))
            .collect();
        self.entry("channels.json", &Value::Array(channels))?;
        let path = self.path.clone();
        let mut file = self
            .zip
            .finish()
            .map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))?;
        file.flush().map_err(io(&path))
    }
}
