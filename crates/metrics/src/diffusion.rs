//! The Bass diffusion model: fitting it to new adopters per period, and reading the
//! peak and the date a target is reached off the fit.
//!
//! F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}) is the share of the market `m`
//! that has adopted by time t (in periods); p is the coefficient of innovation, q of
//! imitation.

use levenberg_marquardt::{LeastSquaresProblem, LevenbergMarquardt};
use nalgebra::{DMatrix, DVector, Dyn, Owned};

use crate::{Error, Result};

/// How the three parameters are estimated from adopters per period S_1..S_n.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Estimator {
    /// Bass (1969): regress S_t on Y_{t-1} and Y_{t-1}^2 (Y cumulative), recover m, p, q.
    Ols,
    /// Srinivasan and Mason (1986): S_t = m [F(t) - F(t-1)], non-linear least squares.
    #[default]
    Nls,
    /// S_t = m f(t), the continuous density at the period's end (as R's usual `nls` fit).
    NlsDensity,
    /// Y_t = m F(t) on cumulative adopters.
    NlsCumulative,
}

impl Estimator {
    pub fn name(self) -> &'static str {
        match self {
            Estimator::Ols => "ols",
            Estimator::Nls => "nls",
            Estimator::NlsDensity => "nls-density",
            Estimator::NlsCumulative => "nls-cumulative",
        }
    }
}

impl std::str::FromStr for Estimator {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "ols" => Ok(Estimator::Ols),
            "nls" => Ok(Estimator::Nls),
            "nls-density" => Ok(Estimator::NlsDensity),
            "nls-cumulative" => Ok(Estimator::NlsCumulative),
            other => Err(format!(
                "unknown estimator `{other}` (ols, nls, nls-density, nls-cumulative)"
            )),
        }
    }
}

/// Cumulative share adopted by `t` periods: F(t).
pub fn bass_cdf(t: f64, p: f64, q: f64) -> f64 {
    if t <= 0.0 {
        return 0.0;
    }
    let e = (-(p + q) * t).exp();
    (1.0 - e) / (1.0 + (q / p) * e)
}

/// Adoption density at `t`: f(t) = F'(t).
pub fn bass_pdf(t: f64, p: f64, q: f64) -> f64 {
    let e = (-(p + q) * t).exp();
    let d = 1.0 + (q / p) * e;
    ((p + q).powi(2) / p) * e / (d * d)
}

/// A fitted Bass model and how well it fits.
#[derive(Debug, Clone, PartialEq)]
pub struct BassFit {
    pub estimator: Estimator,
    pub m: f64,
    pub p: f64,
    pub q: f64,
    /// Whether `m` was given (the eligible head-count) rather than estimated.
    pub m_fixed: bool,
    /// When `m` was estimated but the free fit fell outside the market's bounds, the
    /// bound it is held at instead.
    pub m_bound: Option<MarketBound>,
    /// Over the series the estimator fits (cumulative adopters for `nls-cumulative`,
    /// new adopters otherwise): sum of squared residuals, R^2 and root mean square error.
    pub sse: f64,
    pub r2: f64,
    pub rmse: f64,
    pub periods: usize,
}

/// A bound the estimated market `m` is held at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarketBound {
    /// The people who adopted already: a market below them would promise less than
    /// what happened.
    Floor,
    /// The people who can adopt (the eligible head-count): more would promise adopters
    /// who do not exist.
    Ceiling,
}

/// What an estimated `m` may be: at least `floor` (the adopters so far; the series'
/// own total counts too), at most `ceiling` when known.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MarketBounds {
    pub floor: f64,
    pub ceiling: Option<f64>,
}

/// Whether the curve has turned: new adopters per period have passed their peak, so
/// the data says where the curve levels off. The largest count of new adopters in one
/// period comes at least two periods before the last, and both of the last two periods
/// are below it. Before that, any market from the adopters so far upwards fits the
/// rising part of the curve about as well, and `m` is not identified.
pub fn curve_turned(adopters: &[f64]) -> bool {
    let n = adopters.len();
    let peak = adopters.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    match adopters.iter().position(|v| *v == peak) {
        Some(at) if peak > 0.0 => at + 2 < n && adopters[n - 2..].iter().all(|v| *v < peak),
        _ => false,
    }
}

/// Why `m` cannot be estimated from a series that has not turned.
pub const NOT_IDENTIFIED: &str = "m is not identified";

fn not_identified(adopters: &[f64]) -> Error {
    let peak = adopters.iter().copied().fold(0.0, f64::max);
    let at = adopters.iter().position(|v| *v == peak).unwrap_or(0) + 1;
    fit_error(format!(
        "{NOT_IDENTIFIED}: the curve has not turned yet (the most new adopters, {peak}, came in period {at} of {}; the final share needs two periods below the peak after it), so no forecast of where it levels off",
        adopters.len()
    ))
}

/// Where new adoptions peak.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Peak {
    /// t* = ln(q/p) / (p+q) periods after the start.
    At(f64),
    /// q <= p: new adoptions are highest at the start and only decline.
    AtStart,
}

impl BassFit {
    /// t* = ln(q/p)/(p+q), when imitation outweighs innovation.
    pub fn peak(&self) -> Peak {
        if self.q > self.p {
            Peak::At((self.q / self.p).ln() / (self.p + self.q))
        } else {
            Peak::AtStart
        }
    }

    /// Expected cumulative adopters by `t` periods: m F(t).
    pub fn cumulative(&self, t: f64) -> f64 {
        self.m * bass_cdf(t, self.p, self.q)
    }

    /// Expected new adopters in period `t` (from t-1 to t).
    pub fn new_adopters(&self, t: f64) -> f64 {
        self.cumulative(t) - self.cumulative(t - 1.0)
    }

    /// Periods until `count` people have adopted: F^{-1}(count/m); `None` when the
    /// fitted market is not larger than `count` (never reached).
    pub fn periods_to_reach(&self, count: f64) -> Option<f64> {
        if count <= 0.0 {
            return Some(0.0);
        }
        if count >= self.m {
            return None;
        }
        let f = count / self.m;
        let x = (1.0 - f) / (1.0 + f * self.q / self.p);
        Some(-x.ln() / (self.p + self.q))
    }
}

/// Fits the Bass model to `adopters`, new adopters in periods 1..n. With `market`, `m`
/// is fixed to it and only p and q are estimated (non-linear estimators only); without,
/// `m` is estimated as [`fit_bass_within`] does, at least the series' own total.
pub fn fit_bass(adopters: &[f64], estimator: Estimator, market: Option<f64>) -> Result<BassFit> {
    match market {
        Some(m) => fit_bass_at(adopters, estimator, Some(m)),
        None => fit_bass_within(
            adopters,
            estimator,
            MarketBounds {
                floor: 0.0,
                ceiling: None,
            },
        ),
    }
}

/// Estimates `m` with p and q, only once the curve has turned ([`curve_turned`]; else
/// an error saying `m` is not identified), and within `bounds`: a free fit below the
/// floor (or the series' total, if larger) or above the ceiling is refitted with `m`
/// held at that bound (the least-squares optimum on the bound), and says so.
pub fn fit_bass_within(
    adopters: &[f64],
    estimator: Estimator,
    bounds: MarketBounds,
) -> Result<BassFit> {
    check_series(adopters)?;
    if !curve_turned(adopters) {
        return Err(not_identified(adopters));
    }
    let floor = bounds.floor.max(adopters.iter().sum());
    let free = fit_bass_at(adopters, estimator, None)?;
    let held = |m: f64, bound: MarketBound| -> Result<BassFit> {
        let estimator = match estimator {
            // OLS cannot hold m; the least-squares fit on the same new adopters can.
            Estimator::Ols => Estimator::Nls,
            e => e,
        };
        let mut fit = fit_bass_at(adopters, estimator, Some(m))?;
        fit.m_fixed = false;
        fit.m_bound = Some(bound);
        Ok(fit)
    };
    if free.m < floor {
        held(floor, MarketBound::Floor)
    } else if let Some(c) = bounds.ceiling.filter(|c| free.m > *c && *c >= floor) {
        held(c, MarketBound::Ceiling)
    } else {
        Ok(free)
    }
}

fn fit_bass_at(adopters: &[f64], estimator: Estimator, market: Option<f64>) -> Result<BassFit> {
    check_series(adopters)?;
    let (m, p, q) = match (estimator, market) {
        (Estimator::Ols, Some(_)) => {
            return Err(fit_error(
                "OLS estimates m itself; fix m with an nls estimator".into(),
            ));
        }
        (Estimator::Ols, None) => ols(adopters)?,
        (_, Some(m)) if !(m.is_finite() && m > 0.0) => {
            return Err(fit_error(format!("market size must be positive, got {m}")));
        }
        (_, Some(m)) if m < adopters.iter().sum::<f64>() => {
            return Err(fit_error(format!(
                "market size {m} is below the {} people who already adopted",
                adopters.iter().sum::<f64>()
            )));
        }
        (_, market) => nls(adopters, estimator, market)?,
    };
    if !(m.is_finite() && p.is_finite() && q.is_finite()) || m <= 0.0 || p <= 0.0 || q < 0.0 {
        return Err(fit_error(format!(
            "no valid fit (m = {m:.6}, p = {p:.6}, q = {q:.6}): the series does not follow a diffusion curve"
        )));
    }
    let total: f64 = adopters.iter().sum();
    if market.is_none() && m > 1000.0 * total {
        return Err(fit_error(format!(
            "m is not identified: the series shows no sign of saturation yet (fitted m = {m:.3e} for {total} adopters); fix m to the market size"
        )));
    }
    let target = target_series(adopters, estimator);
    let fitted: Vec<f64> = (1..=adopters.len())
        .map(|t| model(estimator, t as f64, m, p, q))
        .collect();
    let sse: f64 = target
        .iter()
        .zip(&fitted)
        .map(|(y, f)| (y - f).powi(2))
        .sum();
    let mean = target.iter().sum::<f64>() / target.len() as f64;
    let sst: f64 = target.iter().map(|y| (y - mean).powi(2)).sum();
    Ok(BassFit {
        estimator,
        m,
        p,
        q,
        m_fixed: market.is_some(),
        m_bound: None,
        sse,
        r2: if sst > 0.0 { 1.0 - sse / sst } else { f64::NAN },
        rmse: (sse / target.len() as f64).sqrt(),
        periods: adopters.len(),
    })
}

fn fit_error(reason: String) -> Error {
    Error::Fit(reason)
}

fn check_series(adopters: &[f64]) -> Result<()> {
    if adopters.len() < 3 {
        return Err(fit_error(format!(
            "at least 3 periods are needed, got {}",
            adopters.len()
        )));
    }
    if let Some((i, v)) = adopters
        .iter()
        .enumerate()
        .find(|(_, v)| !v.is_finite() || **v < 0.0)
    {
        return Err(fit_error(format!(
            "period {}: adopters must be a non-negative number, got {v}",
            i + 1
        )));
    }
    let with_adopters = adopters.iter().filter(|v| **v > 0.0).count();
    if with_adopters < 2 {
        return Err(fit_error(format!(
            "no growth to fit: adopters in {with_adopters} of {} periods",
            adopters.len()
        )));
    }
    Ok(())
}

/// What an estimator fits in period `t`.
fn model(estimator: Estimator, t: f64, m: f64, p: f64, q: f64) -> f64 {
    match estimator {
        Estimator::Ols | Estimator::Nls => m * (bass_cdf(t, p, q) - bass_cdf(t - 1.0, p, q)),
        Estimator::NlsDensity => m * bass_pdf(t, p, q),
        Estimator::NlsCumulative => m * bass_cdf(t, p, q),
    }
}

fn target_series(adopters: &[f64], estimator: Estimator) -> Vec<f64> {
    match estimator {
        Estimator::NlsCumulative => adopters
            .iter()
            .scan(0.0, |y, s| {
                *y += s;
                Some(*y)
            })
            .collect(),
        _ => adopters.to_vec(),
    }
}

/// Bass's regression S_t = a + b Y_{t-1} + c Y_{t-1}^2, with a = pm, b = q - p, c = -q/m.
fn ols(adopters: &[f64]) -> Result<(f64, f64, f64)> {
    let n = adopters.len();
    let mut x = DMatrix::<f64>::zeros(n, 3);
    let mut y_prev = 0.0;
    for (i, s) in adopters.iter().enumerate() {
        x[(i, 0)] = 1.0;
        x[(i, 1)] = y_prev;
        x[(i, 2)] = y_prev * y_prev;
        y_prev += s;
    }
    let s = DVector::from_column_slice(adopters);
    let coef = x
        .svd(true, true)
        .solve(&s, 1e-12)
        .map_err(|e| fit_error(format!("OLS regression failed: {e}")))?;
    let (a, b, c) = (coef[0], coef[1], coef[2]);
    if c >= 0.0 {
        return Err(fit_error(format!(
            "OLS: the squared term is not negative (c = {c:.6e}), so adoption shows no saturation yet"
        )));
    }
    let disc = b * b - 4.0 * a * c;
    if disc < 0.0 {
        return Err(fit_error(format!(
            "OLS: no real root for m (b^2 - 4ac = {disc:.6e} < 0)"
        )));
    }
    // With c < 0, the larger root is the positive market size.
    let m = (-b - disc.sqrt()) / (2.0 * c);
    if m <= 0.0 {
        return Err(fit_error(format!(
            "OLS: no positive root for m (m = {m:.6})"
        )));
    }
    Ok((m, a / m, -c * m))
}

/// Non-linear least squares by Levenberg-Marquardt over log-parameters (which keeps m, p
/// and q positive), from the best of a grid of starting points.
fn nls(adopters: &[f64], estimator: Estimator, market: Option<f64>) -> Result<(f64, f64, f64)> {
    let target = target_series(adopters, estimator);
    let total: f64 = adopters.iter().sum();
    let mut starts: Vec<(f64, f64, f64)> = Vec::new();
    for p in [0.001, 0.005, 0.01, 0.03, 0.1] {
        for q in [0.05, 0.2, 0.4, 0.7, 1.2] {
            for mult in [1.05, 1.5, 3.0] {
                starts.push((market.unwrap_or(total * mult), p, q));
            }
        }
    }
    let sse = |m: f64, p: f64, q: f64| -> f64 {
        target
            .iter()
            .enumerate()
            .map(|(i, y)| (model(estimator, (i + 1) as f64, m, p, q) - y).powi(2))
            .sum()
    };
    starts.sort_by(|a, b| sse(a.0, a.1, a.2).total_cmp(&sse(b.0, b.1, b.2)));
    let mut best: Option<((f64, f64, f64), f64)> = None;
    for &(m, p, q) in starts.iter().take(4) {
        let problem = BassProblem {
            target: &target,
            estimator,
            market,
            theta: match market {
                Some(_) => DVector::from_vec(vec![p.ln(), q.ln()]),
                None => DVector::from_vec(vec![m.ln(), p.ln(), q.ln()]),
            },
        };
        let (solved, report) = LevenbergMarquardt::new()
            .with_ftol(1e-14)
            .with_xtol(1e-14)
            .with_gtol(1e-14)
            .with_patience(2000)
            .minimize(problem);
        if !report.termination.was_successful()
            && !matches!(
                report.termination,
                levenberg_marquardt::TerminationReason::NoImprovementPossible(_)
            )
        {
            continue;
        }
        let params = solved.model_params();
        let value = sse(params.0, params.1, params.2);
        if value.is_finite() && best.is_none_or(|(_, b)| value < b) {
            best = Some((params, value));
        }
    }
    best.map(|(params, _)| params).ok_or_else(|| {
        fit_error(format!(
            "{} did not converge from any starting point",
            estimator.name()
        ))
    })
}

/// Residuals model - observed over log-parameters (log m, log p, log q), or (log p,
/// log q) with m fixed.
struct BassProblem<'a> {
    target: &'a [f64],
    estimator: Estimator,
    market: Option<f64>,
    theta: DVector<f64>,
}

impl BassProblem<'_> {
    fn params_of(&self, theta: &DVector<f64>) -> (f64, f64, f64) {
        match self.market {
            Some(m) => (m, theta[0].exp(), theta[1].exp()),
            None => (theta[0].exp(), theta[1].exp(), theta[2].exp()),
        }
    }

    fn model_params(&self) -> (f64, f64, f64) {
        self.params_of(&self.theta)
    }

    fn residuals_at(&self, theta: &DVector<f64>) -> DVector<f64> {
        let (m, p, q) = self.params_of(theta);
        DVector::from_iterator(
            self.target.len(),
            self.target
                .iter()
                .enumerate()
                .map(|(i, y)| model(self.estimator, (i + 1) as f64, m, p, q) - y),
        )
    }
}

impl LeastSquaresProblem<f64, Dyn, Dyn> for BassProblem<'_> {
    type ResidualStorage = Owned<f64, Dyn>;
    type JacobianStorage = Owned<f64, Dyn, Dyn>;
    type ParameterStorage = Owned<f64, Dyn>;

    fn set_params(&mut self, theta: &DVector<f64>) {
        self.theta.copy_from(theta);
    }

    fn params(&self) -> DVector<f64> {
        self.theta.clone()
    }

    fn residuals(&self) -> Option<DVector<f64>> {
        let r = self.residuals_at(&self.theta);
        r.iter().all(|v| v.is_finite()).then_some(r)
    }

    /// Central differences: the model's closed-form derivatives are long, and the
    /// minimiser's result depends on the residuals, not on the Jacobian's last digits.
    fn jacobian(&self) -> Option<DMatrix<f64>> {
        let n = self.theta.len();
        let mut j = DMatrix::zeros(self.target.len(), n);
        for k in 0..n {
            let h = 1e-6 * self.theta[k].abs().max(1.0);
            let mut up = self.theta.clone();
            let mut down = self.theta.clone();
            up[k] += h;
            down[k] -= h;
            let column = (self.residuals_at(&up) - self.residuals_at(&down)) / (2.0 * h);
            j.set_column(k, &column);
        }
        j.iter().all(|v| v.is_finite()).then_some(j)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The VCR series of the Wikipedia "Bass diffusion model" example.
    const VCR: [f64; 10] = [
        840.0, 1470.0, 2110.0, 4000.0, 7590.0, 10950.0, 10530.0, 9470.0, 7790.0, 5890.0,
    ];

    fn close(got: f64, want: f64, rel: f64) -> bool {
        ((got - want) / want).abs() <= rel
    }

    fn assert_fit(fit: &BassFit, m: f64, p: f64, q: f64, rel: f64) {
        assert!(
            close(fit.m, m, rel) && close(fit.p, p, rel) && close(fit.q, q, rel),
            "{}: got m {} p {} q {}, want m {m} p {p} q {q} to {rel} relative",
            fit.estimator.name(),
            fit.m,
            fit.p,
            fit.q
        );
    }

    #[test]
    fn ols_matches_a_published_regression() {
        // Adoptions (millions) in the first five years of a durable good, fitted by
        // Bass's regression in a brand-management course exercise (2.555A, module 1):
        // p = 0.0626032, q = 0.73766359, M = 10.5036768.
        // The series still rises in every period: the regression is checked as such,
        // but a fit reports its m as not identified (the curve has not turned).
        let series = [0.517, 1.169, 1.604, 2.044, 2.286];
        let (m, p, q) = ols(&series).unwrap();
        assert!(close(m, 10.5036768, 1e-4) && close(p, 0.0626032, 1e-4));
        assert!(close(q, 0.73766359, 1e-4));
        let refused = fit_bass(&series, Estimator::Ols, None).unwrap_err();
        assert!(refused.to_string().contains(NOT_IDENTIFIED), "{refused}");
    }

    #[test]
    fn m_is_never_below_the_adopters_so_far() {
        // A quick start and a long trickle: 61 adopters, but the free least-squares fit
        // puts m at 44.3 (p 0.977, q 0.369, by an independent grid search over p and q
        // with m solved exactly for each). The fit must promise no fewer than 61.
        let mut series = vec![30.0, 10.0, 3.0];
        series.extend([1.0; 18]);
        let fit = fit_bass(&series, Estimator::Nls, None).unwrap();
        assert_eq!(fit.m, 61.0);
        assert_eq!(fit.m_bound, Some(MarketBound::Floor));
        // A floor above the series' total (people who adopted in a period not complete
        // yet) holds too; a ceiling below the free fit holds m down to it.
        let bounds = |floor, ceiling| MarketBounds { floor, ceiling };
        let fit = fit_bass_within(&series, Estimator::Nls, bounds(67.0, Some(80.0))).unwrap();
        assert_eq!((fit.m, fit.m_bound), (67.0, Some(MarketBound::Floor)));
        let vcr = fit_bass_within(&VCR, Estimator::Nls, bounds(0.0, Some(65000.0))).unwrap();
        assert_eq!((vcr.m, vcr.m_bound), (65000.0, Some(MarketBound::Ceiling)));
        // Within its bounds the free fit stands (scipy: m 67660.0253).
        let free = fit_bass_within(&VCR, Estimator::Nls, bounds(60640.0, Some(7e4))).unwrap();
        assert!(close(free.m, 67660.0253, 1e-4) && free.m_bound.is_none());
    }

    #[test]
    fn m_is_not_identified_before_the_curve_turns() {
        // Still accelerating: every period brings more adopters than the one before.
        let rising = [1.0, 2.0, 4.0, 7.0, 11.0, 16.0];
        assert!(!curve_turned(&rising));
        let e = fit_bass(&rising, Estimator::Nls, None).unwrap_err();
        assert!(e.to_string().contains(NOT_IDENTIFIED), "{e}");
        // The peak in the last period but one, or repeated in the last: not yet.
        assert!(!curve_turned(&[1.0, 3.0, 9.0, 12.0, 8.0]));
        assert!(!curve_turned(&[1.0, 12.0, 9.0, 12.0, 8.0]));
        // Two periods below the peak after it: turned.
        assert!(curve_turned(&[1.0, 3.0, 12.0, 9.0, 8.0]));
        assert!(curve_turned(&VCR));
        // A fixed market needs no turn.
        assert!(fit_bass(&rising, Estimator::Nls, Some(100.0)).is_ok());
    }

    #[test]
    fn nls_density_matches_r_nls() {
        // Chengjun Wang, "Bass diffusion model" (rpubs.com/chengjun/bass_model), R nls of
        // sales = m f(t) on this series: M 6.80e+04, P 6.59e-03, Q 6.38e-01, residual
        // standard error 727 on 7 degrees of freedom (three printed digits).
        let fit = fit_bass(&VCR, Estimator::NlsDensity, None).unwrap();
        assert_fit(&fit, 6.80e4, 6.59e-3, 6.38e-1, 5e-3);
        assert!(close((fit.sse / 7.0).sqrt(), 727.0, 5e-3));
        // The same fit by scipy's trust-region solver (tests/expect/bass_reference.py).
        assert_fit(&fit, 67980.90872, 0.006593959893, 0.6380912523, 1e-4);
        assert!(close(fit.sse, 3701668.589, 1e-6));
    }

    #[test]
    fn every_estimator_matches_an_independent_solver() {
        // tests/expect/bass_reference.py: numpy least squares and scipy's
        // trust-region-reflective solver on the same series.
        let cases = [
            (
                Estimator::Ols,
                None,
                62665.44691,
                0.02164678283,
                0.6805250433,
            ),
            (
                Estimator::Nls,
                None,
                67660.0253,
                0.008788962945,
                0.6421588949,
            ),
            (
                Estimator::NlsCumulative,
                None,
                66147.53041,
                0.007692607222,
                0.6699547342,
            ),
            (
                Estimator::Nls,
                Some(80000.0),
                80000.0,
                0.01334359345,
                0.5278219972,
            ),
        ];
        for (estimator, market, m, p, q) in cases {
            let fit = fit_bass(&VCR, estimator, market).unwrap();
            assert_fit(&fit, m, p, q, 1e-4);
        }
        let nls = fit_bass(&VCR, Estimator::Nls, None).unwrap();
        assert!(close(nls.sse, 3672146.264, 1e-6), "sse {}", nls.sse);
    }

    #[test]
    fn peak_and_forecast_closed_forms() {
        let fit = BassFit {
            estimator: Estimator::Nls,
            m: 1000.0,
            p: 0.03,
            q: 0.38,
            m_fixed: false,
            m_bound: None,
            sse: 0.0,
            r2: 1.0,
            rmse: 0.0,
            periods: 10,
        };
        // t* = ln(q/p)/(p+q) = ln(12.6667)/0.41 = 6.19262 (by hand: 2.538974/0.41)
        let Peak::At(t) = fit.peak() else {
            panic!("q > p")
        };
        assert!(close(t, (0.38f64 / 0.03).ln() / 0.41, 1e-12));
        assert!(close(t, 6.192_619, 1e-6), "t* {t}");
        // F(t*) = (q - p) / 2q = 0.460526...
        assert!(close(bass_cdf(t, 0.03, 0.38), 0.35 / 0.76, 1e-12));
        // The density peaks at t*.
        assert!(bass_pdf(t, 0.03, 0.38) > bass_pdf(t - 0.01, 0.03, 0.38));
        assert!(bass_pdf(t, 0.03, 0.38) > bass_pdf(t + 0.01, 0.03, 0.38));
        // Inverse: reaching F(t*) m adopters takes t*; m itself is never reached.
        let at = fit.periods_to_reach(1000.0 * 0.35 / 0.76).unwrap();
        assert!(close(at, t, 1e-9));
        assert_eq!(fit.periods_to_reach(1000.0), None);
        let slow = BassFit { q: 0.02, ..fit };
        assert_eq!(slow.peak(), Peak::AtStart);
    }

    #[test]
    fn degenerate_series_are_errors_not_nan() {
        let message = |s: &[f64], e: Estimator| fit_bass(s, e, None).unwrap_err().to_string();
        assert!(message(&[1.0, 2.0], Estimator::Nls).contains("at least 3 periods"));
        assert!(message(&[0.0, 0.0, 0.0, 0.0], Estimator::Nls).contains("no growth"));
        assert!(message(&[5.0, 0.0, 0.0, 0.0], Estimator::Ols).contains("no growth"));
        assert!(message(&[1.0, -2.0, 3.0], Estimator::Nls).contains("period 2"));
        // Pure exponential growth: m runs away instead of converging.
        let exponential: Vec<f64> = (0..12).map(|k| 2f64.powi(k)).collect();
        assert!(message(&exponential, Estimator::Nls).contains("m is not identified"));
        // Accelerating without saturation: the regression's squared term is positive
        // (numpy: c = 0.0267).
        assert!(
            ols(&[1.0, 2.0, 5.0, 14.0, 45.0]).is_err_and(|e| e.to_string().contains("saturation"))
        );
        assert!(message(&[1.0, 2.0, 5.0, 14.0, 45.0], Estimator::Ols).contains(NOT_IDENTIFIED));
        assert!(
            fit_bass(&VCR, Estimator::Nls, Some(1000.0))
                .unwrap_err()
                .to_string()
                .contains("below")
        );
        assert!(
            fit_bass(&VCR, Estimator::Ols, Some(1e5))
                .unwrap_err()
                .to_string()
                .contains("nls")
        );
    }
}
