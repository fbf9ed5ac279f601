//! A Mattermost bulk export (JSONL). Posts are written a day at a time, with that day's
//! replies and reactions nested as mmctl writes them; `user` and `bot` lines, which must
//! come first, are prepended when the simulation ends.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::{DayBuffer, Ev, create, flush, io, username};
use crate::Result;
use crate::sink::{EventSink, GenEvent};

const TEAM: &str = "sample";
const EMOJI: &[&str] = &["+1", "tada", "eyes", "heart", "rocket"];
const HOST_BOT: &str = "welcome-bot";

pub struct MattermostSink {
    path: PathBuf,
    posts_path: PathBuf,
    posts: BufWriter<File>,
    buffer: DayBuffer,
    users: BTreeMap<String, String>,
    bots: BTreeSet<String>,
    channels: BTreeSet<String>,
}

impl MattermostSink {
    pub fn create(path: &Path) -> Result<MattermostSink> {
        let posts_path = path.with_extension("posts.tmp");
        Ok(MattermostSink {
            path: path.into(),
            posts: create(&posts_path)?,
            posts_path,
            buffer: DayBuffer::default(),
            users: BTreeMap::new(),
            bots: BTreeSet::new(),
            channels: BTreeSet::new(),
        })
    }

    fn write_day(&mut self, events: Vec<Ev>) -> Result<()> {
        let mut by_channel: BTreeMap<String, Vec<Ev>> = BTreeMap::new();
        for e in events {
            by_channel.entry(e.channel.clone()).or_default().push(e);
        }
        for (channel, mut evs) in by_channel {
            evs.sort_by_key(|e| (e.ts, e.event_id));
            self.channels.insert(channel.clone());
            let mut roots: Vec<Value> = Vec::new();
            let mut per_second: HashMap<i64, i64> = HashMap::new();
            let mut ms = |secs: i64| {
                let k = per_second.entry(secs).or_default();
                *k += 1;
                secs * 1000 + *k - 1
            };
            for e in evs {
                let user = username(&e.person);
                if e.is_bot {
                    self.bots.insert(user.clone());
                } else {
                    self.users
                        .entry(user.clone())
                        .or_insert_with(|| e.person.clone());
                }
                let at = ms(e.ts);
                let root = |user: &str| json!({"team": TEAM, "channel": channel, "user": user, "message": e.action, "create_at": at});
                match e.activity {
                    // Replies and reactions hang on an integration's post, so that the
                    // reader finds no author to address: only a generated counterpart is one.
                    "reply" | "react" if !e.is_bot => {
                        if !roots.iter().any(|r| r["user"] == HOST_BOT) {
                            self.bots.insert(HOST_BOT.into());
                            roots.push(root(HOST_BOT));
                        }
                        let Some(host) = roots.iter_mut().rev().find(|r| r["user"] == HOST_BOT)
                        else {
                            continue;
                        };
                        let key = if e.activity == "reply" {
                            "replies"
                        } else {
                            "reactions"
                        };
                        if host.get(key).is_none() {
                            host[key] = json!([]);
                        }
                        let item = if e.activity == "reply" {
                            let message = match &e.counterpart {
                                Some(c) => {
                                    let to = username(c);
                                    self.users.entry(to.clone()).or_insert_with(|| c.clone());
                                    format!("@{to} {}", e.action)
                                }
                                None => e.action.to_string(),
                            };
                            json!({"user": user, "message": message, "create_at": at})
                        } else {
                            let n = host[key].as_array().map_or(0, Vec::len);
                            json!({"user": user, "emoji_name": EMOJI[n % EMOJI.len()], "create_at": at})
                        };
                        if let Some(items) = host[key].as_array_mut() {
                            items.push(item);
                        }
                    }
                    activity => {
                        let mut p = root(&user);
                        match activity {
                            "share" => {
                                p["attachments"] =
                                    json!([{"path": format!("data/{}.pdf", e.event_id)}])
                            }
                            "meet" | "call" => p["type"] = "custom_calls".into(),
                            _ => {}
                        }
                        roots.push(p);
                    }
                }
            }
            for p in roots {
                writeln!(self.posts, "{}", json!({"type": "post", "post": p}))
                    .map_err(io(&self.posts_path))?;
            }
        }
        Ok(())
    }
}

impl EventSink for MattermostSink {
    fn write(&mut self, e: &GenEvent<'_>) -> Result<()> {
        if let Some((_, events)) = self.buffer.push(Ev::from(e)) {
            self.write_day(events)?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        if let Some((_, events)) = self.buffer.take() {
            self.write_day(events)?;
        }
        let posts_path = self.posts_path.clone();
        flush(self.posts, &posts_path)?;
        let path = self.path.clone();
        let mut out = create(&path)?;
        let mut line = |v: Value| writeln!(out, "{v}").map_err(io(&path));
        line(
            json!({"type": "version", "version": 1, "info": {"generator": "uptake generate", "version": "1"}}),
        )?;
        line(
            json!({"type": "team", "team": {"name": TEAM, "display_name": "Sample", "type": "O"}}),
        )?;
        for c in &self.channels {
            line(
                json!({"type": "channel", "channel": {"team": TEAM, "name": c, "display_name": c, "type": "O"}}),
            )?;
        }
        for (u, email) in &self.users {
            line(
                json!({"type": "user", "user": {"username": u, "email": email, "auth_service": "", "teams": [{"name": TEAM}]}}),
            )?;
        }
        for b in &self.bots {
            line(
                json!({"type": "bot", "bot": {"username": b, "display_name": b, "owner": "admin"}}),
            )?;
        }
        let mut posts = File::open(&posts_path).map_err(io(&posts_path))?;
        std::io::copy(&mut posts, &mut out).map_err(io(&path))?;
        flush(out, &path)?;
        std::fs::remove_file(&posts_path).map_err(io(&posts_path))
    }
}
