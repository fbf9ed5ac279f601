use std::fmt;
use std::str::FromStr;

macro_rules! label_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $label:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                let t = s.trim();
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str().eq_ignore_ascii_case(t))
                    .ok_or_else(|| {
                        let all: Vec<&str> = $name::ALL.iter().map(|v| v.as_str()).collect();
                        format!("`{t}` is not one of: {}", all.join(", "))
                    })
            }
        }
    };
}

label_enum!(
    /// What a person did, normalised across tools.
    Activity {
        Post => "post",
        Reply => "reply",
        React => "react",
        Share => "share",
        Edit => "edit",
        View => "view",
        Meet => "meet",
        Call => "call",
        Create => "create",
        Login => "login",
        Other => "other",
    }
);

label_enum!(
    /// The use case an action serves.
    Category {
        Messaging => "messaging",
        Meetings => "meetings",
        Documents => "documents",
        Tasks => "tasks",
        Social => "social",
        Access => "access",
    }
);

label_enum!(
    /// The kind of client an action came from.
    Client {
        Desktop => "desktop",
        Mobile => "mobile",
        Web => "web",
        Unknown => "unknown",
    }
);

impl Activity {
    /// Whether the activity counts at the `contributing` level (docs/metrics.md).
    pub fn is_contributing(self) -> bool {
        matches!(
            self,
            Activity::Post
                | Activity::Reply
                | Activity::Share
                | Activity::Edit
                | Activity::Create
                | Activity::Meet
                | Activity::Call
        )
    }

    /// The default use case of an activity when the source does not say.
    pub fn default_category(self, tool: &str) -> Category {
        let task_tool = matches!(tool, "trello" | "planner" | "asana" | "jira" | "monday");
        match self {
            _ if task_tool && self != Activity::Login => Category::Tasks,
            Activity::Post | Activity::Reply | Activity::React => Category::Messaging,
            Activity::Meet | Activity::Call => Category::Meetings,
            Activity::Share | Activity::Edit | Activity::View | Activity::Create => {
                Category::Documents
            }
            Activity::Login => Category::Access,
            Activity::Other => Category::Social,
        }
    }
}

impl Client {
    /// Maps the many spellings sources use for a client onto the four kinds.
    pub fn normalise(raw: &str) -> Client {
        let s = raw.trim().to_ascii_lowercase();
        if s.is_empty() {
            return Client::Unknown;
        }
        const MOBILE: &[&str] = &[
            "mobile", "ios", "android", "iphone", "ipad", "phone", "tablet",
        ];
        const WEB: &[&str] = &["web", "browser", "chrome", "firefox", "safari", "edge"];
        const DESKTOP: &[&str] = &[
            "desktop",
            "windows",
            "mac",
            "linux",
            "win32",
            "electron",
            "outlook",
            "microsoft office",
            "excel",
            "powerpoint",
        ];
        if MOBILE.iter().any(|k| s.contains(k)) {
            Client::Mobile
        } else if WEB.iter().any(|k| s.contains(k)) {
            Client::Web
        } else if DESKTOP.iter().any(|k| s.contains(k)) {
            Client::Desktop
        } else {
            Client::Unknown
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip_and_reject_unknown() {
        for a in Activity::ALL {
            assert_eq!(a.as_str().parse::<Activity>().unwrap(), *a);
        }
        assert_eq!("  POST ".parse::<Activity>().unwrap(), Activity::Post);
        let err = "dance".parse::<Activity>().unwrap_err();
        assert!(err.contains("`dance` is not one of: post, reply"), "{err}");
    }

    #[test]
    fn client_spellings() {
        assert_eq!(Client::normalise("Android"), Client::Mobile);
        assert_eq!(Client::normalise("Teams iOS"), Client::Mobile);
        assert_eq!(Client::normalise("Chrome 119"), Client::Web);
        assert_eq!(Client::normalise("Windows desktop"), Client::Desktop);
        assert_eq!(
            Client::normalise("Microsoft Office Word 2014"),
            Client::Desktop
        );
        assert_eq!(Client::normalise(""), Client::Unknown);
        assert_eq!(Client::normalise("smart fridge"), Client::Unknown);
    }

    #[test]
    fn task_tools_default_to_tasks() {
        assert_eq!(Activity::Create.default_category("trello"), Category::Tasks);
        assert_eq!(
            Activity::Create.default_category("sharepoint"),
            Category::Documents
        );
        assert_eq!(Activity::Login.default_category("trello"), Category::Access);
        assert_eq!(Activity::Call.default_category("teams"), Category::Meetings);
    }
}
