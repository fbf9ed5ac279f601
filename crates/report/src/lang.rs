//! The report's two languages: labels, and number, share and date formats.

use chrono::{Datelike, NaiveDate};

/// The language a report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Fr,
}

/// A narrow no-break space: the French thousands separator and the space before `%`.
const NNBSP: char = '\u{202f}';

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// `fr` or `en`, case-insensitive; a locale such as `fr_FR.UTF-8` counts by its prefix.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_lowercase();
        if s == "fr" || s.starts_with("fr_") || s.starts_with("fr-") {
            Some(Lang::Fr)
        } else if s == "en" || s.starts_with("en_") || s.starts_with("en-") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// From the environment's locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English.
    pub fn from_locale() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .and_then(|v| Lang::parse(&v))
            .unwrap_or_default()
    }

    /// The label for `key`; the key itself when it has none (a test checks they all do).
    pub fn t(self, key: &str) -> &'static str {
        match LABELS.iter().find(|(k, _, _)| *k == key) {
            Some((_, en, fr)) => match self {
                Lang::En => en,
                Lang::Fr => fr,
            },
            None => "?",
        }
    }

    /// `: ` / ` : ` (French puts a no-break space before the colon).
    pub fn colon(self) -> &'static str {
        self.t("colon")
    }

    /// An integer with thousands separators: `12,345` / `12 345`.
    pub fn int(self, n: i64) -> String {
        let digits = n.unsigned_abs().to_string();
        let sep = match self {
            Lang::En => ',',
            Lang::Fr => NNBSP,
        };
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        if n < 0 { format!("-{out}") } else { out }
    }

    /// A number with `decimals` decimals: `3.5` / `3,5`.
    pub fn num(self, x: f64, decimals: usize) -> String {
        let s = format!("{x:.decimals$}");
        match self {
            Lang::En => s,
            Lang::Fr => s.replace('.', ","),
        }
    }

    /// A share (0..1) as a percentage: `70.5%` / `70,5 %`; whole numbers lose the decimal.
    pub fn pct(self, share: f64) -> String {
        let p = share * 100.0;
        let decimals = if (p - p.round()).abs() < 0.05 { 0 } else { 1 };
        let n = self.num(p, decimals);
        match self {
            Lang::En => format!("{n}%"),
            Lang::Fr => format!("{n}{NNBSP}%"),
        }
    }

    /// A share as a whole percentage, for crowded charts: `12%` / `12 %`.
    pub fn pct_short(self, share: f64) -> String {
        let n = (share * 100.0).round() as i64;
        match self {
            Lang::En => format!("{n}%"),
            Lang::Fr => format!("{n}{NNBSP}%"),
        }
    }

    /// A difference of shares in points: `+3.2 pts` / `+3,2 pts`.
    pub fn points(self, diff: f64) -> String {
        let sign = if diff.abs() < 0.0005 {
            ""
        } else if diff > 0.0 {
            "+"
        } else {
            "-"
        };
        let n = self.num(diff.abs() * 100.0, 1);
        // French puts below 2 in the singular: 0,1 pt, 1,5 pt, 2 pts.
        let unit = match self {
            Lang::Fr if (diff.abs() * 100.0 * 10.0).round() < 20.0 => "pt",
            _ => self.t("points"),
        };
        format!("{sign}{n} {unit}")
    }

    /// `30 Sep 2026` / `30 sept. 2026`.
    pub fn date(self, d: NaiveDate) -> String {
        const EN: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        const FR: [&str; 12] = [
            "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
            "nov.", "déc.",
        ];
        let m = d.month0() as usize;
        match self {
            Lang::En => format!("{} {} {}", d.day(), EN[m], d.year()),
            // French writes the first of the month as an ordinal: 1er oct.
            Lang::Fr if d.day() == 1 => format!("1er {} {}", FR[m], d.year()),
            Lang::Fr => format!("{} {} {}", d.day(), FR[m], d.year()),
        }
    }

    /// A short date for chart axes: `30 Sep` / `30 sept.`
    pub fn short_date(self, d: NaiveDate) -> String {
        let full = self.date(d);
        full.rsplit_once(' ')
            .map_or(full.clone(), |(a, _)| a.to_string())
    }
}

/// (key, English, French).
pub(crate) const LABELS: &[(&str, &str, &str)] = &[
    ("title", "Adoption report", "Rapport d'adoption"),
    ("colon", ": ", "\u{a0}: "),
    ("as_of", "Situation at", "Situation au"),
    ("rollout_start", "roll-out started", "déploiement lancé le"),
    ("scorecard", "Objectives", "Objectifs"),
    ("objective", "Objective", "Objectif"),
    ("target", "Target", "Cible"),
    ("checkpoint", "Checkpoint", "Échéance"),
    ("value", "Value", "Valeur"),
    ("forecast", "Forecast", "Prévision"),
    ("status", "Status", "Statut"),
    ("people", "people", "personnes"),
    ("met", "met", "atteint"),
    ("missed", "missed", "manqué"),
    ("on track", "on track", "en bonne voie"),
    ("at risk", "at risk", "à risque"),
    ("no data", "no data", "pas de données"),
    (
        "no objectives",
        "The plan states no objectives (docs/plan.md).",
        "Le plan ne fixe aucun objectif (docs/plan.md).",
    ),
    ("problems", "Problems to solve", "Problèmes à résoudre"),
    ("use_cases", "Use cases encouraged", "Usages encouragés"),
    ("profiles", "User profiles", "Profils d'utilisateurs"),
    ("charts", "Charts", "Graphiques"),
    (
        "ghost_followup",
        "Ghost follow-up by {by}",
        "Suivi des comptes fantômes par {by}",
    ),
    ("all_segments", "All", "Ensemble"),
    ("column_department", "Department", "Direction"),
    ("column_site", "Site", "Site"),
    ("column_role", "Role", "Fonction"),
    ("column_profile", "Profile", "Profil"),
    ("column_country", "Country", "Pays"),
    ("column_team", "Team", "Équipe"),
    ("definitions", "Definitions used", "Définitions utilisées"),
    (
        "definitions_note",
        "Every figure follows one written definition (docs/metrics.md), quoted here as written.",
        "Chaque chiffre suit une définition écrite (docs/metrics.md, en anglais), traduite ici.",
    ),
    (
        "how_status",
        "How each status was reached",
        "Comment chaque statut a été établi",
    ),
    ("quality", "Data quality", "Qualité des données"),
    (
        "effects",
        "What goes with faster adoption",
        "Ce qui accompagne une adoption plus rapide",
    ),
    ("segment", "Segment", "Segment"),
    ("eligible", "Eligible", "Éligibles"),
    ("active", "Active (28 days)", "Actifs (28 jours)"),
    (
        "ghosts_never",
        "Ghosts: never active",
        "Fantômes : jamais actifs",
    ),
    ("ghosts_lapsed", "Ghosts: lapsed", "Fantômes : décrochés"),
    ("ghost_rate", "Ghost rate", "Taux de fantômes"),
    (
        "other",
        "Not yet counted (grace period)",
        "Pas encore comptés (délai de grâce)",
    ),
    ("points", "pts", "pts"),
    ("days", "days", "jours"),
    (
        "days_since_start",
        "Days since the wave's start",
        "Jours depuis le début de la vague",
    ),
    (
        "activation_share",
        "Activated (share of eligible)",
        "Activés (part des éligibles)",
    ),
    (
        "share_of_eligible",
        "Share of eligible people",
        "Part des personnes éligibles",
    ),
    ("bass_fit", "Bass fit", "Ajustement de Bass"),
    (
        "fit_legend",
        "dotted: Bass fit, carried to the objectives' checkpoint",
        "pointillés : ajustement de Bass, prolongé jusqu'à l'échéance des objectifs",
    ),
    (
        "fit_not_identified",
        "no forecast: the curve has not turned yet (new activations per week have not passed their peak), so where it levels off cannot be estimated",
        "pas de prévision : la courbe n'a pas encore tourné (les activations par semaine n'ont pas dépassé leur pic), on ne peut donc pas estimer où elle plafonnera",
    ),
    (
        "fit_levels_off",
        "{wave}: the dotted fit levels off at {share} of the eligible (market estimated from the curve, never below the people activated so far)",
        "{wave} : l'ajustement en pointillés plafonne à {share} des éligibles (marché estimé sur la courbe, jamais sous les personnes déjà activées)",
    ),
    ("people_count", "People", "Personnes"),
    (
        "chart_curves",
        "Adoption curve of each wave since its start",
        "Courbe d'adoption de chaque vague depuis son lancement",
    ),
    (
        "chart_ghosts",
        "Active and ghost accounts",
        "Comptes actifs et fantômes",
    ),
    (
        "chart_daily",
        "Daily, weekly and monthly active people",
        "Personnes actives par jour, semaine et mois",
    ),
    (
        "chart_lifecycle",
        "Who is new, returning, back or dormant, week by week",
        "Nouveaux, fidèles, revenus et dormants, semaine par semaine",
    ),
    (
        "chart_retention",
        "Retention by activation cohort",
        "Rétention par cohorte d'activation",
    ),
    (
        "chart_activation",
        "Time to first use",
        "Délai avant la première utilisation",
    ),
    (
        "chart_leadership",
        "Leadership: share activated by management level",
        "Exemplarité : part d'activés par niveau hiérarchique",
    ),
    (
        "chart_sprawl",
        "Tool sprawl: people using tools of two suites or more for one need",
        "Dispersion : personnes utilisant des outils de deux suites ou plus pour un même usage",
    ),
    (
        "multi_tool_share",
        "Share on tools of two suites or more (28 days)",
        "Part sur des outils de deux suites ou plus (28 jours)",
    ),
    ("any_category", "Any category", "Tous usages"),
    (
        "on_two_tools",
        "on tools of two suites or more",
        "sur des outils de deux suites ou plus",
    ),
    (
        "chart_collaboration",
        "Collaboration: where each department's interactions go",
        "Collaboration : vers qui vont les interactions de chaque service",
    ),
    (
        "first_window",
        "First window after the roll-out",
        "Première période après le lancement",
    ),
    ("last_window", "Last", "Dernière période"),
    (
        "cross_share_note",
        "Interactions addressed to another group, first window → last",
        "Interactions adressées à un autre groupe, première période → dernière",
    ),
    (
        "isolated_pairs",
        "Pairs of groups that never interacted in the last window (of the pairs with people interacting)",
        "Paires de groupes qui n'ont jamais interagi sur la dernière période (parmi celles dont des personnes interagissent)",
    ),
    (
        "collaboration_reading",
        "Row: the group that acts (reply, mention, reaction, card member); column: the group it addresses, numbered as the rows; cell: share of the row's interactions. Grey diagonal: within the group; the blue scale is shared by both windows. Only sources that record whom an action addresses count (docs/sources/interactions.md).",
        "Ligne : le groupe qui agit (réponse, mention, réaction, membre d'une carte) ; colonne : le groupe visé, numéroté comme les lignes ; case : part des interactions de la ligne. Diagonale grise : au sein du groupe ; l'échelle bleue est commune aux deux périodes. Seules comptent les sources qui disent à qui une action s'adresse (docs/sources/interactions.md).",
    ),
    ("outside_roster", "Outside the roster", "Hors effectif"),
    (
        "partners",
        "Partners and people outside the roster",
        "Partenaires et personnes hors effectif",
    ),
    ("group", "Group", "Groupe"),
    ("kind", "Kind", "Type"),
    ("employees", "Employees", "Salariés"),
    ("kind_roster", "roster", "effectif"),
    ("kind_partner", "partner", "partenaire"),
    ("kind_not_on_roster", "not on the roster", "hors effectif"),
    ("kind_other", "guests", "invités"),
    ("active_share", "Active share", "Part active"),
    ("expected", "Expected", "Attendus"),
    (
        "active_of_expected",
        "Active / expected",
        "Actifs / attendus",
    ),
    ("by_date", "By", "Échéance"),
    ("not_yet", "not yet", "pas encore"),
    ("level", "Level", "Niveau"),
    ("level_top", "top", "direction"),
    (
        "share_activated",
        "Activated (share of the level)",
        "Activés (part du niveau)",
    ),
    ("activated_lower", "activated", "activés"),
    (
        "withheld_small",
        "fewer than {k} people, not shown",
        "moins de {k} personnes, non montré",
    ),
    (
        "median_first_use",
        "median first use",
        "première utilisation médiane",
    ),
    (
        "ahead_of_below",
        "ahead of the levels below",
        "en avance sur les niveaux inférieurs",
    ),
    (
        "behind_below",
        "not ahead of the levels below",
        "pas en avance sur les niveaux inférieurs",
    ),
    (
        "chart_breadth",
        "Use-case categories used by active people",
        "Catégories d'usage des personnes actives",
    ),
    (
        "chart_effects",
        "Levers: difference by day 30, with 95% interval",
        "Leviers : écart à 30 jours, intervalle à 95 %",
    ),
    ("dau", "Daily active", "Actifs du jour"),
    (
        "wau",
        "Weekly active (7 days)",
        "Actifs de la semaine (7 jours)",
    ),
    (
        "mau",
        "Monthly active (28 days)",
        "Actifs du mois (28 jours)",
    ),
    (
        "active_rate_28",
        "Active rate, 28 days",
        "Taux d'actifs, 28 jours",
    ),
    ("new", "New", "Nouveaux"),
    ("returning", "Returning", "Fidèles"),
    (
        "resurrecting",
        "Back after a pause",
        "Revenus après une pause",
    ),
    ("dormant", "Dormant", "Dormants"),
    ("week", "Week", "Semaine"),
    ("cohort", "Activation week", "Semaine d'activation"),
    ("retention_scale", "share active", "part active"),
    (
        "retention_reading",
        "Row: the people first active in that week (how many in brackets); column k: the share of them active k weeks later; darker is more (scale on the right). Recent cohorts have fewer weeks observed.",
        "Ligne : les personnes actives pour la première fois cette semaine-là (leur nombre entre parenthèses) ; colonne k : la part d'entre elles active k semaines plus tard ; plus c'est foncé, plus elle est grande (échelle à droite). Les cohortes récentes ont moins de semaines observées.",
    ),
    (
        "retention_small",
        "{n} activation weeks with fewer than {k} people are not shown.",
        "{n} semaines d'activation de moins de {k} personnes ne sont pas montrées.",
    ),
    (
        "retention_older",
        "The {n} oldest activation weeks are not shown (the {max} most recent are).",
        "Les {n} semaines d'activation les plus anciennes ne sont pas montrées (les {max} plus récentes le sont).",
    ),
    (
        "weeks_after",
        "Weeks after activation",
        "Semaines après l'activation",
    ),
    ("not_yet_share", "Not yet activated", "Pas encore activés"),
    (
        "weeks_since_registration",
        "Weeks from registration to first use",
        "Semaines entre l'inscription et la première utilisation",
    ),
    (
        "activated_km",
        "Activated (Kaplan-Meier)",
        "Activés (Kaplan-Meier)",
    ),
    (
        "activated_per_week",
        "People activated that week",
        "Personnes activées cette semaine-là",
    ),
    ("median", "median", "médiane"),
    (
        "km_median",
        "Kaplan-Meier median",
        "médiane de Kaplan-Meier",
    ),
    (
        "median_note",
        "Median time from registration to first use: {km} days by Kaplan-Meier (the chart's line), which counts the {not_yet} people not activated yet as still waiting; {median} days among the {activated} people activated only (the summary's median_days_to_activation), which leaves the slowest out.",
        "Délai médian entre l'inscription et la première utilisation : {km} jours par Kaplan-Meier (la courbe du graphique), qui compte les {not_yet} personnes pas encore activées comme toujours en attente ; {median} jours parmi les {activated} personnes activées seulement (median_days_to_activation du résumé), qui laisse de côté les plus lentes.",
    ),
    ("activated_within", "Activated within", "Activés en"),
    (
        "category_share",
        "Share of active people",
        "Part des personnes actives",
    ),
    ("difference", "Difference", "Écart"),
    (
        "effects_axis",
        "Difference, group minus comparison (points)",
        "Écart, groupe moins comparaison (points)",
    ),
    (
        "effects_measured",
        "Measured: for the pilot, ambassadors and managers, the share of people activated {k} days after their wave's start, group minus comparison; for each intervention, the change in the 28-day activation rate (28 days after minus 28 days before) of its audience minus that of everyone else.",
        "Mesure : pour la vague pilote, les ambassadeurs et les managers, la part de personnes activées {k} jours après le début de leur vague, groupe moins comparaison ; pour chaque action, l'évolution du taux d'activation sur 28 jours (28 jours après moins 28 jours avant) de son public moins celle de tous les autres.",
    ),
    (
        "effects_dots",
        "Dot: the difference; line: its 95% interval. Filled dot: the interval excludes zero; hollow dot: it includes zero (no clear difference).",
        "Point : l'écart ; trait : son intervalle à 95 %. Point plein : l'intervalle exclut zéro ; point creux : il contient zéro (pas d'écart net).",
    ),
    (
        "dot_filled",
        "interval excludes zero",
        "intervalle sans zéro",
    ),
    (
        "dot_hollow",
        "interval includes zero",
        "intervalle avec zéro",
    ),
    ("wave_start", "start of wave", "début de la vague"),
    ("intervention", "intervention", "action"),
    ("target_line", "target", "cible"),
    ("objective_mark", "objective", "objectif"),
    ("messaging", "Messaging", "Messagerie"),
    ("meetings", "Meetings", "Réunions"),
    ("documents", "Documents", "Documents"),
    ("tasks", "Tasks", "Tâches"),
    ("social", "Social", "Social"),
    ("access", "Access", "Accès"),
    ("not_measured", "not measured", "non mesuré"),
    (
        "not_measured_note",
        "Not measured: {categories}. No source in the store records these categories, so the chart cannot say whether anyone uses them (0 % would be wrong).",
        "Non mesuré : {categories}. Aucune source du dépôt n'enregistre ces catégories : le graphique ne peut pas dire si quelqu'un les utilise (0 % serait faux).",
    ),
    ("runs", "Ingest runs", "Imports"),
    ("read", "Records read", "Enregistrements lus"),
    ("stored", "stored", "stockés"),
    ("duplicates", "duplicates", "doublons"),
    ("rejected", "rejected", "rejetés"),
    (
        "excluded",
        "excluded (bots, system)",
        "exclus (robots, système)",
    ),
    (
        "unmatched",
        "People in the exports but not in the roster",
        "Personnes présentes dans les exports mais absentes du référentiel",
    ),
    (
        "gap_days",
        "Days without any data",
        "Jours sans aucune donnée",
    ),
    (
        "trailing_gap",
        "As-of after the last day of the exports (days missing, per tool)",
        "Date d'arrêt après le dernier jour des exports (jours manquants, par outil)",
    ),
    (
        "before_data",
        "As-of before the first day of the exports (days)",
        "Date d'arrêt avant le premier jour des exports (jours)",
    ),
    (
        "suppressed",
        "Groups withheld (fewer than {k} people)",
        "Groupes masqués (moins de {k} personnes)",
    ),
    (
        "withheld_segments",
        "follow-up segments",
        "segments du suivi",
    ),
    (
        "withheld_leadership",
        "leadership levels",
        "niveaux hiérarchiques",
    ),
    (
        "withheld_partners",
        "partner groups",
        "groupes de partenaires",
    ),
    (
        "withheld_collaboration",
        "collaboration groups",
        "groupes de la collaboration",
    ),
    (
        "withheld_collaboration_first",
        "collaboration groups of the first window",
        "groupes de la première période de collaboration",
    ),
    (
        "withheld_sprawl",
        "sprawl categories",
        "catégories de la dispersion",
    ),
    (
        "withheld_retention",
        "retention cohorts",
        "cohortes de rétention",
    ),
    (
        "withheld_waves",
        "waves (curves and fits)",
        "vagues (courbes et ajustements)",
    ),
    ("events", "events", "événements"),
    ("caveat", "Caveat", "Précaution"),
    (
        "generated",
        "Generated by uptake from the tools' own exports and the HR roster.",
        "Produit par uptake à partir des exports des outils et du référentiel RH.",
    ),
    (
        "no_names",
        "Aggregates only: no one is named in this report.",
        "Agrégats uniquement : personne n'est nommé dans ce rapport.",
    ),
    ("finding", "Finding", "Constat"),
    ("interval", "95% interval", "intervalle à 95 %"),
    (
        "ambassadors",
        "Teams with an ambassador",
        "Équipes avec un ambassadeur",
    ),
    (
        "managers",
        "Manager active in the first 14 days",
        "Manager actif dans les 14 premiers jours",
    ),
    (
        "pilot",
        "Pilot wave vs later waves",
        "Vague pilote par rapport aux vagues suivantes",
    ),
    ("not estimated", "not estimated", "non estimé"),
    (
        "effect_not_reliable",
        "no dot: the interval is not reliable, too many resamples could not be measured (a stratum with too few teams, or a median not reached); no conclusion",
        "pas de point : l'intervalle n'est pas fiable, trop de rééchantillonnages n'ont pas pu être mesurés (une strate avec trop peu d'équipes, ou une médiane non atteinte) ; pas de conclusion",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_follow_each_language() {
        assert_eq!(Lang::En.int(1234567), "1,234,567");
        assert_eq!(Lang::Fr.int(1234567), "1\u{202f}234\u{202f}567");
        assert_eq!(Lang::En.int(-999), "-999");
        assert_eq!(Lang::En.pct(0.705), "70.5%");
        assert_eq!(Lang::Fr.pct(0.705), "70,5\u{202f}%");
        assert_eq!(Lang::Fr.pct(0.7), "70\u{202f}%");
        assert_eq!(Lang::En.points(-0.032), "-3.2 pts");
        assert_eq!(Lang::En.points(-0.001), "-0.1 pts");
        assert_eq!(Lang::Fr.points(-0.001), "-0,1 pt");
        assert_eq!(Lang::Fr.points(0.0199), "+2,0 pts");
        assert_eq!(Lang::Fr.points(0.0149), "+1,5 pt");
        let first = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        assert_eq!(Lang::Fr.date(first), "1er oct. 2026");
        assert_eq!(Lang::Fr.short_date(first), "1er oct.");
        assert_eq!(Lang::En.date(first), "1 Oct 2026");
        let d = NaiveDate::from_ymd_opt(2026, 2, 4).unwrap();
        assert_eq!(Lang::En.date(d), "4 Feb 2026");
        assert_eq!(Lang::Fr.date(d), "4 févr. 2026");
        assert_eq!(Lang::Fr.short_date(d), "4 févr.");
        assert_eq!(Lang::parse("fr_FR.UTF-8"), Some(Lang::Fr));
        assert_eq!(Lang::parse("de"), None);
    }

    #[test]
    fn every_label_has_both_languages_once() {
        for (i, (k, en, fr)) in LABELS.iter().enumerate() {
            assert!(!en.is_empty() && !fr.is_empty(), "{k}");
            assert!(
                LABELS[..i].iter().all(|(other, _, _)| other != k),
                "{k} twice"
            );
        }
    }
}
