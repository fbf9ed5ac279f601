//! Normalisation of a tool's own action names into the canonical activities.

use uptake_store::Activity;

/// Keywords looked for, in order, in a lower-cased action name. The order settles
/// names that hold two keywords: `commentCard` is a reply before it is a card created.
const KEYWORDS: &[(&[&str], Activity)] = &[
    (&["reply", "comment", "respond", "answer"], Activity::Reply),
    (&["react", "like", "emoji"], Activity::React),
    (&["meet", "conference"], Activity::Meet),
    (&["call"], Activity::Call),
    (
        &[
            "login",
            "loggedin",
            "logged_in",
            "logon",
            "signin",
            "sign_in",
            "sign-in",
            "authenticat",
        ],
        Activity::Login,
    ),
    (&["post", "message", "send", "sent", "chat"], Activity::Post),
    (&["share", "upload", "attach"], Activity::Share),
    (
        &["edit", "update", "modif", "rename", "move"],
        Activity::Edit,
    ),
    (&["create", "add", "new"], Activity::Create),
    (
        &[
            "view", "open", "read", "download", "access", "preview", "visit",
        ],
        Activity::View,
    ),
];

/// The activity an action name most likely stands for; [`Activity::Other`] when no
/// keyword matches. An exact canonical name (`post`, `meet`, ...) maps to itself.
pub fn activity_of(action: &str) -> Activity {
    let a = action.trim().to_ascii_lowercase();
    if let Ok(exact) = a.parse::<Activity>() {
        return exact;
    }
    KEYWORDS
        .iter()
        .find(|(words, _)| words.iter().any(|w| a.contains(w)))
        .map(|(_, activity)| *activity)
        .unwrap_or(Activity::Other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_action_names() {
        let cases = [
            ("MessageSent", Activity::Post),
            ("commentCard", Activity::Reply),
            ("createCard", Activity::Create),
            ("updateCard", Activity::Edit),
            ("FileAccessed", Activity::View),
            ("FileUploaded", Activity::Share),
            ("MeetingParticipantJoined", Activity::Meet),
            ("UserLoggedIn", Activity::Login),
            ("login", Activity::Login),
            ("reaction_added", Activity::React),
            ("call", Activity::Call),
            ("edit", Activity::Edit),
            ("something else", Activity::Other),
        ];
        for (action, want) in cases {
            assert_eq!(activity_of(action), want, "{action}");
        }
    }
}
