//! The message catalogue: every string the workbench shows, in English and
//! Simplified Chinese. Rendering code asks for a `Msg`, never a literal.
//! The macro takes both texts for every message, so a missing translation
//! does not compile; a test checks none is empty.

use crate::lang::Lang;

macro_rules! catalogue {
    ($($name:ident => $en:literal, $zh:literal;)*) => {
        /// One message of the UI.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Msg { $($name),* }

        impl Msg {
            /// Every message, for the completeness test.
            pub const ALL: &'static [Msg] = &[$(Msg::$name),*];

            /// The text in `lang`.
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$name, Lang::En) => $en, (Msg::$name, Lang::Zh) => $zh,)*
                }
            }
        }
    };
}

catalogue! {
    AppName => "doorstep", "大走访工作台";
    PaneToday => "Today", "今日";
    PaneCalendar => "Calendar", "日历";
    PaneIssues => "Issues", "问题";
    PaneMediation => "Mediation", "调解";
    PaneCare => "Care", "关爱";
    TooSmall => "terminal too small (needs 80x24)", "终端太小（至少 80x24）";
    ReadOnly => "read-only", "只读";
    Officer => "officer", "民警";
    NoOfficer => "no officer for this login", "当前登录未对应民警";
    Overdue => "overdue", "逾期";
    CaseDeclineAsk => "A refusal closes the case as declined. Refuse? y = yes, any other key = back", "当事人拒绝调解将以“已拒绝调解”结案。确认拒绝？按 y 确认，其他键返回";
    SearchAllTitle => "Search everything: visits, issues, cases, care list, people", "全局搜索：走访、问题、纠纷、关爱对象、人员";
    SearchPeople => "People and places", "人员与单位";
    SearchVisits => "Visits (last 90 days, next 30)", "走访（前 90 天至后 30 天）";
    StepEntryMerge => "Merge into another entry (its records move there)", "合并到另一条登记（相关记录随之转移）";
    StepEntryRetire => "Retire (made by mistake)", "停用（误登记）";
    StEntryRetired => "retired", "已停用";
    StEntryInUse => "in use", "在用";
    RuleMergeIntoItself => "an entry cannot be merged into itself", "不能合并到自身";
    RuleMergeIntoRetired => "nothing can be merged into a retired entry", "不能合并到已停用的登记";
    FieldMergeInto => "Merge into", "合并到";
    EntryMergedFmt => "{} merged into {}: its records moved there", "{} 已合并到 {}，相关记录已转移";
    EntryRetiredFmt => "{} retired: no longer offered in pickers", "{} 已停用，不再出现在选择列表中";
    EntryMergeAskFmt => "Merge {} into {}? Its records move there and it is retired. y = yes, any other key = back", "确认将 {} 合并到 {}？相关记录将转移，原登记停用。按 y 确认，其他键返回";
    EntryRetireAsk => "Retire this entry? Old records keep it; pickers no longer offer it. y = yes, any other key = back", "确认停用该登记？旧记录保留，选择列表不再提供。按 y 确认，其他键返回";
    FieldOtherParties => "Other parties", "其他当事人";
    TodayPastLimit => "past the limit", "调解超期";
    MedListOverFmt => "{} d over", "超期 {} 天";
    MedListLeftFmt => "{} d", "{} 天";
    MedDaysLeftFmt => "{} days left", "剩余 {} 天";
    MedDaysOverFmt => "{} days past the limit", "已超期 {} 天";
    OverdueCountsFmt => "overdue: visits {} · issues {} · care {}", "逾期：走访 {} · 问题 {} · 关爱 {}";
    Loading => "loading…", "加载中…";
    Empty => "nothing here", "暂无记录";
    // Today
    TodayVisits => "Today's visits", "今日走访";
    OverdueVisits => "Overdue visits", "逾期走访";
    IssuesDue => "Issues overdue or due within 7 days", "逾期或 7 日内到期的问题";
    SessionsToday => "Mediation: today, high risk, past the limit, follow-ups", "调解：今日、高风险、超期、回访";
    CareDue => "Care visits due within 7 days", "7 日内到期的关爱走访";
    // Calendar
    Weekdays => "Mo Tu We Th Fr Sa Su", "一 二 三 四 五 六 日";
    WeekdayShort => "Mon Tue Wed Thu Fri Sat Sun", "周一 周二 周三 周四 周五 周六 周日";
    Agenda => "Agenda", "日程";
    WeekView => "Week", "本周";
    MonthView => "Month", "月视图";
    Visits => "visits", "次走访";
    // Issues
    ColRef => "No.", "编号";
    ColRaised => "Raised", "反映日期";
    ColTopic => "Topic", "类别";
    ColSummary => "Summary", "问题摘要";
    ColResponsible => "Responsible", "责任人";
    ColDeadline => "Deadline", "期限";
    ColState => "State", "状态";
    ColDate => "Date", "日期";
    ColTime => "Time", "时间";
    ColTarget => "Visiting", "走访对象";
    ColPurpose => "Purpose", "目的";
    ColOfficers => "Officers", "民警";
    ColRisk => "Risk", "风险";
    ColKind => "Kind", "纠纷类型";
    ColNextSession => "Next session", "下次调解";
    ColDaysLeft => "Days left", "剩余天数";
    ColPerson => "Person", "对象";
    ColGroup => "Group", "类别";
    ColCadence => "Every", "周期";
    ColLastVisit => "Last visit", "上次走访";
    ColNextDue => "Next due", "下次到期";
    Days => "d", "天";
    StNew => "new", "新登记";
    StAssigned => "assigned", "已交办";
    StRectifying => "rectifying", "整改中";
    StRectified => "rectified", "已整改";
    StAnswered => "answered", "已反馈";
    StClosed => "closed", "已办结";
    StPlanned => "planned", "计划";
    StDone => "done", "已完成";
    StCancelled => "cancelled", "已取消";
    StReceived => "received", "已受理登记";
    StAccepted => "accepted", "调解中";
    StAgreement => "agreement", "已达成协议";
    StNoAgreement => "no agreement", "未达成协议";
    StReferred => "referred", "已移交";
    Filter => "Filter", "筛选";
    FilterAll => "all", "全部";
    FilterMine => "mine", "我的";
    Search => "Search", "搜索";
    Timeline => "Timeline", "处理过程";
    Reopened => "reopened", "重新整改";
    Anonymous => "anonymous", "匿名";
    HighRisk => "HIGH RISK", "高风险";
    Parties => "Parties", "当事人";
    Sessions => "Sessions", "调解记录";
    History => "Visits", "走访记录";
    // Overlays
    HelpTitle => "Keys", "按键";
    PaletteTitle => "Commands", "命令";
    HelpGlobal => "Everywhere", "全局";
    HelpPane => "This pane", "本页";
    HelpOverlay => "Here", "当前窗口";
    NoFilter => "this pane has no filter", "本页没有筛选";
    PressEsc => "Esc closes", "Esc 关闭";
    MoreBelowFmt => "↓ {} more lines", "↓ 下面还有 {} 行";
    // Actions (help, palette, hint bar)
    ActQuit => "quit", "退出";
    ActNextPane => "next pane", "下一页";
    ActPrevPane => "previous pane", "上一页";
    ActPane1 => "Today", "今日";
    ActPane2 => "Calendar", "日历";
    ActPane3 => "Issues", "问题";
    ActPane4 => "Mediation", "调解";
    ActPane5 => "Care", "关爱";
    ActUp => "up", "上移";
    ActDown => "down", "下移";
    ActTop => "top", "顶部";
    ActBottom => "bottom", "底部";
    ActPageUp => "page up", "上一页";
    ActPageDown => "page down", "下一页";
    ActOpen => "open", "打开";
    ActNew => "new", "新建";
    ActEdit => "edit", "编辑";
    ActSearch => "search", "搜索";
    ActFilter => "filter", "筛选";
    ActHelp => "help", "帮助";
    ActPalette => "commands", "命令";
    ActBack => "back", "返回";
    ActToday => "today", "今天";
    ActPrevDay => "previous day", "前一天";
    ActNextDay => "next day", "后一天";
    ActPrevWeek => "previous week", "上一周";
    ActNextWeek => "next week", "下一周";
    ActPrevMonth => "previous month", "上个月";
    ActNextMonth => "next month", "下个月";
    ActToggleWeek => "week / month", "周/月切换";
    ActNewEntry => "new directory entry", "新建人员/单位";
    ActSave => "save", "保存";
    ActNextField => "next field", "下一项";
    ActPrevField => "previous field", "上一项";
    ActCancel => "cancel", "取消";
    ActSteps => "next step", "办理步骤";
    ActHistory => "person's history", "对象历史";
    StepsTitle => "Next step", "办理步骤";
    NoSteps => "no step is open for this record now", "该记录当前没有可办理的步骤";
    NothingSelected => "select a record first", "请先选择一条记录";
    NoPerson => "no person or place is linked to this record", "该记录未关联人员或单位";
    NoSearch => "this pane has no search: / works in Calendar, Issues, Mediation and Care", "本页不支持搜索：日历、问题、调解、关爱页可用 /";
    NotFoundFmt => "no visit matching \"{}\" from {} on", "没有匹配“{}”的走访（自 {} 起）";
    StepVisitDone => "Mark the visit done", "走访完成";
    StepVisitCancel => "Cancel the visit", "取消走访";
    StepVisitReschedule => "Reschedule", "改期";
    FieldOutcome => "Outcome", "走访情况";
    FieldPeopleReached => "People reached", "走访人数";
    // Forms
    FormNewVisit => "New visit", "新建走访";
    FormEditVisit => "Edit visit", "编辑走访";
    FormNewIssue => "New issue", "登记问题";
    FormEditIssue => "Edit issue", "编辑问题";
    FormNewEntry => "New directory entry", "新建人员/单位";
    FormNewPersonFmt => "New directory entry: {} is not in the directory yet", "新建人员/单位：{} 尚未登记";
    FormEditEntry => "Edit directory entry", "编辑人员/单位";
    FormNewCase => "New mediation case", "登记纠纷";
    FormEditCase => "Edit mediation case", "编辑纠纷";
    FormNewCare => "New care entry", "新增关爱对象";
    FormEditCare => "Edit care entry", "编辑关爱对象";
    FieldDate => "Date", "日期";
    FieldTime => "Time", "时间";
    FieldDuration => "Minutes", "时长（分钟）";
    FieldTarget => "Visiting", "走访对象";
    FieldPlace => "Place", "地点";
    FieldOfficers => "Officers", "民警";
    FieldPurposes => "Purposes", "目的";
    FieldForm => "Form", "形式";
    FieldMission => "Mission", "任务";
    FieldName => "Name", "名称";
    FieldKind => "Kind", "类别";
    FieldAddress => "Address", "地址";
    FieldPhone => "Phone", "电话";
    FieldTags => "Groups", "困难群体";
    FieldNotes => "Notes", "备注";
    FieldRaisedOn => "Raised on", "反映日期";
    FieldTopic => "Topic", "类别";
    FieldSummary => "Summary", "摘要";
    FieldDetails => "Details", "详情";
    FieldRaiser => "Raised by", "反映人";
    FieldAnonymous => "Anonymous", "匿名";
    FieldVisit => "Visit", "走访";
    FieldReceivedOn => "Received on", "受理日期";
    FieldDisputeKind => "Dispute kind", "纠纷类型";
    FieldSource => "Source", "来源";
    FieldRisk => "Risk", "风险等级";
    FieldApplicant => "Applicant", "申请人";
    FieldRespondent => "Respondent", "被申请人";
    FieldPerson => "Person", "对象";
    FieldGroup => "Care group", "关爱类别";
    FieldReason => "Reason", "原因";
    FieldNeeds => "Needs", "需求";
    FieldHelp => "Help given", "已给予帮助";
    FieldCadence => "Every (days)", "走访周期（天）";
    FieldSince => "Since", "起始日期";
    Yes => "yes", "是";
    No => "no", "否";
    None_ => "(none)", "（无）";
    PickerHint => "type to filter · Enter picks · Esc closes", "输入筛选 · Enter 选择 · Esc 关闭";
    MultiHint => "Space toggles · Enter done", "空格勾选 · Enter 完成";
    Saved => "saved", "已保存";
    DiscardAsk => "Discard unsaved input? y discards, any other key keeps editing", "放弃未保存的内容？按 y 放弃，其他键继续编辑";
    QuitAsk => "A form has unsaved input. Quit anyway? y quits", "表单尚未保存，仍要退出吗？按 y 退出";
    BadDate => "not a date: use 2026-11-26, today, tomorrow, +3d or -1w", "日期无效：请用 2026-11-26、today、tomorrow、+3d 或 -1w";
    BadTime => "not a time: use 09:30", "时间无效：请用 09:30";
    BadNumber => "not a whole number", "不是整数";
    Required => "required", "必填";
    Conflict => "changed by someone else meanwhile; reloaded", "已被他人修改，已重新加载";
    ChangedElsewhere => "updated with other users' changes", "已同步他人修改";
    PasteTooLong => "paste cut to the field's limit", "粘贴内容超长，已截断";
    // Each part of the workbench adds its messages above its own marker.
    TodayMore => "+{} more", "另有 {} 项";
    TodaySession => "session", "调解";
    TodayFollowUp => "follow-up due", "协议回访到期";
    TodayDueToday => "due today", "今日到期";
    TodayDaysOver => "{} d overdue", "逾期 {} 天";
    TodayDaysLeft => "{} d left", "剩 {} 天";
    CalMonthTitle => "{}-{}", "{}年{}月";
    CalWeekOf => "week of {}", "{} 起一周";
    CalLegend => "* today  ! overdue", "* 今天  ! 有逾期";
    CalAgendaFocus => "Enter opens · Esc or a day key returns to the grid", "Enter 打开 · Esc 或日期键返回日历";
    VisitOutcome => "Outcome", "走访成效";
    VisitPeople => "People reached", "受益群众";
    VisitEvaluations => "Open-door evaluations", "开门评警";
    VisitRespondent => "Respondent", "评议人";
    VisitComments => "Comments", "意见建议";
    VisitIssues => "Issues raised at this visit", "本次走访反映的问题";
    // @today-calendar
    MedHighRiskCount => "{} high risk", "高风险 {} 件";
    MedColLeft => "Left", "剩余";
    MedColReceived => "Received", "受理日期";
    MedColNext => "Next", "下次";
    MedPartiesFmt => "{} v {}", "{}与{}";
    MedFilterHighRisk => "high risk only", "仅高风险";
    MedRoleApplicant => "applicant", "申请人";
    MedRoleRespondent => "respondent", "被申请人";
    MedRoleOther => "other party", "其他当事人";
    MedConsentPending => "consent pending", "待表态";
    MedConsentGiven => "consents", "同意调解";
    MedConsentRefused => "refuses", "拒绝调解";
    MedExtensionConsent => "agrees to extend the time limit", "同意延长调解期限";
    MedOutcomeDeclined => "declined", "拒绝调解";
    MedOutcomeHonoured => "agreement honoured", "协议已履行";
    MedOutcomeReferralConfirmed => "referral confirmed", "移交已确认";
    MedSessionHeld => "held", "已调解";
    MedLeader => "Leader in charge", "包案领导";
    MedAcceptedOn => "Accepted on", "受理调解日期";
    MedMediators => "Mediators", "调解员";
    MedAttendees => "Attendees", "参加人员";
    MedAgreement => "Agreement", "调解协议";
    MedAgreedOn => "Agreed on", "达成日期";
    MedFollowUp => "Follow-up check", "回访检查日期";
    MedReferral => "Referral", "移交";
    MedReferredTo => "Referred to", "移交去向";
    MedReferredOn => "Referred on", "移交日期";
    MedOutcome => "Outcome", "结果";
    MedDeclineReason => "Reason declined", "拒绝理由";
    MedClosedOn => "Closed on", "结案日期";
    MedTimeLimit => "Time limit", "调解期限";
    MedNoSessions => "no session yet", "尚未安排调解";
    CareCadenceFmt => "every {} d", "每 {} 天";
    CareNever => "never", "从未走访";
    CareFilterOverdue => "overdue only", "仅逾期";
    CareActive => "active", "在册";
    CareInactive => "inactive", "已停止";
    CareMoreVisits => "… older visits: open the person's history", "……更早的走访见人员历史";
    CareOutcome => "Outcome", "走访结果";
    EntryHistory => "History", "全部记录";
    EntryKindVisit => "visit", "走访";
    EntryKindIssue => "issue", "问题";
    EntryKindCase => "dispute", "纠纷";
    EntryKindCare => "care", "关爱";
    // @mediation-care
    HintField => "field", "切换字段";
    HintPick => "pick", "选择";
    HintToggle => "tick", "勾选";
    HintSave => "save", "保存";
    HintCancel => "cancel", "取消";
    HintConfirm => "confirm", "确认";
    HintCreate => "creates", "创建";
    HintScroll => "scroll", "滚动";
    HintClearField => "clear the field", "清空本栏";
    HintStep => "step", "办理";
    PersonHint => "type to search · Enter picks · Ctrl-N new entry · Esc closes", "输入搜索 · Enter 选择 · Ctrl-N 新建 · Esc 关闭";
    NewEntryItem => "+ new directory entry {}", "+ 新建人员/单位 {}";
    FieldLeader => "Leader", "包案领导";
    FieldFull => "the field is full ({} characters)", "已达字数上限（{} 字）";
    FormConflict => "Saved by {} at {} since you opened this form. Your input is kept: Ctrl-S again saves over their change, Esc discards yours.", "{} 已于 {} 修改了该记录。您的输入已保留：再按 Ctrl-S 将覆盖对方的修改，按 Esc 放弃您的修改。";
    ErrTooLong => "too long: {} characters, at most {}", "过长：{} 字，最多 {} 字";
    ErrControl => "contains a control character", "含有控制字符";
    ErrPhone => "not a phone number (mobiles have 11 digits)", "电话号码无效（手机号为 11 位）";
    ErrRange => "must be between {} and {}", "须在 {} 至 {} 之间";
    ErrCategory => "not offered any more; pick another", "该选项已停用，请另选";
    ErrDuplicate => "chosen twice", "重复选择";
    ErrAnonymous => "an anonymous issue cannot name who raised it", "匿名反映的问题不能填写反映人";
    ErrParties => "a dispute needs an applicant and a respondent", "纠纷须有申请人和被申请人";
    // @forms
    // @tests
    StepVisitEvaluate => "Open-door evaluation", "开门评警";
    StepVisitRaise => "Raise an issue from this visit", "登记本次走访反映的问题";
    StepIssueAssign => "Assign", "交办";
    StepIssueReassign => "Reassign", "重新交办";
    StepIssueStart => "Start rectifying", "开始整改";
    StepIssueMeasure => "Record the measure taken", "登记整改措施";
    StepIssueAnswer => "Record the answer given", "登记反馈情况";
    StepIssueRate => "Record the rating", "登记群众评价";
    StepIssueClose => "Close: anonymous, no answer owed", "办结：匿名反映，无需反馈";
    FormRaiseFromVisit => "New issue from the visit of {}", "登记 {} 走访反映的问题";
    FieldUnit => "Unit", "责任单位";
    FieldResponsible => "Responsible", "责任人";
    FieldDeadline => "Deadline", "整改期限";
    FieldMeasure => "Measure", "整改措施";
    FieldTheme => "Theme", "评议主题";
    FieldChannel => "Channel", "反馈方式";
    FieldAnswer => "Answer", "反馈内容";
    FieldAnsweredBy => "Answered by", "反馈民警";
    FieldRating => "Rating", "评价";
    DoneRectifying => "{}: rectifying started", "{}：已开始整改";
    DoneClosedAnonymous => "{}: closed: anonymous, no answer owed", "{}：已办结（匿名反映，无需反馈）";
    DoneReopened => "{}: reopened: back to rectifying", "{}：群众不满意，重新整改";
    DoneClosed => "{}: closed", "{}：已办结";
    FieldDoneOn => "Done on", "走访日期";
    DoneVisitDone => "visit done on {}", "已完成走访（{}）";
    DoneVisitCancelled => "visit of {} cancelled", "已取消走访（{}）";
    DoneVisitMoved => "visit moved to {}", "走访已改期至 {}";
    DoneRaisedFmt => "{}: raised", "{}：已登记";
    DoneAssigned => "{}: assigned", "{}：已交办";
    DoneRectified => "{}: rectified; answer the person who raised it", "{}：已整改，待反馈群众";
    DoneAnswered => "{}: answered; their rating is due", "{}：已反馈，待群众评价";
    TlRaise => "raised", "登记";
    TlAssign => "assigned", "交办";
    TlStart => "rectifying started", "开始整改";
    TlRectify => "measure taken", "整改措施";
    TlAnswer => "answered", "反馈";
    TlRate => "rated", "评价";
    TlCloseAnonymous => "closed: anonymous, no answer owed", "办结：匿名反映，无需反馈";
    TlReopened => "reopened: back to rectifying", "群众不满意，重新整改";
    FieldReopened => "Reopened", "重新整改次数";
    FilterAwaitingAnswer => "awaiting answer", "待反馈";
    FilterAwaitingRating => "awaiting rating", "待评价";
    // @visit-issue-steps
    CaseStepConsentFmt => "Consent of {} ({})", "{}（{}）是否同意调解";
    CaseStepSchedule => "Schedule a session", "安排调解";
    CaseStepRecordFmt => "Record the session of {}", "记录 {} 的调解";
    CaseStepAgree => "Agreement reached", "达成调解协议";
    CaseStepNoAgreement => "No agreement reached", "未达成协议";
    CaseStepRefer => "Refer the case", "移交";
    CaseStepReferBroken => "Refer: agreement not honoured", "移交：协议未履行";
    CaseStepExtendConsentFmt => "{} agrees to extend the limit", "{}同意延长期限";
    CaseStepExtend => "Extend the time limit", "延长调解期限";
    CaseStepCloseHonoured => "Close: agreement honoured", "结案：协议已履行";
    CaseStepCloseReferral => "Close: referral confirmed", "结案：移交已确认";
    CaseFieldGiven => "Consents", "同意调解";
    CaseFieldTerms => "Terms", "协议内容";
    CaseFieldNote => "Note", "说明";
    CaseFieldDays => "Extra days", "延长天数";
    CaseFieldFollowUp => "Follow-up on", "回访日期";
    CaseSaidConsentFmt => "consent recorded; {} still to answer", "已记录同意，尚有 {} 方待表态";
    CaseSaidAcceptedFmt => "accepted; time limit {}", "已受理调解，期限至 {}";
    CaseSaidDeclinedFmt => "closed as declined: {}", "当事人拒绝调解，已结案：{}";
    CaseSaidScheduledFmt => "session on the calendar on {}", "调解已排入 {} 的日程";
    CaseSaidRecordedFmt => "session of {} recorded", "已记录 {} 的调解";
    CaseSaidAgreedFmt => "agreement recorded; follow-up check on {}", "已记录调解协议，回访检查日期 {}";
    CaseSaidNoAgreement => "no agreement recorded; s f refers the case", "已记录未达成协议，按 s f 移交";
    CaseSaidReferredFmt => "referred to {}", "已移交{}";
    CaseSaidClosedFmt => "closed: {}", "已结案：{}";
    CaseSaidExtendConsentFmt => "{} agrees to extend; {} still to agree", "{}同意延长期限，尚有 {} 方未同意";
    CaseSaidExtendReady => "every party agrees to extend; s l extends the limit", "各方当事人均同意延长，按 s l 延长期限";
    CaseSaidExtendedFmt => "time limit extended to {}", "调解期限已延长至 {}";
    CaseExtended => "extended", "已延长";
    CaseSessionVisitFmt => "visit {}", "走访 {}";
    CaseNoLeader => "none named (e edits the case)", "未指定（按 e 编辑）";
    CaseFollowUpDue => "due", "已到期";
    CaseExtensionWaitFmt => "Extension needs the consent of: {}", "延长期限尚需同意：{}";
    // @case-steps
    StepCareLog => "Log a care visit", "登记关爱走访";
    StepCarePlan => "Plan the next visit", "安排下次走访";
    StepCareCadence => "Change the cadence", "调整走访周期";
    CareNextDueFmt => "next due {}", "下次走访 {}";
    ActBatch => "festival batch", "节日集中走访";
    BatchTitle => "Festival batch", "节日集中走访";
    BatchPreviewTitle => "Festival batch: proposed visits", "节日集中走访：拟安排的走访";
    FieldGroups => "Care groups", "关爱类别";
    FieldFrom => "From", "开始日期";
    FieldTo => "To", "结束日期";
    FieldDailyLimit => "Daily limit", "每人每日上限";
    BatchSummaryFmt => "{} visits, {} officers, from {} to {}", "共 {} 次走访，{} 名民警，{} 至 {}";
    BatchCreatedFmt => "{} visits created", "已创建 {} 次走访";
    BatchCancelled => "cancelled: no visits created", "已取消，未创建走访";
    BatchNoEntries => "no active care entries in the chosen groups", "所选类别中没有在册的关爱对象";
    BatchNoWorkingDayFmt => "no working day (Mon–Fri) from {} to {}", "{} 至 {} 之间没有工作日（周一至周五）";
    BatchCapacityFmt => "{} entries, room for only {} visits (working days × officers × limit)", "共 {} 名对象，最多只能安排 {} 次（工作日 × 民警 × 每日上限）";
    BatchReversedFmt => "the window ends ({}) before it starts ({})", "结束日期（{}）早于开始日期（{}）";
    BatchNoOfficers => "choose at least one officer", "请至少选择一名民警";
    BatchZeroLimit => "the daily limit must be at least 1", "每人每日上限至少为 1";
    BatchAllPlannedFmt => "all {} people in the chosen groups already have a care visit planned from {} to {}", "所选类别的 {} 名对象在 {} 至 {} 期间均已安排关爱走访";
    // @care-batch
    // @rules: field labels, problems, rules and refusals (crate::explain)
    StDeclined => "declined", "已拒绝调解";
    StCareActive => "on the care list", "在册";
    StoreReadOnly => "the database is open read-only; nothing was changed", "数据库以只读方式打开，未作改动";
    StoreBusy => "the database is busy (another coordinator is saving); try again", "数据库繁忙（其他人正在保存），请重试";
    StoreConflictFmt => "{} changed this record at {} since you opened it; reload and try again", "{} 已于 {} 修改了该记录，请刷新后重试";
    StoreNotFound => "this record no longer exists", "该记录已不存在";
    StCareInactive => "off the care list", "已移出关爱名单";
    FieldBadge => "Badge", "警号";
    FieldLogin => "Login", "登录名";
    FieldOfficer => "Officer", "民警";
    FieldParties => "Parties", "当事人";
    FieldRatings => "Ratings", "评价";
    FieldEvaluator => "Who evaluated", "评议人";
    FieldReferralTarget => "Referred to", "移交去向";
    FieldAttendees => "Attendees", "参加人员";
    FieldComments => "Comments", "意见建议";
    FieldRatingReason => "Reason (optional)", "评价理由（可不填）";
    ErrRequiredFmt => "{}: required", "{}：必填";
    ErrBeforeFmt => "must not be before {}", "不得早于{}";
    ErrAfterToday => "cannot be after today: only what was done is recorded", "不能晚于今天：只登记已办理的事项";
    ErrBeforeToday => "cannot be before today", "不能早于今天";
    ErrUnknownChoiceFmt => "“{}” is not one of the choices", "“{}”不是可选项";
    ErrOnFieldFmt => "{}: {}", "{}：{}";
    ErrNotAllowedFmt => "while the record is {}, this is not possible: {}", "当前状态为“{}”，不能办理：{}";
    RuleAnonymousHasRaiser => "an anonymous issue cannot name who raised it", "匿名反映的问题不能填写反映人";
    RuleRaiserRequired => "name who raised it, or mark the issue anonymous", "请填写反映人，或标记为匿名反映";
    RuleAnonymousNoAnswer => "an anonymous issue has nobody to answer: close it after the measure", "匿名反映的问题无需反馈：整改后直接办结";
    RuleAnonymousNoRating => "an anonymous issue cannot be rated", "匿名反映的问题无法评价";
    RuleOnlyAnonymousCloses => "only an anonymous issue closes without an answer and a rating", "只有匿名反映的问题可以不经反馈和评价办结";
    RuleApplicantAndRespondent => "a dispute needs an applicant and a respondent", "纠纷须有申请人和被申请人";
    RuleSamePartyTwice => "one person cannot be two parties of the same dispute", "同一人不能在同一纠纷中担任两方当事人";
    RuleSessionBeforeConsent => "no session before every party has consented", "各方当事人同意调解前不能安排调解";
    RuleNoSuchSession => "there is no such session", "没有这次调解";
    RuleSessionAlreadyRecorded => "this session is already recorded", "这次调解已经记录";
    RuleHeldSessionFirst => "record a held session first", "请先记录一次已进行的调解";
    RuleNoSuchParty => "there is no such party", "没有这名当事人";
    RuleExtensionNeedsConsent => "extending the time limit needs every party's consent", "延长调解期限须经各方当事人同意";
    RuleAlreadyExtended => "the time limit was already extended once", "调解期限已经延长过一次";
    RuleEvaluationNeedsDoneVisit => "an open-door evaluation needs a done visit", "开门评警须在走访完成后进行";
    RuleDatabaseNotEmpty => "the database already holds data and was not changed; demo data only goes into an empty database", "数据库中已有数据，未作改动；演示数据只能写入空数据库";
    CaseStepConsent => "Record a party's consent", "记录当事人是否同意调解";
    CaseStepRecord => "Record a held session", "记录调解";
    CaseStepExtendConsent => "Record consent to extend the limit", "记录同意延长期限";
    TlByAtFmt => "— {}, {}", "— {}，{}";
    TlCaseReceive => "received", "登记";
    TlCaseConsent => "consent answered", "当事人表态";
    TlCaseSchedule => "session scheduled", "安排调解";
    TlCaseRecord => "session held", "调解记录";
    TlCaseAgree => "agreement reached", "达成协议";
    TlCaseNoAgreement => "no agreement", "未达成协议";
    TlCaseRefer => "referred", "移交";
    TlCaseClose => "closed", "结案";
    TlCaseExtendConsent => "agreed to extend the limit", "同意延长期限";
    TlCaseExtend => "time limit extended", "延长期限";
    TlCasePartyChanged => "parties changed", "当事人变更";
    TlCaseOther => "changed", "变更";
    TlCaseRefused => "refused mediation", "拒绝调解";
    TlExtendDaysFmt => "by {} days", "延长 {} 天";
    TlRaisedOnChanged => "raised date corrected (was:)", "更正反映日期（原为：）";
    // The command line (src/cli/).
    CliDemoNeedsDb => "`doorstep demo` needs --db PATH (it never fills the station database by default)", "`doorstep demo` 需要 --db PATH（从不默认写入本所数据库）";
    CliDemoFilledFmt => "{}: {} officers, {} directory entries, {} visits ({} evaluations), {} issues, {} mediation cases, {} care entries", "{}：民警 {} 名，名录 {} 条，走访 {} 次（评议 {} 份），问题 {} 件，调解纠纷 {} 件，关爱对象 {} 名";
    CliCannotCheckFmt => "cannot check {}", "无法检查 {}";
    CliCannotCreateFmt => "cannot create {}", "无法创建 {}";
    CliNoHome => "no home directory to keep the database in; pass --db PATH", "没有可存放数据库的主目录，请用 --db PATH 指定";
    CliReadOnly => " (read-only)", "（只读）";
    CliCountsFmt => "officers {} · directory {} · visits {} · issues {} · mediation {} · care {} · audit {}", "民警 {} · 名录 {} · 走访 {} · 问题 {} · 调解 {} · 关爱 {} · 审计 {}";
    CliCheckOkFmt => "{}: ok (quick check, integrity check, foreign keys)", "{}：正常（快速检查、完整性检查、外键检查）";
    CliCheckProblemsFmt => "{}: problems found", "{}：发现问题";
    CliCheckQuick => "quick check", "快速检查";
    CliCheckIntegrity => "integrity check", "完整性检查";
    CliCheckForeignKeys => "foreign keys", "外键检查";
    CliCheckMoreFmt => "… and {} more", "……另有 {} 条";
    CliOfficerLoginFmt => "login {}", "登录名 {}";
    CliOfficerNoLogin => "no login", "无登录名";
    CliOfficerLeader => "leader", "所领导";
    CliOfficerAddedFmt => "added officer {} (badge {})", "已添加民警 {}（警号 {}）";
    // @cli
    // issue 8: report
    CliBadDateFmt => "not a date: {} (use YYYY-MM-DD, e.g. 2026-11-01)", "日期无效：{}（格式为 年-月-日，如 2026-11-01）";
    CliPeriodBackwards => "the period ends before it starts", "结束日期早于开始日期";
    ReportProgress => "Counting", "正在统计";
    ReportTitle => "Work summary of the big visit, open-door evaluation campaign", "大走访·开门评警活动工作总结";
    ReportSubtitleFmt => "{}, {} to {}", "{}，{} 至 {}";
    ReportTotal => "Total", "合计";
    ReportItem => "Item", "项目";
    ReportRule => "Rule: ", "口径：";
    ReportPartColumn => "Part", "部分";
    ReportTableColumn => "Table", "表";
    ReportNothing => "Nothing in this period.", "本期无。";
    ReportNoneGiven => "None given", "未注明";
    ReportNotVerified => "Not yet verified", "尚未核查";
    ReportVerifiedFounded => "Verified (founded or partly founded)", "查实（含部分查实）";
    ReportUnassigned => "Not yet assigned", "尚未交办";
    ReportPartWalk => "1. Going out with a mission: visits for the six deliveries", "一、带着任务去走：“六送”走访";
    ReportPartInquire => "2. Visiting with questions: issues on the five topics", "二、带着问题去访：“五访”问题";
    ReportPartEvaluate => "3. Evaluating with drive: rectification by the five themes, and the open-door evaluation", "三、带着动力去评：“五评”整改与开门评警";
    ReportPartConsult => "4. Consulting with responsibility: the six consultations, and mediation", "四、带着责任去议：“六议”与矛盾纠纷调解";
    ReportTableVisits => "Visits", "走访概况";
    ReportTurnouts => "Officer turn-outs", "出动警力（人次）";
    ReportVisitsDone => "Visits done", "已完成走访";
    ReportVisitsPlanned => "Visits planned", "计划中走访";
    ReportVisitsCancelled => "Visits cancelled", "已取消走访";
    ReportVisitsOverdue => "Visits overdue", "逾期未走访";
    ReportPeopleReached => "People reached", "走访群众（人次）";
    ReportTargetsVisited => "Households and organisations visited", "走访户数及单位数";
    ReportRuleOverdueVisits => "overdue = still planned and dated before today or before the period's end, whichever is sooner; every figure counts done visits dated in the period unless it says otherwise.", "逾期 = 仍为计划状态且日期早于今日或期末（取较早者）；除另有说明外，各项均统计本期内日期的已完成走访。";
    ReportTableTargets => "Visited, by target kind", "走访对象（按类别）";
    ReportRuleTargets => "each household or organisation counts once, however often it was visited.", "同一户或单位多次走访只计一次。";
    ReportTableDeliveries => "The six deliveries", "“六送”情况";
    ReportMultiPurpose => "of which visits with several purposes", "其中多项目的走访";
    ReportRulePurposes => "a visit with several purposes counts under each of them, so the lines add up to more than the visits done.", "一次走访有多项目的的，在各项目下分别计数，故各项之和可大于走访次数。";
    ReportTableVulnerable => "Vulnerable households reached, by group", "走访困难群体（按类别）";
    ReportVulnerableAll => "Households in any group", "困难群体户数合计";
    ReportRuleVulnerable => "distinct households visited, in the group they were in on the day of the visit; a household in two groups counts in each.", "按走访当日所属类别统计的不同户数；同属两类的分别计数。";
    ReportTableLegal => "Legal publicity", "法制宣传";
    ReportLegalSessions => "Sessions", "开展宣传（场次）";
    ReportAttendance => "Attendance", "受教育群众（人次）";
    ReportMaterials => "Materials handed out", "发放宣传资料（份）";
    ReportTableCare => "Care visits and gifts", "走访慰问";
    ReportCareVisits => "Care visits", "慰问走访（次）";
    ReportGifts => "Visits with a gift", "送慰问品（次）";
    ReportGiftValue => "Value of gifts (yuan)", "慰问金物折合（元）";
    ReportTableCareList => "Care list", "关爱对象";
    ReportOnList => "On the list", "在册关爱对象合计";
    ReportCareDue => "Visits due", "应走访（次）";
    ReportCareMet => "Due and visited", "已走访（次）";
    ReportCareRate => "Completion rate", "走访完成率";
    ReportCareOverdue => "Overdue at the period's end", "期末逾期未走访";
    ReportRuleCare => "a visit is due on the day the entry joined the list, then its cadence after each care visit; each care visit meets the due before it, early or late, so an entry can fall due twice in a period; completion rate = dues in the period met by a care visit by its end / dues in the period.", "列入名册当日即应走访，此后每次慰问走访后按周期再次应走访；每次慰问走访抵销其前一次应走访（提前或延后均可），故一个对象在一期内可能两次应走访；完成率 = 本期应走访中至期末已走访的次数 / 本期应走访次数。";
    ReportTableOpinions => "Opinions collected", "征求意见建议";
    ReportIssuesRaised => "Issues raised", "群众反映问题";
    ReportComments => "Evaluations with a comment", "评议意见";
    ReportOpinions => "Opinions collected", "征求意见建议合计";
    ReportRuleOpinions => "opinions = issues raised in the period + evaluations with a comment at visits in the period.", "意见建议 = 本期受理的问题 + 本期走访中附有意见的评议。";
    ReportTableTopics => "Issues raised, by topic", "群众反映问题（按“五访”类别）";
    ReportFromVisits => "of which raised at a visit", "其中走访中收集";
    ReportRuleRaised => "by the day the issue was raised.", "按问题受理日期统计。";
    ReportTableVerified => "Conduct and integrity complaints", "警风及廉洁投诉核查";
    ReportComplaints => "Complaints raised", "受理投诉";
    ReportRuleVerified => "conduct and integrity issues raised in the period, by their verification result; verified = founded + partly founded.", "本期受理的警风警纪、队伍廉洁类问题按核查结果统计；“查实（含部分查实）”= 查实 + 部分查实。";
    ReportTableHandedOver => "Handed over to other departments", "转办其他部门";
    ReportHandoverReplies => "Replies received", "收到回复";
    ReportTableOpenByUnit => "Open and overdue at the period's end, by unit (open / overdue)", "期末未办结及逾期（按责任单位：未办结 / 逾期）";
    ReportTableOpenByOfficer => "Open and overdue at the period's end, by officer (open / overdue)", "期末未办结及逾期（按责任民警：未办结 / 逾期）";
    ReportRuleOpen => "issues not yet rectified at the end of the period's last day (or today, if sooner), rebuilt from their timelines; overdue = open and past the deadline then in force.", "截至期末（或今日，取较早者）尚未整改的问题，按处理流程记录还原；逾期 = 未整改且已超过当时的整改期限。";
    ReportTableRectification => "Rectification", "问题整改";
    ReportAssigned => "Assigned", "已交办";
    ReportRectified => "Rectified", "已整改";
    ReportRectificationRate => "Rectification rate", "整改率";
    ReportOnTimeRate => "Rectified on time", "按期整改率";
    ReportClosed => "Closed", "已办结";
    ReportClosedOnTimeRate => "Closed on time", "按期办结率";
    ReportAnsweredRate => "Answered", "反馈率";
    ReportOfRectification => "rectification", "整改";
    ReportFirstSatisfaction => "First-time satisfaction", "一次性满意率";
    ReportReopened => "Reopened (dissatisfied)", "不满意重新整改";
    ReportRuleRectification => "rates follow the issues raised in the period; rectification rate = issues now rectified, answered or closed / issues raised.", "各项比率均按本期受理的问题统计；整改率 = 目前已整改、已反馈或已办结的问题 / 受理问题。";
    ReportRuleOnTime => "rectified on time = issues whose first rectification came on or before the deadline then in force / issues ever rectified (read from the timeline: a reopen overwrites the record's dates).", "按期整改率 = 首次整改在当时期限内完成的问题 / 曾完成整改的问题（按处理流程记录计算，重新整改不改变首次结果）。";
    ReportRuleClosedOnTime => "closed on time = closed issues closed on or before their closure deadline / closed issues.", "按期办结率 = 在办结期限内办结的问题 / 已办结问题。";
    ReportRuleAnswered => "answered = named issues ever answered / named issues ever rectified; an anonymous issue owes no answer and is left out.", "反馈率 = 已向反映人反馈的实名问题 / 已整改的实名问题；匿名问题无需反馈，不计入。";
    ReportRuleRectificationSatisfaction => "satisfaction = (satisfied + basically satisfied) / every rating given on these issues; first-time satisfaction counts each issue's first rating only.", "满意率 =（满意 + 基本满意）/ 上述问题的全部评价；一次性满意率只计每个问题的首次评价。";
    ReportRuleReopened => "reopened = dissatisfied ratings dated in the period, whenever the issue was raised.", "重新整改 = 本期内作出的不满意评价，不论问题何时受理。";
    ReportTableThemes => "Measures by evaluation theme", "整改措施（按“五评”主题）";
    ReportRuleThemes => "rectification measures dated in the period.", "按本期内完成的整改措施统计。";
    ReportTableEvaluation => "Open-door evaluation", "开门评警";
    ReportSheetsOut => "Evaluation sheets handed out", "发放测评表（份）";
    ReportSheetsCollected => "Evaluation sheets collected", "收回测评表（份）";
    ReportPublic => "public", "群众";
    ReportSatisfactionOfFmt => "Satisfaction of the {}", "{}满意率";
    ReportSatisfiedOnlyOfFmt => "Satisfied only ({})", "{}“满意”比例";
    ReportDissatisfiedOfFmt => "Dissatisfied ({})", "{}不满意率";
    ReportRuleSatisfaction => "satisfaction = (satisfied + basically satisfied) / all ratings given at visits in the period.", "满意率 =（满意 + 基本满意）/ 本期走访中的全部评价。";
    ReportRuleCollected => "collected = evaluations recorded at visits in the period; handed out = the sheets recorded on those visits.", "收回 = 本期走访中录入的评议；发放 = 这些走访登记的测评表份数。";
    ReportTableAspects => "Public satisfaction, by aspect", "群众满意率（按评议项目）";
    ReportTableConsultations => "The six consultations (meetings / attendance)", "“六议”活动（场次 / 参加人次）";
    ReportRuleConsultations => "done visits whose form is a consultation; attendance = people reached.", "形式为“六议”的已完成走访；参加人次 = 走访群众人次。";
    ReportTableDisputes => "Disputes received, by kind", "受理矛盾纠纷（按类型）";
    ReportTableSources => "Disputes received, by source", "受理矛盾纠纷（按来源）";
    ReportRuleReceived => "by the day the case was received.", "按纠纷受理日期统计。";
    ReportTableMediation => "Mediation", "调解情况";
    ReportMediated => "Cases mediated", "开展调解（件）";
    ReportSessions => "Sessions held", "调解次数";
    ReportAgreements => "Agreements", "调解成功";
    ReportNoAgreements => "No agreement", "调解未成功";
    ReportSuccessRate => "Mediation success rate", "调解成功率";
    ReportHonoured => "Agreements honoured", "协议履行";
    ReportDeclined => "Declined", "当事人不同意调解";
    ReportReferred => "Referred", "移交处理";
    ReportPastLimit => "Past the time limit", "超过调解期限";
    ReportRuleSuccess => "by what happened in the period: mediated = cases with a session held; success rate = agreements / (agreements + no agreement); declined and referred cases are counted apart and are not in the rate.", "按本期发生的情况统计：开展调解 = 本期举行过调解的纠纷；调解成功率 = 调解成功 /（调解成功 + 调解未成功）；不同意调解和移交的另行统计，不计入比率。";
    ReportRulePastLimit => "past the time limit = cases whose limit fell in the period and passed before agreement, no agreement or referral.", "超过调解期限 = 期限在本期内届满且届满前未达成协议、未终结或未移交的纠纷。";
    // issue 8: full dump and import
    ExSecOfficers => "officers", "民警";
    ExSecPeople => "people", "名录";
    ExSecVisits => "visits", "走访";
    ExSecIssues => "issues", "问题";
    ExSecCases => "mediation cases", "调解案件";
    ExSecCare => "care list", "关爱名单";
    ExRecordFmt => "{}, record {} (number {})", "{}，第 {} 条（编号 {}）";
    ExLineFmt => "line {}", "第 {} 行";
    ExWhereFieldFmt => "{}: {}: {}", "{}：{}：{}";
    ExWhereFmt => "{}: {}", "{}：{}";
    ExNotADate => "not a date (YYYY-MM-DD)", "不是日期（年-月-日）";
    ExNotATime => "not a time (HH:MM)", "不是时间（时:分）";
    ExNotANumber => "not a whole number", "不是整数";
    ExNoSuchRecord => "refers to a record that is not in the file", "指向的记录不在文件中";
    ExDuplicateNumber => "the same number is used twice", "编号重复";
    ExUnknownState => "not a known state", "不是有效的状态";
    ExNoEntryFmt => "no directory entry is named “{}”", "名录中没有名为“{}”的登记";
    ExManyEntriesFmt => "{} directory entries are named “{}”", "名录中有 {} 条名为“{}”的登记";
    ExNoOfficerFmt => "no officer is named “{}”", "没有名为“{}”的民警";
    ExRejectedFmt => "{}: nothing was imported; fix these and try again:", "{}：未导入任何内容，请修正以下问题后重试：";
    ExNotEmpty => "a full dump is imported only into an empty database, and this one holds records; nothing was imported", "完整数据只能导入空数据库，而该数据库已有记录；未导入任何内容";
    ExUnknownHeader => "the first line names neither directory columns (name, kind, …) nor visit columns (date, target, officers, purposes, …)", "首行既不是名录表头（姓名、类别……），也不是走访表头（日期、走访对象、民警、目的……）";
    ExMissingColumnFmt => "the column “{}” is missing", "缺少“{}”列";
    ExBadShapeFmt => "not in the dump shape (line {}, column {})", "不符合导出数据格式（第 {} 行，第 {} 列）";
    ExVersionFmt => "format version {} cannot be read; this doorstep reads version {}", "无法读取格式版本 {}，本程序读取版本 {}";
    ExCannotReadWhyFmt => "cannot read {}: {}", "无法读取 {}：{}";
    ExNotUtf8 => "not UTF-8 text (save the spreadsheet as CSV UTF-8)", "不是 UTF-8 文本（请将表格另存为“CSV UTF-8”格式）";
    ExBadCsv => "not readable as a spreadsheet line (CSV)", "无法按表格（CSV）读取";
    ExFieldNumber => "Number", "编号";
    ExFieldState => "State", "状态";
    ExFieldReference => "Reference number", "编号";
    ExFieldTagSpans => "Group history", "群体变更记录";
    ExFieldRetiredOn => "Retired on", "停用日期";
    ExFieldTimeline => "Timeline", "流程记录";
    ExFieldSessions => "Sessions", "调解会";
    ExFieldEvaluations => "Evaluations", "评议";
    ExFieldDates => "Dates", "日期";
    ExFieldFormat => "Format version", "格式版本";
    ExImportedDumpFmt => "imported: officers {} · people {} · visits {} · issues {} · mediation {} · care {}", "已导入：民警 {} · 名录 {} · 走访 {} · 问题 {} · 调解 {} · 关爱 {}";
    ExImportedEntriesFmt => "imported {} directory entries", "已导入 {} 条名录";
    ExImportedVisitsFmt => "imported {} planned visits", "已导入 {} 条计划走访";
    ExDumpedFmt => "wrote {}: officers {} · people {} · visits {} · issues {} · mediation {} · care {}", "已写入 {}：民警 {} · 名录 {} · 走访 {} · 问题 {} · 调解 {} · 关爱 {}";
    ExCannotWriteFmt => "cannot write {}", "无法写入 {}";
    // issue 8: records (materials, sheets, gifts, closure deadline, verification, hand-over)
    FieldMaterials => "Legal materials handed out", "发放法律宣传资料（份）";
    FieldSheetsOut => "Evaluation sheets handed out", "发放评议表（份）";
    FieldGift => "Gift", "慰问品";
    FieldGiftYuan => "Gift value (yuan)", "慰问金额（元）";
    FieldCloseDeadline => "Closure deadline", "办结时限";
    FieldVerification => "Verification result", "核查结果";
    FieldDepartment => "Department", "转办部门";
    FieldHandedOn => "Handed over on", "转办日期";
    FieldReply => "Their reply", "回复内容";
    FieldReplyOn => "Reply received on", "回复日期";
    FieldHandover => "Handed over to", "转办至";
    HandoverAwaiting => "awaiting their reply", "待对方回复";
    ErrAmount => "not an amount in yuan (like 200 or 199.50)", "不是有效的金额（如 200 或 199.50）";
    RuleMaterialsNeedLawPurpose => "legal materials are counted only on a legal-publicity visit", "只有送法律的走访才登记宣传资料";
    RuleGiftNeedsCarePurpose => "a gift is recorded only on a care visit", "只有送关爱的走访才登记慰问品";
    RuleHandoutsNeedDoneVisit => "materials, sheets and gifts are recorded once the visit is done", "走访完成后才能登记资料、评议表和慰问品";
    RuleVerifyOnlyConductIntegrity => "only complaints about police conduct or integrity are verified", "只有警风形象和队伍廉洁类问题需要核查";
    RuleHandoverAwaitingReply => "already handed over: record the department's reply first", "已转办，请先登记对方回复";
    RuleNoHandoverAwaitingReply => "no hand-over is awaiting a reply", "没有待回复的转办";
    StepIssueVerify => "Record the verification result", "登记核查结果";
    StepIssueHandOver => "Hand over to another department", "转办其他部门";
    StepIssueHandoverReply => "Record their reply", "登记转办回复";
    TlVerify => "verified", "核查";
    TlHandOver => "handed over", "转办";
    TlHandoverReply => "reply received", "转办回复";
    DoneVerified => "{}: verification recorded", "{}：已登记核查结果";
    DoneHandedOver => "{}: handed over", "{}：已转办";
    DoneHandoverReply => "{}: reply recorded", "{}：已登记转办回复";
    // issue 8: ledgers, calendar export, progress (src/report/{output,ledger,ics}.rs)
    ExportInterrupted => "interrupted; nothing was written", "已中断，未写入任何文件";
    ExportBinaryToTerminal => "this format is a binary file and would garble the terminal: pass --out FILE or redirect the output", "该格式为二进制文件，不能直接输出到终端：请用 --out FILE 指定文件或重定向输出";
    ExportCannotWriteFmt => "cannot write {}: {}", "无法写入 {}：{}";
    ExportBadDateFmt => "{}: not a date “{}”; use YYYY-MM-DD, e.g. 2026-11-26", "{}：“{}”不是日期，请用 YYYY-MM-DD 格式，如 2026-11-26";
    ExportReversedFmt => "the range ends ({}) before it starts ({})", "结束日期（{}）早于开始日期（{}）";
    ExportUnknownLedgerFmt => "no ledger called “{}”; choose visits, issues, mediation or care", "没有名为“{}”的台账，可选 visits（走访）、issues（问题）、mediation（调解）或 care（关爱）";
    ExportUnknownFormatFmt => "no export format called “{}”; choose xlsx, csv, ics or json", "没有名为“{}”的导出格式，可选 xlsx、csv、ics 或 json";
    ExportNeedsFormat => "say which format: --format xlsx, csv, ics or json (or name the file with that extension in --out)", "请指定格式：--format xlsx、csv、ics 或 json（或在 --out 中使用相应扩展名）";
    ExportNeedsLedger => "xlsx and csv export a ledger: add --ledger visits, issues, mediation or care", "xlsx 和 csv 用于导出台账：请加 --ledger visits、issues、mediation 或 care";
    ExportLedgerNotHere => "--ledger goes with xlsx or csv; the calendar (ics) holds the visits", "--ledger 仅用于 xlsx 或 csv；日历（ics）导出的是走访";
    ExportOfficerOnlyCalendar => "--officer goes with the calendar export (--format ics)", "--officer 仅用于日历导出（--format ics）";
    ExportUnknownOfficerFmt => "no officer named “{}” (see `doorstep officer list`)", "没有名为“{}”的民警（见 `doorstep officer list`）";
    ExportJsonWhole => "the JSON dump holds every record: --from and --to do not apply to it", "JSON 完整导出包含全部记录，不适用 --from 和 --to";
    ExportRowsWrittenFmt => "{}: {} rows written to {}", "{}：已写入 {} 行到 {}";
    ExportEventsWrittenFmt => "{} visits written to {}", "已写入 {} 次走访到 {}";
    ExportCalendarLabel => "Calendar", "日历";
    ExportEventSummaryFmt => "{}: {}", "{}：{}";
    ExportEventOfficersFmt => "Officers: {}", "民警：{}";
    LedgerVisitsTitle => "Visits ledger", "走访台账";
    LedgerIssuesTitle => "Issues ledger", "问题台账";
    LedgerMediationTitle => "Mediation ledger", "矛盾纠纷调解台账";
    LedgerCareTitle => "Care ledger", "关爱对象台账";
    LedgerListSep => ", ", "、";
    LedgerPartyFmt => "{} ({})", "{}（{}）";
    LedgerMaterials => "Materials handed out", "发放宣传资料（份）";
    LedgerSheetsOut => "Evaluation sheets handed out", "发放评议表（份）";
    LedgerGift => "Gift", "慰问品";
    LedgerGiftYuan => "Gift amount (yuan)", "慰问金额（元）";
    LedgerCancelReason => "Reason cancelled", "取消原因";
    LedgerRectifiedOn => "Rectified on", "整改日期";
    LedgerAnsweredOn => "Answered on", "反馈日期";
    LedgerCloseDeadline => "Closure deadline", "办结期限";
    LedgerClosedOn => "Closed on", "办结日期";
    LedgerSessionsHeld => "Sessions held", "调解次数";
    LedgerCareVisits => "Care visits in the period", "期内关爱走访次数";
    // issue 8: the Report pane
    PaneReport => "Report", "总结";
    ActPane6 => "Report", "工作总结";
    ActPrevPeriod => "previous period", "上一期";
    ActNextPeriod => "next period", "下一期";
    ActPeriodLength => "month / quarter / year", "月 / 季 / 年";
    ActRange => "exact period", "指定起止日期";
    ActThisMonth => "this month", "本月";
    ActNextPart => "next part", "下一部分";
    ActPrevPart => "previous part", "上一部分";
    ActTrend => "trend full-height", "趋势全屏";
    HelpRules => "How the figures are counted", "统计口径";
    RptMonth => "month", "月度";
    RptQuarter => "quarter", "季度";
    RptYear => "year", "年度";
    RptRange => "exact period", "指定期间";
    RptMonthFmt => "{}-{}", "{}年{}月";
    RptQuarterFmt => "{}-Q{}", "{}年第{}季度";
    RptYearFmt => "{}", "{}年";
    RptRangeFmt => "{} to {}", "{} 至 {}";
    RptTitleFmt => "Work summary {} ({})", "工作总结 {}（{}）";
    RptTrendFmt => "{} to {}, by month", "{} 至 {}，按月";
    RptVisitsDone => "Visits done", "完成走访";
    RptIssuesRaised => "Issues raised", "收集问题";
    RptOnTime => "Rectified on time", "按期整改率";
    RptSatisfaction => "Satisfaction", "满意率";
    RptRangeTitle => "Summary of an exact period", "指定统计期间";
    RptShowingFmt => "showing {}", "显示 {}";
    RptNotLoaded => "The summary could not be read; the status line says why.", "无法读取工作总结，原因见状态栏。";
    // issue 8: the issue ledger's hand-over columns (src/report/ledger.rs)
    LedgerHandedTo => "Handed over to (department)", "转办部门";
    LedgerHandoverReply => "Department's reply", "转办回复";
    // issue 8: hardening report and export (refusals, errors in the user's language)
    OpenFailedFmt => "cannot open {}: {}", "无法打开 {}：{}";
    WhyNotFound => "it does not exist", "文件不存在";
    WhyNoFolder => "its folder does not exist", "所在文件夹不存在";
    WhyIsFolder => "it is a folder", "这是一个文件夹";
    WhyNotFolder => "a part of the path is not a folder", "路径中有一部分不是文件夹";
    WhyPermission => "permission denied", "没有权限";
    WhyReadOnlyDisk => "the disk is read-only", "磁盘为只读";
    WhyDiskFull => "the disk is full", "磁盘已满";
    WhySystemFmt => "system error ({})", "系统错误（{}）";
    WhyNotDatabase => "it is not a SQLite database (not a doorstep file); it was left untouched", "不是 SQLite 数据库（不是 doorstep 数据文件），文件未改动";
    WhyDamaged => "it is damaged and was left untouched; run `doorstep check` for a report", "文件已损坏，未做改动；可运行 `doorstep check` 查看详情";
    WhyTooNewFmt => "it was written by a newer doorstep (schema {}, this build knows {}); upgrade doorstep", "该文件由更新版本的 doorstep 写入（结构版本 {}，本程序支持 {}），请升级 doorstep";
    WhyNeedsUpgradeFmt => "it is read-only and needs an upgrade (schema {} of {}) that cannot be written", "文件为只读，且需要升级（结构版本 {}，需 {}），无法写入";
    OutIsDatabaseFmt => "will not write over {}: it is a database; choose another file for --out", "不会覆盖 {}：这是数据库文件，请为 --out 另选文件";
    OutWriteProtectedFmt => "will not write over {}: it is write-protected", "不会覆盖 {}：该文件为只读";
    OutIsStationFmt => "will not write over {}: it is the station database being read; choose another file for --out", "不会覆盖 {}：这是正在读取的站所数据库，请为 --out 另选文件";
    ReportMergeTwiceFmt => "{} is named more than once in --merge; each station file counts once", "{} 在 --merge 中出现了不止一次，每个站所文件只能计入一次";
    // issue 8: polish (trend month, help, footers, form labels)
    RptTrendAtFmt => " ({})", "（{}）";
    BriefPrevPeriod => "prev", "上期";
    BriefNextPeriod => "next", "下期";
    BriefPeriodLength => "length", "月/季/年";
    BriefThisMonth => "current", "本月";
    BriefRange => "dates", "起止日期";
    BriefTrend => "trend", "趋势";
}

impl Msg {
    /// The text with `{}` placeholders filled in order.
    pub fn fill(self, lang: Lang, args: &[&dyn std::fmt::Display]) -> String {
        let mut out = String::new();
        let mut rest = self.text(lang);
        for arg in args {
            match rest.split_once("{}") {
                Some((before, after)) => {
                    out.push_str(before);
                    out.push_str(&arg.to_string());
                    rest = after;
                }
                None => break,
            }
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_both_languages() {
        for m in Msg::ALL {
            assert!(!m.text(Lang::En).trim().is_empty(), "{m:?} lacks English");
            assert!(!m.text(Lang::Zh).trim().is_empty(), "{m:?} lacks Chinese");
        }
    }

    #[test]
    fn chinese_texts_are_translated() {
        // A Chinese text identical to the English one was left untranslated;
        // only texts made of keys or numbers may repeat.
        let same: Vec<_> = Msg::ALL
            .iter()
            .filter(|m| m.text(Lang::En) == m.text(Lang::Zh))
            .collect();
        assert!(same.is_empty(), "untranslated: {same:?}");
    }
}
