//! Tool families: tools of one suite that work as one (files shared in Teams are stored
//! in SharePoint or OneDrive), so that using them together is not tool sprawl. The
//! plan's `[tool_families]` replaces the defaults (docs/plan.md).

use std::collections::BTreeMap;

/// The default families: Microsoft 365 and Google Workspace, under the tool names the
/// sources store (docs/sources/). A member ending in `*` is a prefix.
pub const DEFAULT_FAMILIES: &[(&str, &[&str])] = &[
    (
        "microsoft-365",
        &[
            "teams",
            "sharepoint",
            "onedrive",
            "outlook",
            "exchange",
            "m365",
            "planner",
            "viva-engage",
            "yammer",
            "skype",
            "word",
            "excel",
            "powerpoint",
            "onenote",
            "stream",
            "forms",
            "loop",
            "whiteboard",
        ],
    ),
    (
        "google-workspace",
        &[
            "google-*", "drive", "docs", "sheets", "slides", "meet", "chat", "gmail", "calendar",
        ],
    ),
];

/// Which family each tool belongs to; a tool in no family is its own.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolFamilies {
    /// Family name -> its members (lower-case tool names; a trailing `*` is a prefix).
    families: BTreeMap<String, Vec<String>>,
}

impl Default for ToolFamilies {
    fn default() -> Self {
        ToolFamilies {
            families: DEFAULT_FAMILIES
                .iter()
                .map(|(name, tools)| {
                    (
                        name.to_string(),
                        tools.iter().map(|t| t.to_string()).collect(),
                    )
                })
                .collect(),
        }
    }
}

impl ToolFamilies {
    /// No families: every tool is its own (sprawl counts tools).
    pub fn none() -> ToolFamilies {
        ToolFamilies {
            families: BTreeMap::new(),
        }
    }

    /// Families as the plan writes them (`name = ["tool", "prefix-*", ...]`); a tool in
    /// two families is an error naming both.
    pub fn parse(table: BTreeMap<String, Vec<String>>) -> Result<ToolFamilies, String> {
        let mut owner: BTreeMap<String, String> = BTreeMap::new();
        let mut families = BTreeMap::new();
        for (name, tools) in table {
            let at = format!("tool_families.`{name}`");
            if name.trim().is_empty() {
                return Err("tool_families: a family has an empty name".into());
            }
            let mut members = Vec::new();
            for t in tools {
                let t = t.trim().to_lowercase();
                if t.is_empty() || t == "*" {
                    return Err(format!("{at}: `{t}` is not a tool name"));
                }
                if let Some(other) = owner.insert(t.clone(), name.clone()) {
                    return Err(format!("{at}: `{t}` is already in family `{other}`"));
                }
                members.push(t);
            }
            families.insert(name, members);
        }
        Ok(ToolFamilies { families })
    }

    /// The family of `tool`: an exact member first, else the longest matching prefix,
    /// else the tool itself.
    pub fn family_of<'a>(&'a self, tool: &'a str) -> &'a str {
        let mut best: Option<(&str, usize)> = None;
        for (name, members) in &self.families {
            for m in members {
                if m == tool {
                    return name;
                }
                if let Some(prefix) = m.strip_suffix('*')
                    && tool.starts_with(prefix)
                    && best.is_none_or(|(_, n)| prefix.len() > n)
                {
                    best = Some((name, prefix.len()));
                }
            }
        }
        best.map_or(tool, |(name, _)| name)
    }

    /// The families and their members, for `--help` and the docs.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.families
            .iter()
            .map(|(n, m)| (n.as_str(), m.as_slice()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suites_group_their_tools() {
        let f = ToolFamilies::default();
        assert_eq!(f.family_of("teams"), "microsoft-365");
        assert_eq!(f.family_of("sharepoint"), "microsoft-365");
        assert_eq!(f.family_of("google-drive"), "google-workspace");
        assert_eq!(f.family_of("gmail"), "google-workspace");
        assert_eq!(f.family_of("slack"), "slack");
        assert_eq!(ToolFamilies::none().family_of("teams"), "teams");
    }

    #[test]
    fn plan_families_replace_the_defaults() {
        let table = BTreeMap::from([
            (
                "atlassian".to_string(),
                vec!["Jira".into(), "confluence".into()],
            ),
            (
                "chat".to_string(),
                vec!["slack".into(), "mattermost".into()],
            ),
        ]);
        let f = ToolFamilies::parse(table).unwrap();
        assert_eq!(f.family_of("jira"), "atlassian");
        assert_eq!(f.family_of("mattermost"), "chat");
        assert_eq!(f.family_of("teams"), "teams");
        let twice = BTreeMap::from([
            ("a".to_string(), vec!["slack".into()]),
            ("b".to_string(), vec!["Slack".into()]),
        ]);
        let e = ToolFamilies::parse(twice).unwrap_err();
        assert_eq!(e, "tool_families.`b`: `slack` is already in family `a`");
    }
}
