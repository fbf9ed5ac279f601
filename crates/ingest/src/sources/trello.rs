//! Trello board exports (the board's JSON, or a JSON array of actions fetched through
//! the API); mapping table in docs/sources/trello.md.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;
use uptake_store::{Activity, Client, EventRow};

use super::common::{Tally, read_json, text};
use crate::{ParsedFile, Result, Source, activity_of, parse_timestamp};

/// Trello's board export holds at most this many actions: older history is cut off.
pub const TRELLO_ACTION_CAP: usize = 1000;

/// Reads Trello board exports: `ingest trello board.json [comments.json ...]`.
#[derive(Debug, Clone, Default)]
pub struct TrelloSource;

/// The canonical activity of a Trello action type.
pub fn trello_activity(kind: &str) -> Activity {
    match kind {
        "commentCard" | "copyCommentCard" => Activity::Reply,
        "createCard"
        | "createList"
        | "createBoard"
        | "copyCard"
        | "copyBoard"
        | "convertToCardFromCheckItem"
        | "addChecklistToCard"
        | "createCheckItem"
        | "emailCard" => Activity::Create,
        "addAttachmentToCard" => Activity::Share,
        "updateCard"
        | "updateList"
        | "updateCheckItemStateOnCard"
        | "updateCheckItem"
        | "updateChecklist"
        | "updateComment"
        | "moveCardToBoard"
        | "moveCardFromBoard"
        | "moveListToBoard"
        | "moveListFromBoard"
        | "addMemberToCard"
        | "removeMemberFromCard"
        | "addLabelToCard"
        | "removeLabelFromCard"
        | "deleteAttachmentFromCard"
        | "deleteCard"
        | "removeChecklistFromCard"
        | "deleteCheckItem"
        | "updateCustomFieldItem"
        | "deleteComment" => Activity::Edit,
        // Administration of the board, not work on it.
        "addMemberToBoard"
        | "removeMemberFromBoard"
        | "makeAdminOfBoard"
        | "makeNormalMemberOfBoard"
        | "makeObserverOfBoard"
        | "updateBoard"
        | "enablePlugin"
        | "disablePlugin"
        | "enablePowerUp"
        | "disablePowerUp"
        | "addToOrganizationBoard"
        | "removeFromOrganizationBoard"
        | "unconfirmedBoardInvitation" => Activity::Other,
        other => activity_of(other),
    }
}

/// Whom an action addresses, as person keys: the member added to (or removed from) a
/// card, and the members a comment mentions (`@username`). With the board's member list
/// at hand, only its usernames count (`@card` and `@board` notify, they name nobody).
fn counterparts(a: &Value, kind: &str, usernames: &HashMap<&str, &str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |p: String| {
        if !out.contains(&p) {
            out.push(p);
        }
    };
    if matches!(kind, "addMemberToCard" | "removeMemberFromCard") {
        let id = text(a, "/data/idMember").or_else(|| text(a, "/member/id"));
        let name =
            text(a, "/member/username").or_else(|| id.and_then(|i| usernames.get(i).copied()));
        match (name, id) {
            (Some(u), _) => add(format!("trello:{}", u.to_lowercase())),
            (None, Some(i)) => add(format!("trello:{i}")),
            _ => {}
        }
    }
    if kind == "commentCard" {
        let known: Vec<&str> = usernames.values().copied().collect();
        for word in text(a, "/data/text").unwrap_or("").split('@').skip(1) {
            let end = word
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(word.len());
            let name = word[..end].to_lowercase();
            let listed = known.iter().any(|k| k.eq_ignore_ascii_case(&name));
            if !name.is_empty() && name != "card" && name != "board" && (listed || known.is_empty())
            {
                add(format!("trello:{name}"));
            }
        }
    }
    out
}

impl Source for TrelloSource {
    fn name(&self) -> &str {
        "trello"
    }

    fn accepts(&self, path: &Path) -> bool {
        let name = path.to_string_lossy().to_ascii_lowercase();
        name.ends_with(".json") || name.ends_with(".json.gz")
    }

    fn parse(&self, path: &Path) -> Result<ParsedFile> {
        let doc = read_json(path)?;
        let (actions, members, board) = match &doc {
            Value::Array(actions) => (actions.as_slice(), &[][..], None),
            Value::Object(o) => match o.get("actions").and_then(Value::as_array) {
                Some(actions) => (
                    actions.as_slice(),
                    o.get("members")
                        .and_then(Value::as_array)
                        .map_or(&[][..], Vec::as_slice),
                    text(&doc, "/name"),
                ),
                None => {
                    return Err(crate::Error::read(
                        path,
                        "no `actions` array: not a Trello board export (export the board as JSON from its menu: Print, export and share)",
                    ));
                }
            },
            _ => {
                return Err(crate::Error::read(
                    path,
                    "expected a board object or an array of actions",
                ));
            }
        };
        // Member id -> username, for actions that carry only `idMemberCreator`.
        let usernames: HashMap<&str, &str> = members
            .iter()
            .filter_map(|m| Some((text(m, "/id")?, text(m, "/username")?)))
            .collect();
        let mut tally = Tally::new(path);
        for (i, a) in actions.iter().enumerate() {
            let record = i as u64 + 1;
            let raw = || a.to_string();
            let Some(kind) = text(a, "/type") else {
                tally.reject(record, "action", "action without a `type`", &raw());
                continue;
            };
            let Some(id) = text(a, "/id") else {
                tally.reject(record, "event_id", "action without an `id`", &raw());
                continue;
            };
            let member_id = text(a, "/idMemberCreator").or_else(|| text(a, "/memberCreator/id"));
            let username = text(a, "/memberCreator/username")
                .or_else(|| member_id.and_then(|m| usernames.get(m).copied()));
            let person = match (username, member_id) {
                (Some(u), _) => format!("trello:{}", u.to_lowercase()),
                (None, Some(m)) => format!("trello:{m}"),
                (None, None) => {
                    tally.reject(record, "person", "action without `idMemberCreator`", &raw());
                    continue;
                }
            };
            let Some(date) = text(a, "/date") else {
                tally.reject(record, "ts", "action without a `date`", &raw());
                continue;
            };
            let ts_us = match parse_timestamp(date, chrono_tz::UTC) {
                Ok(t) => t,
                Err(e) => {
                    tally.reject(record, "ts", e, &raw());
                    continue;
                }
            };
            let activity = trello_activity(kind);
            let channel = text(a, "/data/board/name").or(board);
            let counterparts = counterparts(a, kind, &usernames)
                .into_iter()
                .filter(|c| *c != person)
                .collect();
            tally.event(EventRow {
                ts_us,
                person,
                tool: "trello".into(),
                action: kind.into(),
                activity,
                category: activity.default_category("trello"),
                client: Client::Unknown,
                channel: channel.map(str::to_string),
                event_id: format!("trello:{id}"),
                counterparts,
            });
        }
        let mut out = tally.finish();
        out.accounts = members
            .iter()
            .filter_map(|m| {
                let user = text(m, "/username")?.to_lowercase();
                Some(uptake_store::Account {
                    tool: "trello".into(),
                    account: user.clone(),
                    person: format!("trello:{user}"),
                    name: text(m, "/fullName").map(str::to_string),
                    ..Default::default()
                })
            })
            .collect();
        if actions.len() == TRELLO_ACTION_CAP && !members.is_empty() {
            out.warnings.push(format!(
                "the board export holds exactly {TRELLO_ACTION_CAP} actions, Trello's export cap: \
                 actions before the oldest one ({}) are missing; fetch them through the API \
                 (GET /1/boards/{{id}}/actions?before=...) and ingest those files too",
                actions
                    .iter()
                    .filter_map(|a| text(a, "/date"))
                    .min()
                    .unwrap_or("?")
            ));
        }
        Ok(out)
    }
}
