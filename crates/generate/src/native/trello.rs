//! Trello actions as the REST API returns them (a JSON array), and the identity map that
//! ties Trello usernames to e-mails, since Trello exports carry none.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde_json::json;

use super::{create, flush, io, iso, username};
use crate::Result;
use crate::sink::{EventSink, GenEvent};

pub struct TrelloSink {
    path: PathBuf,
    identities: PathBuf,
    out: BufWriter<File>,
    first: bool,
    /// username -> e-mail of everyone written.
    members: BTreeMap<String, String>,
}

impl TrelloSink {
    pub fn create(path: &Path, identities: &Path) -> Result<TrelloSink> {
        let mut out = create(path)?;
        out.write_all(b"[").map_err(io(path))?;
        Ok(TrelloSink {
            path: path.into(),
            identities: identities.into(),
            out,
            first: true,
            members: BTreeMap::new(),
        })
    }
}

fn action_type(activity: &str) -> &'static str {
    match activity {
        "create" => "createCard",
        "edit" | "view" => "updateCard",
        "share" => "addAttachmentToCard",
        _ => "commentCard",
    }
}

impl EventSink for TrelloSink {
    fn write(&mut self, e: &GenEvent<'_>) -> Result<()> {
        // Trello has no integrations posting as users in a board's actions.
        if e.is_bot {
            return Ok(());
        }
        let user = username(e.person);
        let member_id = format!("{:024x}", crate::native::trello::member_hash(&user));
        self.members
            .entry(user.clone())
            .or_insert_with(|| e.person.to_string());
        let kind = if e.tool == "trello" {
            e.action
        } else {
            action_type(e.activity)
        };
        let mut data =
            json!({"board": {"name": e.channel}, "card": {"name": "Suivi du déploiement"}});
        if kind == "commentCard" {
            // A comment mentions the member it is for.
            data["text"] = match e.counterpart {
                Some(c) => {
                    let to = username(c);
                    self.members
                        .entry(to.clone())
                        .or_insert_with(|| c.to_string());
                    format!("@{to} à voir").into()
                }
                None => "Fait.".into(),
            };
        }
        let action = json!({
            "id": format!("{:024x}", e.event_id),
            "idMemberCreator": member_id,
            "type": kind,
            "date": format!("{}.000Z", iso(e.ts)),
            "data": data,
            "memberCreator": {"id": member_id, "username": user, "fullName": user.replace('_', " ")},
        });
        let sep: &[u8] = if self.first { b"\n" } else { b",\n" };
        self.first = false;
        self.out.write_all(sep).map_err(io(&self.path))?;
        write!(self.out, "{action}").map_err(io(&self.path))
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        self.out.write_all(b"\n]\n").map_err(io(&self.path))?;
        let path = self.path.clone();
        flush(self.out, &path)?;
        let mut ids = create(&self.identities)?;
        writeln!(ids, "alias,person").map_err(io(&self.identities))?;
        for (user, email) in &self.members {
            writeln!(ids, "trello:{user},{email}").map_err(io(&self.identities))?;
        }
        flush(ids, &self.identities)
    }
}

/// A stable 96-bit-looking member id from a username.
pub(crate) fn member_hash(user: &str) -> u128 {
    user.bytes().fold(0xcbf2_9ce4_8422_2325_u128, |h, b| {
        (h ^ u128::from(b)).wrapping_mul(0x0100_0000_01b3)
    }) & ((1u128 << 96) - 1)
}
