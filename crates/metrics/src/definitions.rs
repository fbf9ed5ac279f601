//! The written definition of every metric, printed by `uptake metrics --help` and by
//! reports. docs/metrics.md says the same at more length.

/// (name, definition) pairs, in the order they are listed.
pub const DEFINITIONS: &[(&str, &str)] = &[
    (
        "day",
        "a calendar date in UTC, or in the zone given by `--tz`.",
    ),
    (
        "counting event",
        "level `active` (default): every person event; level `contributing`: only post, reply, share, edit, create, meet, call. Bots and system events never count. `--tool` keeps one tool; otherwise a person is counted once across tools.",
    ),
    ("active day", "a day with at least one counting event."),
    (
        "eligible on d",
        "a roster person with registered_at <= d and deactivated_at empty or later than d.",
    ),
    (
        "dau(d), wau(d), mau(d)",
        "distinct people (on the roster or not) active on d, in [d-6, d], in [d-27, d] (`--month-days` changes 28).",
    ),
    (
        "active_rate_28(d)",
        "eligible people active in [d-27, d] / eligible people on d.",
    ),
    ("stickiness(d)", "dau(d) / mau(d)."),
    (
        "first_active",
        "a person's first active day (it may precede registered_at); activated at d: first_active <= d.",
    ),
    (
        "ghost at as-of A",
        "eligible at A, registered_at <= A - grace (14 days), no active day in [A - window + 1, A] (window 28 days); `never` if no active day up to A, else `lapsed`.",
    ),
    (
        "summary",
        "per segment, over people eligible at A: eligible, active_28d (active in the window), activated, ghosts_never, ghosts_lapsed; active_rate = active_28d/eligible, activation_rate = activated/eligible, ghost_rate = ghosts/eligible; median_days_to_activation over the activated.",
    ),
    (
        "lifecycle",
        "per period (ISO week from Monday by default; day or month): new = first active period; returning = active this period and the previous; resurrecting = active this period, not the previous, active before; dormant = active the previous period, not this one (shown negative on charts); gone = inactive two periods or more. Everyone active counts, on the roster or not. Only days up to A count, even in A's own period; `partial` marks that period when A is not its last day (its dormant count includes people not back yet).",
    ),
    (
        "time to activation",
        "first_active - registered_at in days, negative when use came first; over roster people registered by A; people not activated by A (or deactivated first) are censored in a Kaplan-Meier estimate; within_7d/30d/90d = 1 - S(t); quartiles and p90 by nearest rank over the activated.",
    ),
    (
        "retention",
        "cohorts by first active period; share of the cohort active in period k after it, k = 0..N (`--periods`, 12); only days up to A count.",
    ),
    (
        "usage segments",
        "over the 12 seven-day weeks ending at A, eligible people: power = active in >= 9 weeks and >= 15 counting events per week on average; habitual = active in >= 9 weeks; occasional = active in at least one week; ghost = none.",
    ),
    (
        "breadth",
        "categories (messaging, meetings, documents, tasks, social, access) an eligible person used in the window ending at A; mean over active people, people per number of categories, share of active people using each category.",
    ),
    (
        "leadership",
        "management level from the roster's manager chain: 0 = no manager (the top), 1 = reports to level 0, ...; unknown when the chain reaches a manager missing from the roster (a loop in the chain is a roster error). Per segment and level, over people eligible at A: eligible, managers (people with direct reports), median_span (their direct reports), activated, activation_rate, active_rate (window), median_days_to_activation, median_first_active; ahead_of_levels_below = the level's median first-active day is no later than that of everyone at deeper levels of the segment.",
    ),
    (
        "sprawl",
        "per use-case category, over people eligible at A who used it in the window ending at A (any tool): people, tools used for it, multi_tool = people using tools of two families or more for it (a family is one suite: Microsoft 365, Google Workspace, or the plan's `[tool_families]`; a tool in no family is its own), main_tool and the share of the category's people using it; `any` = people with tools of two families or more for at least one category. The trend (`--curve`) repeats it over the last `--periods` windows.",
    ),
    (
        "collaboration",
        "interactions are the actions a source records as addressed to someone: a reply (to the author of the message or thread), a mention, a reaction (to the message's author), adding someone to a card, sharing a document with someone (sources: docs/sources/interactions.md); an action addressed to its own author does not count. Per group (`--by`, default department) in the window ending at A: people = eligible at A, interacting = roster people with an interaction either way, interactions = those its people made, cross_group = those addressed to a roster person of another group, cross_share = cross_group / those addressed to roster people, first_cross_share = the same in the first window after the roll-out (from the plan's first wave, or the first interaction), outside_roster = those addressed to people not on the roster, groups_reached = other groups met either way, never_with = groups with people interacting that it never met, bridges = its people who met two other groups or more (named only with `--view bridges --names`). `--view matrix`: interactions from each group to each group, and their share of the from group's. `--curve`: the same per window since the roll-out, with isolated_pairs = pairs of interacting groups that never met.",
    ),
    (
        "partners",
        "people not on the roster seen in the exports up to A, grouped by e-mail domain: the plan's partners (`[[partner]]`, several domains each), then other domains, the roster's own first (`not on the roster`); people = seen up to A, active = active in the window ending at A; active_of_expected = active / the partner's expected people, compared with its target at its `by` date once passed (met, missed), else at A (met, not yet). The first row is the employees: roster people eligible at A.",
    ),
    (
        "data coverage",
        "each tool's exports cover the days from the earliest to the latest record of its ingest runs (the store's manifest). An as-of after a tool's last covered day, or before any data, is warned about with the days missing: past the data those days would count as inactivity. No metric reads an event after A.",
    ),
    (
        "small groups",
        "any figure over a group of fewer than k eligible people (k = 5, `--min-group`) is shown as `suppressed`, never as zero, in every aggregate command and the report. A `--by` segment of lifecycle or retention, and a wave or wave segment of curve, fit and rogers, with fewer than k people eligible at A is withheld whole; the output says how many groups were withheld.",
    ),
    (
        "wave",
        "from the deployment plan (docs/plan.md): a person belongs to the first wave whose roster filter matches, else to the wave `roll-out`, which starts at t0. Days since the wave start are 0 on the start day.",
    ),
    (
        "adoption curve",
        "per wave (and `--by` segment), for each day d since the wave start: of the wave's people eligible on that day, the share activated by it (first_active <= day) and the share active in the 28 days ending on it (`--window`). Checkpoints: the curve 30, 90 and 180 days after the start (or the plan's `checkpoints`), and at as-of.",
    ),
    (
        "bass fit",
        "new adopters per complete period (7 days, `--period-days`) since the wave start, among its people eligible at as-of (activation before the start counts in period 1), fitted to F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}): `nls` (default) S_t = m[F(t) - F(t-1)] by least squares; `ols` Bass's regression of S_t on Y_{t-1} and Y_{t-1}^2; `nls-density` S_t = m f(t); `nls-cumulative` Y_t = m F(t). m is estimated only once the curve has turned (the most new adopters in one period came at least two periods before the last, and both of the last two periods are below it); before, m is not identified and there is no forecast. An estimated m is held between the people activated so far (the period under way included) and the eligible head-count: a free fit outside is refitted at the bound, and the note says so. `--fixed-market` fixes m to the eligible head-count instead. R^2 and RMSE over the fitted series; peak t* = ln(q/p)/(p+q) periods (none when q <= p).",
    ),
    (
        "target date",
        "the first day the wave's activation share reached the target (`reached`); otherwise the day the fit's m F(t) reaches target x eligible (`forecast`), `not reachable` when the fit's m is below it, or `not identified` when the curve has not turned. Targets: the plan's `targets` (default 50 % and 80 %).",
    ),
    (
        "adopter category",
        "Rogers: a wave's people eligible at as-of ranked by first active day (before the start counts as day 0); rank r of N eligible is an innovator if r <= 2.5 % N, early adopter if r <= 16 % N, early majority if r <= 50 % N, late majority if r <= 84 % N, else laggard; people activated the same day share the first one's rank; people not activated are `not yet adopted` and stay in N.",
    ),
    (
        "effect",
        "group value - comparison value of a measure, with a 95 % percentile bootstrap interval (1000 resamples, seeded; people, or teams = people sharing a manager, resampled with replacement within each side, n - 1 of each side's n units). Ambassadors and managers are compared within strata of wave, department and profile (`--adjust-for`; strata need two teams on each side), the strata's differences weighted by the group's head-count; a resample in which a stratum cannot be measured is skipped (the finding counts them), and past 10 % skipped the finding says `not reliable, no conclusion` instead of a verdict. Pilot: the earliest wave vs later waves; ambassadors: teams with an ambassador vs without (ambassadors left out); managers: teams whose manager was first active within 14 days of the member's wave start vs later or never; new hires: hired_at after t0 vs the rest; reach: in_scope = false vs true and each profile vs the others; interventions: (after - before) for the audience minus the same for everyone else, over the 28 days from the date and the 28 days before (difference in differences), counting only people whose wave started 28 days or more before the date; when too few are left, or the 28 days after the date are not over at as-of, the row says why it is not estimated. Associations, not causes.",
    ),
    (
        "objective status",
        "a target of the plan's [objectives] (metric, >= or <= a value, for a segment, at a checkpoint: days after a wave's start or a date) at as-of: `met` / `missed` when the checkpoint has passed (the value on the checkpoint date); `on track` when it is ahead and the value already holds, or is forecast to hold by it; `at risk` when the forecast reaches it later or never; `no data` when no one in the segment is eligible, the group is below the minimum size, or the day measured is not covered by the exports (after their last day or before their first; `--allow-stale` measures it anyway). Forecast: for activation_rate, a Bass fit (nls, weekly new adopters since the wave start, m estimated between the segment's people activated and its eligible head-count once the curve has turned, as in `bass fit`); otherwise, or before the curve turns, the straight line through the values 28 days before as-of and at as-of.",
    ),
];

/// The definitions as indented text.
pub fn definitions_text() -> String {
    DEFINITIONS
        .iter()
        .map(|(name, text)| format!("  {name}: {text}\n"))
        .collect()
}

/// The named definitions as indented text, in the order given.
pub fn definitions_for(names: &[&str]) -> String {
    names
        .iter()
        .filter_map(|n| DEFINITIONS.iter().find(|(name, _)| name == n))
        .map(|(name, text)| format!("  {name}: {text}\n"))
        .collect()
}

/// [`DEFINITIONS`] in French for reports written in French: (name, French name,
/// definition). docs/metrics.md stays in English; a test checks that every definition
/// has its translation, in the same order.
pub const DEFINITIONS_FR: &[(&str, &str, &str)] = &[
    (
        "day",
        "jour",
        "une date du calendrier en UTC, ou dans le fuseau donné par `--tz`.",
    ),
    (
        "counting event",
        "événement compté",
        "niveau `active` (par défaut) : tout événement d'une personne ; niveau `contributing` : seulement publier, répondre, partager, modifier, créer, se réunir, appeler. Les robots et les événements système ne comptent jamais. `--tool` garde un seul outil ; sinon une personne est comptée une fois tous outils confondus.",
    ),
    (
        "active day",
        "jour actif",
        "un jour avec au moins un événement compté.",
    ),
    (
        "eligible on d",
        "éligible le jour d",
        "une personne du référentiel avec registered_at <= d et deactivated_at vide ou postérieur à d.",
    ),
    (
        "dau(d), wau(d), mau(d)",
        "dau(d), wau(d), mau(d)",
        "personnes distinctes (dans le référentiel ou non) actives le jour d, sur [d-6, d], sur [d-27, d] (`--month-days` change 28).",
    ),
    (
        "active_rate_28(d)",
        "active_rate_28(d)",
        "personnes éligibles actives sur [d-27, d] / personnes éligibles le jour d.",
    ),
    ("stickiness(d)", "stickiness(d)", "dau(d) / mau(d)."),
    (
        "first_active",
        "first_active",
        "le premier jour actif d'une personne (il peut précéder registered_at) ; activée au jour d : first_active <= d.",
    ),
    (
        "ghost at as-of A",
        "fantôme à la date de situation A",
        "éligible en A, registered_at <= A - délai de grâce (14 jours), aucun jour actif sur [A - fenêtre + 1, A] (fenêtre de 28 jours) ; `never` (jamais actif) s'il n'y a aucun jour actif jusqu'à A, sinon `lapsed` (décroché).",
    ),
    (
        "summary",
        "résumé",
        "par segment, sur les personnes éligibles en A : eligible, active_28d (actives dans la fenêtre), activated, ghosts_never, ghosts_lapsed ; active_rate = active_28d/eligible, activation_rate = activated/eligible, ghost_rate = fantômes/eligible ; median_days_to_activation sur les personnes activées.",
    ),
    (
        "lifecycle",
        "cycle de vie",
        "par période (semaine ISO à partir du lundi par défaut ; jour ou mois) : nouveaux = première période active ; fidèles = actifs sur cette période et la précédente ; revenus = actifs sur cette période, pas sur la précédente, actifs avant ; dormants = actifs sur la période précédente, pas sur celle-ci (en négatif sur les graphiques) ; partis = inactifs depuis deux périodes ou plus. Toute personne active compte, dans le référentiel ou non. Seuls les jours jusqu'à A comptent, même dans la période de A ; `partial` marque cette période quand A n'en est pas le dernier jour (ses dormants comprennent des personnes pas encore revenues).",
    ),
    (
        "time to activation",
        "délai d'activation",
        "first_active - registered_at en jours, négatif quand l'usage a précédé l'inscription ; sur les personnes du référentiel inscrites avant A ; les personnes non activées en A (ou désactivées avant) sont censurées dans une estimation de Kaplan-Meier ; within_7d/30d/90d = 1 - S(t) ; quartiles et p90 au rang le plus proche parmi les activées.",
    ),
    (
        "retention",
        "rétention",
        "cohortes par première période active ; part de la cohorte active à la période k suivante, k = 0..N (`--periods`, 12) ; seuls les jours jusqu'à A comptent.",
    ),
    (
        "usage segments",
        "segments d'usage",
        "sur les 12 semaines de sept jours qui se terminent en A, personnes éligibles : power = actif au moins 9 semaines et au moins 15 événements comptés par semaine en moyenne ; habitual = actif au moins 9 semaines ; occasional = actif au moins une semaine ; ghost = aucune.",
    ),
    (
        "breadth",
        "diversité d'usage",
        "catégories (messagerie, réunions, documents, tâches, social, accès) qu'une personne éligible a utilisées dans la fenêtre qui se termine en A ; moyenne sur les personnes actives, personnes par nombre de catégories, part des personnes actives qui utilisent chaque catégorie. Une catégorie qu'aucune source n'enregistre est « non mesurée », pas à 0 %.",
    ),
    (
        "leadership",
        "exemplarité",
        "niveau hiérarchique tiré de la chaîne des managers du référentiel : 0 = sans manager (la direction), 1 = rattaché au niveau 0, ... ; inconnu quand la chaîne atteint un manager absent du référentiel (une boucle dans la chaîne est une erreur du référentiel). Par segment et niveau, sur les personnes éligibles en A : eligible, managers (personnes avec des subordonnés directs), median_span (leurs subordonnés directs), activated, activation_rate, active_rate (fenêtre), median_days_to_activation, median_first_active ; ahead_of_levels_below = le premier jour actif médian du niveau n'est pas postérieur à celui de tous les niveaux plus profonds du segment.",
    ),
    (
        "sprawl",
        "dispersion",
        "par catégorie d'usage, sur les personnes éligibles en A qui l'ont utilisée dans la fenêtre qui se termine en A (tout outil) : people, outils utilisés, multi_tool = personnes utilisant pour elle des outils de deux familles ou plus (une famille est une suite : Microsoft 365, Google Workspace, ou les `[tool_families]` du plan ; un outil hors famille est la sienne), main_tool et la part des personnes de la catégorie qui l'utilisent ; `any` = personnes avec des outils de deux familles ou plus pour au moins une catégorie. La tendance (`--curve`) la répète sur les `--periods` dernières fenêtres.",
    ),
    (
        "collaboration",
        "collaboration",
        "les interactions sont les actions qu'une source enregistre comme adressées à quelqu'un : une réponse (à l'auteur du message ou du fil), une mention, une réaction (à l'auteur du message), l'ajout de quelqu'un à une carte, le partage d'un document avec quelqu'un (sources : docs/sources/interactions.md) ; une action adressée à son propre auteur ne compte pas. Par groupe (`--by`, la direction par défaut) dans la fenêtre qui se termine en A : people = éligibles en A, interacting = personnes du référentiel avec une interaction dans un sens ou l'autre, interactions = celles de ses membres, cross_group = celles adressées à une personne du référentiel d'un autre groupe, cross_share = cross_group / celles adressées à des personnes du référentiel, first_cross_share = la même dans la première fenêtre après le lancement (à partir de la première vague du plan, ou de la première interaction), outside_roster = celles adressées à des personnes hors référentiel, groups_reached = autres groupes rencontrés dans un sens ou l'autre, never_with = groupes avec des personnes qui interagissent qu'il n'a jamais rencontrés, bridges = ses membres qui ont rencontré au moins deux autres groupes (nommés seulement avec `--view bridges --names`). `--view matrix` : les interactions de chaque groupe vers chaque groupe, et leur part de celles du groupe d'origine. `--curve` : la même chose par fenêtre depuis le lancement, avec isolated_pairs = paires de groupes qui interagissent sans jamais s'être rencontrés.",
    ),
    (
        "partners",
        "partenaires",
        "personnes hors référentiel vues dans les exports jusqu'à A, regroupées par domaine de messagerie : les partenaires du plan (`[[partner]]`, plusieurs domaines chacun), puis les autres domaines, ceux du référentiel d'abord (`not on the roster`) ; people = vues jusqu'à A, active = actives dans la fenêtre qui se termine en A ; active_of_expected = actives / personnes attendues du partenaire, comparé à sa cible à sa date `by` une fois passée (atteint, manqué), sinon en A (atteint, pas encore). La première ligne est celle des salariés : les personnes du référentiel éligibles en A.",
    ),
    (
        "data coverage",
        "couverture des données",
        "les exports de chaque outil couvrent les jours allant du plus ancien au plus récent enregistrement de ses ingestions (le manifeste du stockage). Une date de situation postérieure au dernier jour couvert d'un outil, ou antérieure à toute donnée, donne un avertissement avec le nombre de jours manquants : au-delà des données, ces jours compteraient comme de l'inactivité. Aucune métrique ne lit un événement postérieur à la date de situation.",
    ),
    (
        "small groups",
        "petits groupes",
        "tout chiffre portant sur un groupe de moins de k personnes éligibles (k = 5, `--min-group`) est masqué (`suppressed`), jamais affiché comme zéro, dans chaque commande agrégée et le rapport. Un segment `--by` du cycle de vie ou de la rétention, et une vague ou un segment de vague des courbes, ajustements et catégories de Rogers, de moins de k personnes éligibles à A est masqué en entier ; la sortie dit combien de groupes ont été masqués.",
    ),
    (
        "wave",
        "vague",
        "d'après le plan de déploiement (docs/plan.md) : une personne appartient à la première vague dont le filtre sur le référentiel la retient, sinon à la vague `roll-out`, qui commence à t0. Les jours depuis le début de la vague valent 0 le jour du début.",
    ),
    (
        "adoption curve",
        "courbe d'adoption",
        "par vague (et segment `--by`), pour chaque jour d depuis le début de la vague : parmi les personnes de la vague éligibles ce jour-là, la part activée à cette date (first_active <= jour) et la part active sur les 28 jours qui s'y terminent (`--window`). Échéances : la courbe 30, 90 et 180 jours après le début (ou les `checkpoints` du plan), et à la date de situation.",
    ),
    (
        "bass fit",
        "ajustement de Bass",
        "nouveaux adoptants par période complète (7 jours, `--period-days`) depuis le début de la vague, parmi ses personnes éligibles à la date de situation (une activation avant le début compte dans la période 1), ajustés à F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}) : `nls` (par défaut) S_t = m[F(t) - F(t-1)] par moindres carrés ; `ols` la régression de Bass de S_t sur Y_{t-1} et Y_{t-1}^2 ; `nls-density` S_t = m f(t) ; `nls-cumulative` Y_t = m F(t). m n'est estimé qu'une fois la courbe tournée (le plus grand nombre de nouveaux adoptants d'une période est arrivé au moins deux périodes avant la dernière, et les deux dernières périodes sont en dessous) ; avant, m n'est pas identifié et il n'y a pas de prévision. Un m estimé est tenu entre les personnes déjà activées (période en cours comprise) et l'effectif éligible : un ajustement libre hors de ces bornes est refait à la borne, et la note le dit. `--fixed-market` fixe plutôt m à l'effectif éligible. R^2 et RMSE sur la série ajustée ; pic t* = ln(q/p)/(p+q) périodes (aucun quand q <= p).",
    ),
    (
        "target date",
        "date d'atteinte",
        "le premier jour où la part d'activés de la vague a atteint la cible (`reached`) ; sinon le jour où m F(t) de l'ajustement atteint cible x éligibles (`forecast`), `not reachable` quand le m de l'ajustement est en dessous, ou `not identified` quand la courbe n'a pas tourné. Cibles : les `targets` du plan (50 % et 80 % par défaut).",
    ),
    (
        "adopter category",
        "catégorie d'adoptant",
        "Rogers : les personnes d'une vague éligibles à la date de situation, classées par premier jour actif (avant le début compte comme le jour 0) ; le rang r sur N éligibles est innovateur si r <= 2,5 % N, adopteur précoce si r <= 16 % N, majorité précoce si r <= 50 % N, majorité tardive si r <= 84 % N, sinon retardataire ; les personnes activées le même jour partagent le rang de la première ; les personnes non activées sont « pas encore adoptantes » et restent dans N.",
    ),
    (
        "effect",
        "effet",
        "valeur du groupe - valeur de comparaison d'une mesure, avec un intervalle bootstrap à 95 % par percentiles (1000 rééchantillonnages, graine fixée ; personnes, ou équipes = personnes qui partagent un manager, tirées avec remise de chaque côté, n - 1 des n unités de chaque côté). Ambassadeurs et managers sont comparés à l'intérieur de strates de vague, direction et profil (`--adjust-for` ; une strate doit avoir deux équipes de chaque côté), les écarts des strates pondérés par l'effectif du groupe ; un rééchantillonnage où une strate ne peut être mesurée est écarté (le constat les compte), et au-delà de 10 % écartés le constat dit `not reliable, no conclusion` (non fiable, pas de conclusion) au lieu d'un verdict. Pilote : la première vague par rapport aux vagues suivantes ; ambassadeurs : équipes avec un ambassadeur par rapport aux équipes sans (ambassadeurs exclus) ; managers : équipes dont le manager a été actif dans les 14 jours suivant le début de la vague du membre par rapport à plus tard ou jamais ; nouveaux arrivants : hired_at après t0 par rapport aux autres ; périmètre : in_scope = false par rapport à true, et chaque profil par rapport aux autres ; actions : (après - avant) pour le public moins la même chose pour tous les autres, sur les 28 jours à partir de la date et les 28 jours d'avant (différence de différences), en ne comptant que les personnes dont la vague a commencé au moins 28 jours avant la date ; quand il en reste trop peu, ou que les 28 jours après la date ne sont pas écoulés à la date de situation, la ligne dit pourquoi il n'y a pas d'estimation. Des associations, pas des causes.",
    ),
    (
        "objective status",
        "statut d'un objectif",
        "une cible des [objectives] du plan (métrique, >= ou <= une valeur, pour un segment, à une échéance : des jours après le début d'une vague ou une date) à la date de situation : `met` (atteint) / `missed` (manqué) quand l'échéance est passée (la valeur à l'échéance) ; `on track` (en bonne voie) quand elle est à venir et que la valeur tient déjà, ou qu'elle est prévue tenir à l'échéance ; `at risk` (à risque) quand la prévision l'atteint plus tard ou jamais ; `no data` (pas de données) quand personne n'est éligible dans le segment, que le groupe est sous la taille minimale, ou que le jour mesuré n'est pas couvert par les exports (après leur dernier jour ou avant leur premier ; `--allow-stale` le mesure quand même). Prévision : pour activation_rate, un ajustement de Bass (nls, nouveaux adoptants par semaine depuis le début de la vague, m estimé entre les personnes activées du segment et son effectif éligible une fois la courbe tournée, comme dans l'ajustement de Bass) ; sinon, ou avant que la courbe tourne, la droite qui passe par les valeurs 28 jours avant la date de situation et à la date de situation.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_definition_has_its_french_translation() {
        let en: Vec<&str> = DEFINITIONS.iter().map(|d| d.0).collect();
        let fr: Vec<&str> = DEFINITIONS_FR.iter().map(|d| d.0).collect();
        assert_eq!(en, fr);
        for (name, fr_name, text) in DEFINITIONS_FR {
            let english = DEFINITIONS.iter().find(|d| d.0 == *name).unwrap().1;
            // A formula alone (stickiness) reads the same in both languages.
            assert!(
                !fr_name.is_empty() && (*text != english || english.len() < 20),
                "{name}"
            );
        }
    }
}
