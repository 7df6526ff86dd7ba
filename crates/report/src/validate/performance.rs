//! The arithmetic performance tables state, checked to the precision they print.
//!
//! Every comparison rounds the computed side half up to the decimals of the printed side
//! (19.98 is checked against 20 × 1,675.76 / 1,677.18 = 19.983… → 19.98); there is no tolerance.
//! Each check is a diagnostic: `Pass` when it holds, `Error` (or `Warning` for comparisons with
//! the report's other tables, which may count differently) when it does not.

use juesuan_model::{
    Diagnostic, Document, Evaluation, EvaluationKind, EvaluationScope, Rule, Severity, TableKind,
};
use rust_decimal::{Decimal, RoundingStrategy};

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// Check every evaluation of a document.
pub fn check(doc: &Document) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for e in &doc.evaluations {
        execution_rate(e, &mut out);
        budget_score(e, &mut out);
        scores_within_weights(e, &mut out);
        weights_add_up(e, &mut out);
        total_score(e, &mut out);
        if e.scope == EvaluationScope::Overall && e.kind == EvaluationKind::SelfEvaluation {
            against_tables(e, doc, &mut out);
        }
    }
    out
}

fn round_as(value: Decimal, printed: Decimal) -> Decimal {
    value.round_dp_with_strategy(printed.scale(), RoundingStrategy::MidpointAwayFromZero)
}

fn finding(
    rule: Rule,
    holds: bool,
    failed: Severity,
    message: String,
    expected: Decimal,
    actual: Decimal,
) -> Diagnostic {
    let mut d = Diagnostic::note(rule, if holds { Severity::Pass } else { failed }, message);
    d.expected = Some(expected);
    d.actual = Some(actual);
    d.difference = Some(actual - expected);
    d
}

/// 执行率 = 执行数 / 预算数, to the printed decimals.
fn execution_rate(e: &Evaluation, out: &mut Vec<Diagnostic>) {
    let (Some(a), Some(b), Some(rate)) = (e.budget, e.executed, e.execution_rate) else {
        return;
    };
    if a.is_zero() {
        return;
    }
    let expected = round_as(b / a * HUNDRED, rate);
    out.push(finding(
        Rule::PerfExecutionRate,
        expected == rate,
        Severity::Error,
        format!(
            "{}: 执行率 {rate}% = 执行数 {b} / 预算数 {a} ({expected}%)",
            e.evaluation
        ),
        expected,
        rate,
    ));
}

/// 得分 = 分值 × 执行率, never above the 分值: × B/A, or × the printed 执行率 (both conventions
/// are in use); either one holding passes.
fn budget_score(e: &Evaluation, out: &mut Vec<Diagnostic>) {
    let (Some(w), Some(score)) = (e.budget_weight, e.budget_score) else {
        return;
    };
    let by_ratio = match (e.budget, e.executed) {
        (Some(a), Some(b)) if !a.is_zero() => Some(round_as((w * b / a).min(w), score)),
        _ => None,
    };
    let by_rate = e
        .execution_rate
        .map(|r| round_as((w * r / HUNDRED).min(w), score));
    let Some(expected) = by_ratio.or(by_rate) else {
        return;
    };
    let holds = by_ratio == Some(score) || by_rate == Some(score);
    out.push(finding(
        Rule::PerfBudgetScore,
        holds,
        Severity::Error,
        format!(
            "{}: 预算执行得分 {score} = {w} × 执行率, capped at {w} ({expected})",
            e.evaluation
        ),
        expected,
        score,
    ));
}

/// No score above its weight: each indicator's, and budget execution's.
fn scores_within_weights(e: &Evaluation, out: &mut Vec<Diagnostic>) {
    let budget = (e.budget_weight, e.budget_score, "预算执行".to_string());
    let indicators = e
        .indicators
        .iter()
        .map(|i| (i.weight, i.score, i.indicator.clone()));
    for (weight, score, name) in std::iter::once(budget).chain(indicators) {
        let (Some(w), Some(s)) = (weight, score) else {
            continue;
        };
        out.push(finding(
            Rule::PerfScoreWeight,
            s <= w,
            Severity::Error,
            format!("{}: {name} scores {s} of its weight {w}", e.evaluation),
            w.min(s),
            s,
        ));
    }
}

/// Σ三级 = 二级, Σ二级 = 一级 (where the levels print their weights), all indicator weights = the
/// printed indicator total, and all weights with budget execution's = 100.
fn weights_add_up(e: &Evaluation, out: &mut Vec<Diagnostic>) {
    let ind = &e.indicators;
    let mut push = |holds: bool, what: String, expected: Decimal, actual: Decimal| {
        out.push(finding(
            Rule::PerfWeights,
            holds,
            Severity::Error,
            format!("{}: {what}", e.evaluation),
            expected,
            actual,
        ));
    };
    // 二级 groups: consecutive indicators under the same 一级 and 二级
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for (k, i) in ind.iter().enumerate() {
        match groups.last_mut() {
            Some((start, end))
                if ind[*start].level1 == i.level1 && ind[*start].level2 == i.level2 =>
            {
                *end = k + 1
            }
            _ => groups.push((k, k + 1)),
        }
    }
    for &(start, end) in &groups {
        let first = &ind[start];
        let (Some(w2), Some(name)) = (first.level2_weight, first.level2.as_ref()) else {
            continue;
        };
        let weights: Option<Decimal> = ind[start..end].iter().map(|i| i.weight).sum();
        if let Some(sum) = weights {
            push(
                sum == w2,
                format!("Σ三级 weights under {name} = {sum}, its weight {w2}"),
                w2,
                sum,
            );
        }
    }
    // 一级: the sum of its 二级 weights (or of its indicators' where 二级 print none)
    let mut level1: Vec<(usize, usize)> = Vec::new();
    for &(start, end) in &groups {
        match level1.last_mut() {
            Some((s, e)) if ind[*s].level1 == ind[start].level1 => *e = end,
            _ => level1.push((start, end)),
        }
    }
    for &(start, end) in &level1 {
        let first = &ind[start];
        let (Some(w1), Some(name)) = (first.level1_weight, first.level1.as_ref()) else {
            continue;
        };
        let level2: Option<Decimal> = groups
            .iter()
            .filter(|(s, _)| *s >= start && *s < end)
            .map(|(s, _)| ind[*s].level2_weight)
            .sum();
        let leaves: Option<Decimal> = ind[start..end].iter().map(|i| i.weight).sum();
        if let Some(sum) = level2.or(leaves) {
            push(
                sum == w1,
                format!("Σ二级 weights under {name} = {sum}, its weight {w1}"),
                w1,
                sum,
            );
        }
    }
    let all: Option<Decimal> = ind.iter().map(|i| i.weight).sum();
    let Some(all) = all.filter(|_| !ind.is_empty()) else {
        return;
    };
    if let Some(total) = e.indicator_weight {
        push(
            all == total,
            format!("Σ indicator weights = {all}, the printed {total}"),
            total,
            all,
        );
    }
    let budget = e.budget_weight.unwrap_or(Decimal::ZERO);
    push(
        all + budget == HUNDRED,
        format!("Σ indicator weights {all} + budget execution's {budget} = 100"),
        HUNDRED,
        all + budget,
    );
}

/// 总分 = budget execution's score + Σ indicator scores.
fn total_score(e: &Evaluation, out: &mut Vec<Diagnostic>) {
    let Some(total) = e.total_score else { return };
    let scores: Option<Decimal> = e.indicators.iter().map(|i| i.score).sum();
    let Some(scores) = scores.filter(|_| !e.indicators.is_empty()) else {
        return;
    };
    let sum = scores + e.budget_score.unwrap_or(Decimal::ZERO);
    let expected = round_as(sum, total);
    out.push(finding(
        Rule::PerfTotalScore,
        expected == total,
        Severity::Error,
        format!(
            "{}: 总分 {total} = {} + Σ indicator scores {scores}",
            e.evaluation,
            e.budget_score.unwrap_or(Decimal::ZERO)
        ),
        expected,
        total,
    ));
}

/// The 整体 evaluation against the report's own tables: 执行数 = 本年支出合计, 预算数 = the
/// income side's 总计 (预算数 counts 上年结转 in). A difference is reported, never corrected.
fn against_tables(e: &Evaluation, doc: &Document, out: &mut Vec<Diagnostic>) {
    let Some(summary) = doc.table(TableKind::Summary) else {
        return;
    };
    let amount = |line: &str, income_side: bool| {
        summary
            .rows
            .iter()
            .filter(|r| r.line == line)
            .filter_map(|r| {
                r.cells
                    .iter()
                    .find(|c| c.value.is_some())
                    .map(|c| (c.column, c.value))
            })
            .find(|(column, _)| (*column == 1) == income_side)
            .and_then(|(_, v)| v)
    };
    if let (Some(executed), Some(spent)) = (e.executed, amount("total.expenditure", false)) {
        out.push(finding(
            Rule::PerfExecutedTotal,
            executed == spent,
            Severity::Warning,
            format!("整体: 执行数 {executed} = the summary table's 本年支出合计 {spent}"),
            spent,
            executed,
        ));
    }
    if let (Some(budget), Some(total)) = (e.budget, amount("grand_total", true)) {
        out.push(finding(
            Rule::PerfBudgetTotal,
            budget == total,
            Severity::Warning,
            format!("整体: 预算数 {budget} = the summary table's 收入总计 {total}"),
            total,
            budget,
        ));
    }
}
