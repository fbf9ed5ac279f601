//! One Slack day file (`channel/YYYY-MM-DD.json`) read into events, whichever way they
//! are gathered: as rows for [`Source::parse`](crate::Source::parse) or as columns for
//! the streamed reader (mapping table in docs/sources/slack.md).

use std::borrow::Cow;

use foldhash::HashMap;
use serde_json::Value;
use uptake_store::{Activity, Client, EventRow};

use crate::{Reject, parse_timestamp};

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
/// Slackbot's user id: never a person, whether users.json lists it or not (real exports
/// often leave it out, and its reminders and notices would then make one fake person).
const SLACKBOT: &str = "USLACKBOT";

/// Subtypes posted by bots and integrations.
const BOT_SUBTYPES: &[&str] = &[
    "bot_message",
    "bot_add",
    "bot_remove",
    "bot_enable",
    "bot_disable",
];

/// A Slack user, as users.json describes it.
pub(super) struct Account {
    /// The person key: the lower-cased e-mail, else `slack:id` (lower-cased like every
    /// person key).
    pub person: String,
    pub is_bot: bool,
}

/// Slack user id -> person key and bot flag, from the account records.
pub(super) fn accounts(records: &[uptake_store::Account]) -> HashMap<String, Account> {
    records
        .iter()
        .map(|a| {
            let account = Account {
                person: a.person.clone(),
                is_bot: a.is_bot,
            };
            (a.account.clone(), account)
        })
        .collect()
}

/// users.json as account records: the person key is the lower-cased e-mail, else
/// `slack:id` (lower-cased like every person key). Deleted accounts are deactivated on
/// their `updated` date, the only date an export gives.
pub(super) fn account_records(users: &[Value]) -> Vec<uptake_store::Account> {
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
                is_bot: u.get("is_bot").and_then(Value::as_bool).unwrap_or(false) || id == SLACKBOT,
            })
        })
        .collect()
}

/// One event of a day file, its strings borrowed from the file, the users or the reader.
#[derive(Debug, Clone, Copy)]
pub(super) struct SlackEvent<'a> {
    pub ts_us: i64,
    pub person: &'a str,
    pub action: &'a str,
    pub activity: Activity,
    pub channel: &'a str,
    pub event_id: &'a str,
    pub counterparts: &'a [Cow<'a, str>],
}

/// Where a day file's events go.
pub(super) trait DaySink {
    fn push(&mut self, event: SlackEvent<'_>);
}

impl DaySink for Vec<EventRow> {
    fn push(&mut self, e: SlackEvent<'_>) {
        Vec::push(
            self,
            EventRow {
                ts_us: e.ts_us,
                person: e.person.to_string(),
                tool: "slack".into(),
                action: e.action.to_string(),
                activity: e.activity,
                category: e.activity.default_category("slack"),
                client: Client::Unknown,
                channel: Some(e.channel.to_string()),
                event_id: e.event_id.to_string(),
                counterparts: e.counterparts.iter().map(|c| c.to_string()).collect(),
            },
        );
    }
}

/// What a day file counted besides its events.
#[derive(Debug, Default)]
pub(super) struct DayCounts {
    pub read: u64,
    pub excluded: u64,
    pub rejects: Vec<Reject>,
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

/// Reads the day file `entry` of the export `file` (its bytes, of `channel`) into `sink`.
pub(super) fn parse_day<'u>(
    file: &str,
    entry: &str,
    channel: &str,
    bytes: &[u8],
    users: &'u HashMap<String, Account>,
    sink: &mut impl DaySink,
) -> DayCounts {
    let mut out = DayCounts::default();
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
    let is_bot = |id: &str| id == SLACKBOT || users.get(id).is_some_and(|a| a.is_bot);
    let person_of = |id: &str| -> Cow<'u, str> {
        match users.get(id) {
            Some(a) => Cow::Borrowed(a.person.as_str()),
            None => Cow::Owned(format!("slack:{}", id.to_lowercase())),
        }
    };
    let mut event_id = String::new();
    for (i, m) in messages.iter().enumerate() {
        let record = i as u64 + 1;
        // One record per message and one per (reaction, user) on it.
        let reacts = m.reactions();
        let records = 1 + reacts.len() as u64;
        out.read += records;
        let subtype = m.subtype.as_deref().unwrap_or("");
        let user = m.user.as_deref();
        let bot_id = m.bot_id.is_some();
        let not_a_person = BOT_SUBTYPES.contains(&subtype)
            || user.is_some_and(is_bot)
            || (bot_id && user.is_none())
            || SYSTEM_SUBTYPES.contains(&subtype)
            || user.is_none();
        let ts_raw = m.ts.as_deref();
        let ts = ts_raw.map(|t| parse_timestamp(t, chrono_tz::UTC));
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
        // The author as a person, when the message is a person's.
        let author = match user {
            Some(u) if !not_a_person => Some((u, person_of(u))),
            _ => None,
        };
        match &author {
            None => {
                // People reacting to a bot's or the system's message are still people acting.
                out.excluded += 1;
            }
            Some((author, author_key)) => {
                let thread = m.thread_ts.as_deref().filter(|t| *t != ts_raw);
                let (action, activity) = match subtype {
                    "file_share" => ("file_share", Activity::Share),
                    "file_comment" => ("file_comment", Activity::Reply),
                    "huddle_thread" => ("huddle", Activity::Meet),
                    _ if thread.is_some() => ("thread_reply", Activity::Reply),
                    "" | "me_message" | "thread_broadcast" => ("message", Activity::Post),
                    other => (other, Activity::Other),
                };
                // Whom the message addresses: the thread's author for a reply, and
                // everyone it mentions.
                let parent = thread.and_then(|t| {
                    m.parent_user_id
                        .as_deref()
                        .or_else(|| authors.get(t).copied())
                });
                let mut counterparts: Vec<Cow<'u, str>> = Vec::new();
                for id in parent
                    .into_iter()
                    .chain(mentions(m.text.as_deref().unwrap_or("")))
                {
                    if id == *author || is_bot(id) {
                        continue;
                    }
                    let p = person_of(id);
                    if !counterparts.contains(&p) {
                        counterparts.push(p);
                    }
                }
                event_id.clear();
                event_id.push_str("slack:");
                event_id.push_str(channel);
                event_id.push('/');
                event_id.push_str(ts_raw);
                sink.push(SlackEvent {
                    ts_us,
                    person: author_key,
                    action,
                    activity,
                    channel,
                    event_id: &event_id,
                    counterparts: &counterparts,
                });
            }
        }
        // Reactions carry no time of their own: each is dated at the message it reacts to.
        for &(name, reactor) in &reacts {
            if is_bot(reactor) {
                out.excluded += 1;
                continue;
            }
            let reactor_key = person_of(reactor);
            event_id.clear();
            event_id.push_str("slack:");
            event_id.push_str(channel);
            event_id.push('/');
            event_id.push_str(ts_raw);
            event_id.push_str("/react/");
            event_id.push_str(name);
            event_id.push('/');
            event_id.push_str(reactor);
            // A reaction answers the message's author, when that is a person.
            let answered = match &author {
                Some((u, key)) if *u != reactor => std::slice::from_ref(key),
                _ => &[],
            };
            sink.push(SlackEvent {
                ts_us,
                person: &reactor_key,
                action: "reaction_added",
                activity: Activity::React,
                channel,
                event_id: &event_id,
                counterparts: answered,
            });
        }
    }
    out
}

impl DayCounts {
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
        let users = accounts(&account_records(&users));
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
        let read = |bytes: &[u8]| {
            let mut rows: Vec<EventRow> = Vec::new();
            let counts = parse_day(
                "f",
                "general/2024-03-01.json",
                "general",
                bytes,
                &users,
                &mut rows,
            );
            (counts, rows)
        };
        let (typed, typed_events) = read(day("").as_bytes());
        let (values, values_events) = read(day(r#",{"ts":5}"#).as_bytes());
        // The first file is read typed, the second through `Value`s.
        let parses = |extra: &str| serde_json::from_str::<Vec<Message>>(&day(extra)).is_ok();
        assert!(parses("") && !parses(r#",{"ts":5}"#));
        assert_eq!(typed_events, values_events);
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
        let events: Vec<(&str, &str, &[String])> = typed_events
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
        assert_eq!(typed_events[0].counterparts, u2);
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
            mentions("<@U123> and <@W9|bob>, not <#C1|general> nor <@ broken> <@U2").collect();
        assert_eq!(found, ["U123", "W9"]);
    }
}
