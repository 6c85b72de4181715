//! The work summary (工作总结) laid out from the figures: the campaign's
//! four parts in order, the rules beside every rate. See ARCHITECTURE.md,
//! "Report".

use super::doc::{Builder, Cell, Doc, Part, Row, Table};
use crate::config::categories::{Categories, SetId};
use crate::domain::figures::{ByKey, Figures, OpenLoad, Ratio};
use crate::lang::Lang;
use crate::msg::Msg;
use crate::store::report::Period;
use crate::text::safe;
use std::collections::{BTreeMap, BTreeSet};

/// One station's figures, named.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub station: String,
    pub figures: Figures,
}

/// Lays out the summary of `stations` for `period`; with more than one
/// station a total column follows theirs.
pub fn build(stations: &[Column], period: Period, cats: &Categories, lang: Lang) -> Doc {
    let mut columns: Vec<Figures> = stations.iter().map(|s| s.figures.clone()).collect();
    let mut headings: Vec<String> = stations.iter().map(|s| safe(&s.station)).collect();
    if stations.len() > 1 {
        let mut total = Figures::default();
        for s in stations {
            total.absorb(&s.figures);
        }
        columns.push(total);
        headings.push(Msg::ReportTotal.text(lang).to_string());
    }
    let l = Layout {
        b: Builder {
            lang,
            columns: &columns,
        },
        cats,
    };
    Doc {
        title: Msg::ReportTitle.text(lang).to_string(),
        subtitle: Msg::ReportSubtitleFmt.fill(
            lang,
            &[
                &headings[..stations.len()].join(", "),
                &period.from,
                &period.to,
            ],
        ),
        columns: headings,
        parts: vec![l.walk(), l.inquire(), l.evaluate(), l.consult()],
        nothing: Msg::ReportNothing.text(lang).to_string(),
        item: Msg::ReportItem.text(lang).to_string(),
        part: Msg::ReportPartColumn.text(lang).to_string(),
        table: Msg::ReportTableColumn.text(lang).to_string(),
        rule: Msg::ReportRule.text(lang).to_string(),
    }
}

struct Layout<'a> {
    b: Builder<'a, Figures>,
    cats: &'a Categories,
}

fn count(n: i64) -> Cell {
    Cell::Count(n)
}

fn rate(num: i64, den: i64) -> Cell {
    Cell::Rate(Ratio::new(num, den))
}

impl Layout<'_> {
    fn text(&self, m: Msg) -> String {
        m.text(self.b.lang).to_string()
    }

    fn table(&self, title: Msg, rows: Vec<Row>, rules: &[Msg]) -> Table {
        Table {
            title: self.text(title),
            rows,
            rules: rules.iter().map(|m| self.text(*m)).collect(),
        }
    }

    /// One row per item of `set` (offered ones, then any other key a
    /// column counted, "none given" last), cells from `map`.
    fn keyed(&self, set: SetId, map: impl Fn(&Figures) -> &ByKey) -> Vec<Row> {
        self.keyed_as(set, Msg::ReportNoneGiven, map)
    }

    /// As [`Layout::keyed`], with `none` naming the "none given" line.
    fn keyed_as(&self, set: SetId, none: Msg, map: impl Fn(&Figures) -> &ByKey) -> Vec<Row> {
        self.keyed_with(
            set,
            none,
            |f| map(f).keys().cloned().collect(),
            |f, k| count(map(f).get(k).copied().unwrap_or(0)),
        )
    }

    fn keyed_with(
        &self,
        set: SetId,
        none: Msg,
        keys_of: impl Fn(&Figures) -> BTreeSet<String>,
        cell: impl Fn(&Figures, &str) -> Cell,
    ) -> Vec<Row> {
        let mut keys: Vec<String> = self.cats.keys(set);
        let found: BTreeSet<String> = self.b.columns.iter().flat_map(&keys_of).collect();
        let extra: Vec<String> = found
            .iter()
            .filter(|k| !k.is_empty() && !keys.contains(k))
            .cloned()
            .collect();
        keys.extend(extra);
        if found.contains("") {
            keys.push(String::new());
        }
        keys.iter()
            .map(|k| {
                let label = if k.is_empty() {
                    self.text(none)
                } else {
                    safe(&self.cats.label(set, k, self.b.lang))
                };
                self.b.row(label, |f| cell(f, k))
            })
            .collect()
    }

    /// Open / overdue per name (a unit key or an officer's name).
    fn loads(
        &self,
        map: impl Fn(&Figures) -> &BTreeMap<String, OpenLoad>,
        label: impl Fn(&str) -> String,
    ) -> Vec<Row> {
        let names: BTreeSet<&String> = self.b.columns.iter().flat_map(|f| map(f).keys()).collect();
        names
            .into_iter()
            .map(|n| {
                let label = if n.is_empty() {
                    self.text(Msg::ReportUnassigned)
                } else {
                    label(n)
                };
                self.b.row(label, |f| {
                    let l = map(f).get(n).copied().unwrap_or_default();
                    Cell::Pair(l.open, l.overdue)
                })
            })
            .collect()
    }

    /// 带着任务去走: visits for the six deliveries, and the care list.
    fn walk(&self) -> Part {
        let b = &self.b;
        let visits = vec![
            b.msg(Msg::ReportTurnouts, |f| count(f.visits.turnouts)),
            b.msg(Msg::ReportVisitsDone, |f| count(f.visits.done)),
            b.msg(Msg::ReportVisitsPlanned, |f| count(f.visits.planned)),
            b.msg(Msg::ReportVisitsCancelled, |f| count(f.visits.cancelled)),
            b.msg(Msg::ReportVisitsOverdue, |f| count(f.visits.overdue)),
            b.msg(Msg::ReportPeopleReached, |f| count(f.visits.people_reached)),
            b.msg(Msg::ReportTargetsVisited, |f| count(f.visits.targets)),
        ];
        let mut purposes = self.keyed(SetId::Purpose, |f| &f.visits.by_purpose);
        purposes.push(b.msg(Msg::ReportMultiPurpose, |f| count(f.visits.multi_purpose)));
        let mut vulnerable = self.keyed(SetId::VulnerableGroup, |f| &f.visits.vulnerable_by_group);
        vulnerable.push(b.msg(Msg::ReportVulnerableAll, |f| count(f.visits.vulnerable)));
        let legal = vec![
            b.msg(Msg::ReportLegalSessions, |f| count(f.visits.legal.meetings)),
            b.msg(Msg::ReportAttendance, |f| count(f.visits.legal.attendance)),
            b.msg(Msg::ReportMaterials, |f| count(f.visits.legal_materials)),
        ];
        let care = vec![
            b.msg(Msg::ReportCareVisits, |f| count(f.visits.care_visits)),
            b.msg(Msg::ReportGifts, |f| count(f.visits.gifts)),
            b.msg(Msg::ReportGiftValue, |f| Cell::Money(f.visits.gift_fen)),
        ];
        let mut list = self.keyed(SetId::CareGroup, |f| &f.care.on_list_by_group);
        list.extend([
            b.msg(Msg::ReportOnList, |f| count(f.care.on_list)),
            b.msg(Msg::ReportCareDue, |f| count(f.care.due)),
            b.msg(Msg::ReportCareMet, |f| count(f.care.met)),
            b.msg(Msg::ReportCareRate, |f| rate(f.care.met, f.care.due)),
            b.msg(Msg::ReportCareOverdue, |f| count(f.care.overdue)),
        ]);
        Part {
            title: self.text(Msg::ReportPartWalk),
            tables: vec![
                self.table(
                    Msg::ReportTableVisits,
                    visits,
                    &[Msg::ReportRuleOverdueVisits],
                ),
                self.table(
                    Msg::ReportTableTargets,
                    self.keyed(SetId::TargetKind, |f| &f.visits.targets_by_kind),
                    &[Msg::ReportRuleTargets],
                ),
                self.table(
                    Msg::ReportTableDeliveries,
                    purposes,
                    &[Msg::ReportRulePurposes],
                ),
                self.table(
                    Msg::ReportTableVulnerable,
                    vulnerable,
                    &[Msg::ReportRuleVulnerable],
                ),
                self.table(Msg::ReportTableLegal, legal, &[]),
                self.table(Msg::ReportTableCare, care, &[]),
                self.table(Msg::ReportTableCareList, list, &[Msg::ReportRuleCare]),
            ],
        }
    }

    /// 带着问题去访: issues on the five topics.
    fn inquire(&self) -> Part {
        let b = &self.b;
        let opinions = vec![
            b.msg(Msg::ReportIssuesRaised, |f| count(f.issues.raised)),
            b.msg(Msg::ReportComments, |f| count(f.evaluation.comments)),
            b.msg(Msg::ReportOpinions, |f| count(f.opinions())),
        ];
        let mut topics = self.keyed(SetId::Topic, |f| &f.issues.raised_by_topic);
        topics.push(b.msg(Msg::ReportFromVisits, |f| count(f.issues.from_visits)));
        let mut verified = self.keyed_as(SetId::Verification, Msg::ReportNotVerified, |f| {
            &f.issues.verification
        });
        verified.insert(
            0,
            b.msg(Msg::ReportComplaints, |f| count(f.issues.complaints)),
        );
        verified.insert(
            1,
            b.msg(Msg::ReportVerifiedFounded, |f| {
                let v = &f.issues.verification;
                let n = |k: &str| v.get(k).copied().unwrap_or(0);
                count(n("founded") + n("partly_founded"))
            }),
        );
        let mut handed = self.keyed(SetId::Department, |f| &f.issues.handed_over_by_department);
        handed.push(b.msg(Msg::ReportHandoverReplies, |f| {
            count(f.issues.handover_replies)
        }));
        let units = self.loads(
            |f| &f.issues.open_by_unit,
            |k| safe(&self.cats.label(SetId::Unit, k, b.lang)),
        );
        let mut units = units;
        units.push(b.msg(Msg::ReportTotal, |f| {
            Cell::Pair(f.issues.open.open, f.issues.open.overdue)
        }));
        let officers = self.loads(|f| &f.issues.open_by_officer, safe);
        Part {
            title: self.text(Msg::ReportPartInquire),
            tables: vec![
                self.table(
                    Msg::ReportTableOpinions,
                    opinions,
                    &[Msg::ReportRuleOpinions],
                ),
                self.table(Msg::ReportTableTopics, topics, &[Msg::ReportRuleRaised]),
                self.table(
                    Msg::ReportTableVerified,
                    verified,
                    &[Msg::ReportRuleVerified],
                ),
                self.table(Msg::ReportTableHandedOver, handed, &[]),
                self.table(Msg::ReportTableOpenByUnit, units, &[Msg::ReportRuleOpen]),
                self.table(
                    Msg::ReportTableOpenByOfficer,
                    officers,
                    &[Msg::ReportRuleOpen],
                ),
            ],
        }
    }

    /// 带着动力去评: rectification by the five themes, and the open-door
    /// evaluation.
    fn evaluate(&self) -> Part {
        let b = &self.b;
        let mut rectification = vec![
            b.msg(Msg::ReportAssigned, |f| count(f.issues.assigned)),
            b.msg(Msg::ReportRectified, |f| count(f.issues.rectified)),
            b.msg(Msg::ReportRectificationRate, |f| {
                rate(f.issues.rectified, f.issues.raised)
            }),
            b.msg(Msg::ReportOnTimeRate, |f| {
                rate(f.issues.rectified_on_time, f.issues.ever_rectified)
            }),
            b.msg(Msg::ReportClosed, |f| count(f.issues.closed)),
            b.msg(Msg::ReportClosedOnTimeRate, |f| {
                rate(f.issues.closed_on_time, f.issues.closed)
            }),
            b.msg(Msg::ReportAnsweredRate, |f| {
                rate(f.issues.answered, f.issues.named_rectified)
            }),
        ];
        rectification.extend(
            b.satisfaction(Msg::ReportOfRectification.text(b.lang), |f| {
                f.issues.ratings
            })
            .into_iter()
            .take(1),
        );
        rectification.extend([
            b.msg(Msg::ReportFirstSatisfaction, |f| {
                Cell::Rate(f.issues.first_ratings.satisfaction())
            }),
            b.msg(Msg::ReportReopened, |f| count(f.issues.reopened)),
        ]);
        let mut evaluation = vec![
            b.msg(Msg::ReportSheetsOut, |f| count(f.evaluation.sheets_out)),
            b.msg(Msg::ReportSheetsCollected, |f| {
                count(f.evaluation.collected)
            }),
        ];
        evaluation.extend(b.satisfaction(Msg::ReportPublic.text(b.lang), |f| f.evaluation.overall));
        let aspects = self.keyed_with(
            SetId::Aspect,
            Msg::ReportNoneGiven,
            |f| f.evaluation.by_aspect.keys().cloned().collect(),
            |f, k| {
                Cell::Rate(
                    f.evaluation
                        .by_aspect
                        .get(k)
                        .copied()
                        .unwrap_or_default()
                        .satisfaction(),
                )
            },
        );
        Part {
            title: self.text(Msg::ReportPartEvaluate),
            tables: vec![
                self.table(
                    Msg::ReportTableRectification,
                    rectification,
                    &[
                        Msg::ReportRuleRectification,
                        Msg::ReportRuleOnTime,
                        Msg::ReportRuleClosedOnTime,
                        Msg::ReportRuleAnswered,
                        Msg::ReportRuleRectificationSatisfaction,
                        Msg::ReportRuleReopened,
                    ],
                ),
                self.table(
                    Msg::ReportTableThemes,
                    self.keyed(SetId::Theme, |f| &f.issues.measures_by_theme),
                    &[Msg::ReportRuleThemes],
                ),
                self.table(
                    Msg::ReportTableEvaluation,
                    evaluation,
                    &[Msg::ReportRuleCollected, Msg::ReportRuleSatisfaction],
                ),
                self.table(
                    Msg::ReportTableAspects,
                    aspects,
                    &[Msg::ReportRuleSatisfaction],
                ),
            ],
        }
    }

    /// 带着责任去议: the six consultations, and mediation.
    fn consult(&self) -> Part {
        let b = &self.b;
        let forms: Vec<Row> = self
            .keyed_with(
                SetId::Form,
                Msg::ReportNoneGiven,
                |f| f.visits.consultations.keys().cloned().collect(),
                |f, k| {
                    let m = f.visits.consultations.get(k).copied().unwrap_or_default();
                    Cell::Pair(m.meetings, m.attendance)
                },
            )
            .into_iter()
            .filter(|r| r.label != safe(&self.cats.label(SetId::Form, "ordinary", b.lang)))
            .collect();
        let mut mediation = vec![
            b.msg(Msg::ReportMediated, |f| count(f.mediation.mediated)),
            b.msg(Msg::ReportSessions, |f| count(f.mediation.sessions)),
            b.msg(Msg::ReportAgreements, |f| count(f.mediation.agreements)),
            b.msg(Msg::ReportNoAgreements, |f| {
                count(f.mediation.no_agreements)
            }),
            b.msg(Msg::ReportSuccessRate, |f| {
                let m = &f.mediation;
                rate(m.agreements, m.agreements + m.no_agreements)
            }),
            b.msg(Msg::ReportHonoured, |f| count(f.mediation.honoured)),
            b.msg(Msg::ReportDeclined, |f| count(f.mediation.declined)),
            b.msg(Msg::ReportReferred, |f| count(f.mediation.referred)),
        ];
        mediation.extend(self.keyed(SetId::ReferralTarget, |f| &f.mediation.referred_by_target));
        mediation.push(b.msg(Msg::ReportPastLimit, |f| count(f.mediation.past_limit)));
        let mut kinds = self.keyed(SetId::DisputeKind, |f| &f.mediation.received_by_kind);
        kinds.push(b.msg(Msg::ReportTotal, |f| count(f.mediation.received)));
        Part {
            title: self.text(Msg::ReportPartConsult),
            tables: vec![
                self.table(
                    Msg::ReportTableConsultations,
                    forms,
                    &[Msg::ReportRuleConsultations],
                ),
                self.table(Msg::ReportTableDisputes, kinds, &[Msg::ReportRuleReceived]),
                self.table(
                    Msg::ReportTableSources,
                    self.keyed(SetId::MediationSource, |f| &f.mediation.received_by_source),
                    &[Msg::ReportRuleReceived],
                ),
                self.table(
                    Msg::ReportTableMediation,
                    mediation,
                    &[Msg::ReportRuleSuccess, Msg::ReportRulePastLimit],
                ),
            ],
        }
    }
}
