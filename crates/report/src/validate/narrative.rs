//! The narrative against the tables (`NARRATIVE_MISMATCH`, `NARRATIVE_NO_TABLE`) and against its
//! own figures (`NARRATIVE_RATE`), to the precision the narrative prints, never with a tolerance:
//! a table cell is rounded (half away from zero) to the decimals the narrative states, and a share
//! or a rate of change computed from the stated figures is rounded to the decimals it is printed
//! with.

use juesuan_model::{
    AmountUnit, Diagnostic, Document, FigureMeasure, NarrativeFigure, Rule, Severity, TableKind,
};
use rust_decimal::{Decimal, RoundingStrategy};

fn round(v: Decimal, scale: u32) -> Decimal {
    v.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero)
}

fn finding(
    rule: Rule,
    severity: Severity,
    message: String,
    expected: Option<Decimal>,
    actual: Decimal,
) -> Diagnostic {
    let mut d = Diagnostic::note(rule, severity, message);
    d.expected = expected;
    d.actual = Some(actual);
    d.difference = expected.map(|e| actual - e);
    d
}

/// The table cell a `table/line/column_key` key names, in 万元 or 元 as the figure states it:
/// Err(kind) when the report prints no such table; Ok(None) when the row is printed and leaves
/// the cell blank; None when the table prints no such row or column (nothing to compare).
fn cell_value(doc: &Document, key: &str, unit: &str) -> Option<Result<Option<Decimal>, TableKind>> {
    let mut parts = key.splitn(3, '/');
    let (kind, line, column) = (parts.next()?, parts.next()?, parts.next()?);
    let kind = *TableKind::ALL.iter().find(|k| k.as_str() == kind)?;
    let Some(table) = doc.table(kind) else {
        return Some(Err(kind));
    };
    let top = table
        .entities()
        .first()
        .map(|e| e.to_string())
        .unwrap_or_default();
    if !table.columns.iter().any(|c| c.key == column) && !table.columns.is_empty() {
        return None;
    }
    let mut rows = table
        .rows
        .iter()
        .filter(|r| r.line == line && r.entity == top)
        .peekable();
    rows.peek()?;
    let value = rows
        .flat_map(|r| &r.cells)
        .find(|c| c.key == column)
        .and_then(|c| c.value);
    let scale = match (table.unit, unit) {
        (AmountUnit::WanYuan, "万元") | (AmountUnit::Yuan, "元") => Decimal::ONE,
        (AmountUnit::Yuan, "万元") => Decimal::new(1, 4),
        (AmountUnit::WanYuan, "元") => Decimal::from(10_000),
        _ => return None,
    };
    Some(Ok(value.map(|v| v * scale)))
}

/// Every check the narrative's figures allow.
pub fn check(doc: &Document) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if doc.metadata.family == Some(juesuan_model::DocFamily::Government) {
        return out; // its figures are read; the department tables they would be checked against are not its
    }
    let mut missing: Vec<TableKind> = Vec::new();
    for (i, f) in doc.narrative.iter().enumerate() {
        match f.measure {
            FigureMeasure::Amount => {
                let Some(key) = f.key.as_deref().filter(|k| k.contains('/')) else {
                    continue;
                };
                match cell_value(doc, key, &f.unit) {
                    // a narrative-only report publishes its tables elsewhere
                    Some(Err(kind)) if !doc.tables.is_empty() && !missing.contains(&kind) => {
                        missing.push(kind);
                        out.push(finding(
                            Rule::NarrativeNoTable,
                            Severity::Warning,
                            format!(
                                "the narrative states \"{}\" {} {} (page {}), but the report prints no {} table",
                                f.subject,
                                f.value,
                                f.unit,
                                f.page,
                                kind.as_str()
                            ),
                            None,
                            f.value,
                        ));
                    }
                    None | Some(Err(_)) => {}
                    Some(Ok(cell)) => {
                        let table = cell.map(|v| round(v, f.value.scale()));
                        let (severity, what) = match table {
                            Some(v) if v == f.value => {
                                (Severity::Pass, "equals the table".to_string())
                            }
                            None if f.value.is_zero() => (
                                Severity::Pass,
                                "the table leaves it blank, as zero".to_string(),
                            ),
                            Some(v) => (Severity::Error, format!("the table prints {v}")),
                            None => (Severity::Error, "the table leaves it blank".to_string()),
                        };
                        out.push(finding(
                            Rule::NarrativeMismatch,
                            severity,
                            format!(
                                "narrative \"{}\" {} {} (page {}, {key}): {what}",
                                f.subject, f.value, f.unit, f.page
                            ),
                            Some(table.unwrap_or_default()),
                            f.value,
                        ));
                    }
                }
            }
            // a share of a stated whole ("占本年收入", "完成年初预算的"); other percentages
            // (覆盖率, 发放率) are outcomes, not shares of stated figures
            FigureMeasure::Share
                if f.subject.contains('占')
                    || f.subject.contains("完成") && f.subject.contains("预算") =>
            {
                if let Some((num, den)) = share_terms(doc, i) {
                    out.extend(rate_check(f, num, den, "share", shares_make_100(doc, i)));
                }
            }
            FigureMeasure::ChangeRate => {
                if let Some((change, prior)) = change_terms(doc, i) {
                    out.extend(rate_check(f, change, prior, "rate of change", false));
                }
            }
            _ => {}
        }
    }
    out
}

/// `100 × num / den`, rounded as the figure prints it, against the figure. Off by one in the last
/// digit where the shares printed beside it add up to exactly 100 %, it was rounded so that they
/// do: a warning, not an error (江苏 2018: 49.55 % + 39.84 % + 10.61 %, the last 10.60 %).
fn rate_check(
    f: &NarrativeFigure,
    num: Decimal,
    den: Decimal,
    what: &str,
    shares_make_100: bool,
) -> Option<Diagnostic> {
    if den.is_zero() {
        return None;
    }
    let computed = round(num / den * Decimal::ONE_HUNDRED, f.value.scale());
    let one_unit = Decimal::new(1, f.value.scale());
    let severity = if computed == f.value {
        Severity::Pass
    } else if shares_make_100 && (computed - f.value).abs() == one_unit {
        Severity::Warning
    } else {
        Severity::Error
    };
    Some(finding(
        Rule::NarrativeRate,
        severity,
        format!(
            "narrative {what} \"{}\" {}% (page {}): the stated figures give {num} / {den} = {computed}%",
            f.subject, f.value, f.page
        ),
        Some(computed),
        f.value,
    ))
}

/// Whether the shares "占…" of figure `i`'s section, of the same whole, add up to exactly 100.
fn shares_make_100(doc: &Document, i: usize) -> bool {
    let f = &doc.narrative[i];
    let siblings = doc.narrative.iter().filter(|g| {
        g.section == f.section && g.measure == FigureMeasure::Share && g.subject == f.subject
    });
    siblings.clone().count() > 1
        && siblings.map(|g| g.value).sum::<Decimal>() == Decimal::ONE_HUNDRED
}

/// The figures of the same sentence before figure `i`, nearest first.
fn before_in_sentence(doc: &Document, i: usize) -> impl Iterator<Item = &NarrativeFigure> {
    let f = &doc.narrative[i];
    doc.narrative[..i]
        .iter()
        .rev()
        .take_while(move |g| g.sentence == f.sentence && g.page == f.page)
}

fn is_money(f: &NarrativeFigure) -> bool {
    matches!(f.unit.as_str(), "万元" | "元" | "亿元")
}

/// A share's numerator (the amount just stated) and denominator: the 年初预算 stated in the
/// sentence for "完成年初预算的", the whole it names ("占本年收入": 收入合计), else the section's
/// first amount (its total).
fn share_terms(doc: &Document, i: usize) -> Option<(Decimal, Decimal)> {
    let f = &doc.narrative[i];
    let of_budget = !f.subject.contains('占');
    let numerator = before_in_sentence(doc, i).find(|g| {
        g.measure == FigureMeasure::Amount
            && is_money(g)
            && !(of_budget && g.subject.contains("预算"))
    })?;
    let stated = |key: &str| {
        doc.narrative[..i]
            .iter()
            .rev()
            .find(|g| {
                g.key.as_deref() == Some(key)
                    && g.measure == FigureMeasure::Amount
                    && g.unit == numerator.unit
            })
            .map(|g| g.value)
    };
    let denominator = if of_budget {
        // "完成年初预算的", "完成预算的": of the budget the sentence states
        before_in_sentence(doc, i)
            .find(|g| g.measure == FigureMeasure::Amount && g.subject.contains("预算"))
            .map(|g| g.value)?
    } else {
        // the whole it names after "占": one the narrative states, or (none named) the
        // section's total; a whole juesuan does not know is not checked
        let whole = f.subject.rsplit('占').next().unwrap_or_default();
        let whole = whole.trim_end_matches('的').trim_start_matches("本年");
        match whole {
            "收入" | "收入合计" | "收入总计" => stated("summary/total.income/amount")?,
            "支出" | "支出合计" | "支出总计" => {
                stated("summary/total.expenditure/amount")?
            }
            "政府采购支出总额" | "政府采购总额" => stated("procurement.total")?,
            "" => section_total(doc, i, numerator)?,
            _ => return None,
        }
    };
    Some((numerator.value, denominator))
}

/// The first amount of figure `i`'s section other than `numerator`: the section's total.
fn section_total(doc: &Document, i: usize, numerator: &NarrativeFigure) -> Option<Decimal> {
    let f = &doc.narrative[i];
    {
        doc.narrative[..i]
            .iter()
            .filter(|g| {
                g.section == f.section
                    && g.measure == FigureMeasure::Amount
                    && g.unit == numerator.unit
            })
            .find(|g| !std::ptr::eq(*g, numerator))
            .map(|g| g.value)
    }
}

/// A rate of change's change (stated just before it) and the prior year's amount (the current
/// amount stated in the section for the same key, less the change).
fn change_terms(doc: &Document, i: usize) -> Option<(Decimal, Decimal)> {
    let f = &doc.narrative[i];
    let change = before_in_sentence(doc, i).find(|g| g.measure == FigureMeasure::Change)?;
    let key = change.key.as_deref()?;
    let same = |g: &&NarrativeFigure| {
        g.measure == FigureMeasure::Amount && g.key.as_deref() == Some(key) && g.unit == change.unit
    };
    // the amount the sentence states; else, where the change names what changed ("收、支总计各增
    // 加"), the one its section stated before
    let current = before_in_sentence(doc, i).find(same).or_else(|| {
        let names_it = change.subject.contains(|c: char| {
            !"比上年增加减少下降增长与相较同期年度各，了".contains(c) && !c.is_ascii_digit()
        });
        names_it
            .then(|| {
                doc.narrative[..i]
                    .iter()
                    .rev()
                    .take_while(|g| g.section == f.section)
                    .find(same)
            })
            .flatten()
    })?;
    Some((change.value, current.value - change.value))
}
