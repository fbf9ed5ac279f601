//! `uptake config show`: each setting's effective value and where it came from.

use anyhow::Result;
use uptake_metrics::{Table, Value};

use crate::cli::ConfigShowArgs;
use crate::config::{Origin, Settings};
use crate::exit::Code;

pub fn show(settings: &Settings, args: ConfigShowArgs) -> Result<Code> {
    let analysis = settings
        .analysis
        .with_flags(&args.windows, args.level.as_deref())?;
    let max_rejects = settings
        .analysis
        .max_rejects
        .or_flag(args.rejects.max_rejects);
    // Check the flag's value the way an ingest would.
    settings.analysis.max_rejects(args.rejects.max_rejects)?;
    let from_file = |set: bool| if set { Origin::File } else { Origin::Default };
    let path = |p: &Option<std::path::PathBuf>| {
        p.as_ref()
            .map_or(Value::Null, |p| Value::Text(p.display().to_string()))
    };
    let mut t = Table::new(&["key", "value", "origin"]);
    let mut row = |key: &str, value: Value, origin: Origin| {
        t.push(vec![
            Value::Text(key.into()),
            value,
            Value::Text(origin.to_string()),
        ])
    };
    row(
        "config",
        path(&settings.config),
        match (&settings.config, settings.config_origin.clone()) {
            (None, _) => Origin::Default,
            (Some(_), origin) => origin,
        },
    );
    row(
        "store",
        Value::Text(settings.store.display().to_string()),
        settings.store_origin.clone(),
    );
    for (key, value) in [
        ("roster", &settings.roster),
        ("identities", &settings.identities),
        ("plan", &settings.plan),
    ] {
        row(key, path(value), from_file(value.is_some()));
    }
    row(
        "report",
        Value::Text(
            settings
                .report
                .clone()
                .unwrap_or_else(|| super::report::DEFAULT_REPORT_DIR.into())
                .display()
                .to_string(),
        ),
        from_file(settings.report.is_some()),
    );
    row(
        "lang",
        Value::Text(settings.lang.clone().unwrap_or_else(|| {
            format!(
                "{} (from the locale)",
                uptake_report::Lang::from_locale().code()
            )
        })),
        from_file(settings.lang.is_some()),
    );
    row(
        "tz",
        Value::Text(settings.tz.clone().unwrap_or_else(|| "UTC".into())),
        from_file(settings.tz.is_some()),
    );
    row(
        "level",
        Value::Text(analysis.level.value.as_str().into()),
        analysis.level.origin,
    );
    row(
        "window",
        Value::Int(analysis.window.value.into()),
        analysis.window.origin,
    );
    row(
        "grace",
        Value::Int(analysis.grace.value.into()),
        analysis.grace.origin,
    );
    row(
        "min_group",
        Value::Int(analysis.min_group.value as i64),
        analysis.min_group.origin,
    );
    row(
        "max_rejects",
        Value::Float(max_rejects.value),
        max_rejects.origin,
    );
    let rollup = &settings.rollup;
    row(
        "rollup.engine",
        Value::Text(
            match rollup.engine {
                crate::engine::EngineKind::Local => "local",
                crate::engine::EngineKind::Spark => "spark",
            }
            .into(),
        ),
        from_file(rollup.engine != crate::engine::EngineKind::Local),
    );
    if rollup.engine == crate::engine::EngineKind::Spark {
        let remote_origin = if std::env::var_os("UPTAKE_SPARK_REMOTE").is_some() {
            Origin::Env("UPTAKE_SPARK_REMOTE")
        } else {
            from_file(rollup.remote.is_some())
        };
        row(
            "rollup.remote",
            rollup.remote.clone().map_or(Value::Null, Value::Text),
            remote_origin,
        );
        row(
            "rollup.events",
            Value::Text(
                rollup
                    .events
                    .clone()
                    .unwrap_or_else(|| "the store's events folder".into()),
            ),
            from_file(rollup.events.is_some()),
        );
    }
    for (i, s) in settings.sources.iter().enumerate() {
        row(
            &format!("source[{i}]"),
            Value::Text(format!("{} {}", s.kind, s.path.display())),
            Origin::File,
        );
    }
    let footer = "\nFlags win over the environment, which wins over the config file, which wins over the defaults.\n";
    super::write_table(
        args.format,
        None,
        &t,
        serde_json::json!({"schema": "uptake.config/1"}),
        footer,
    )?;
    Ok(Code::Ok)
}
