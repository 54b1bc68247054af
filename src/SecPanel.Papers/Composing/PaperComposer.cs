using System.Globalization;
using NodaTime;
using SecPanel.Assessment;
using SecPanel.Cases;
using SecPanel.Periods;
using SecPanel.Problems;
using SecPanel.Records;
using SecPanel.Variance;

namespace SecPanel.Papers.Composing;

/// <summary>What paper to build: the Panel meeting it is for, its number, who wrote it, and its level.</summary>
/// <param name="PanelMeeting">The Panel meeting's number, such as 58.</param>
/// <param name="Date">The Panel meeting's date; a Panel meeting must be recorded on it.</param>
/// <param name="Paper">The paper's number at that meeting, such as 20.</param>
/// <param name="Author">Who wrote it.</param>
/// <param name="Team">The author's team.</param>
/// <param name="Issued">When it was written.</param>
/// <param name="Level">The body's classification; White (public) by default.</param>
public sealed record PaperRequest(int PanelMeeting, LocalDate Date, int Paper, string Author, string Team, LocalDate Issued, Tlp Level = Tlp.White)
{
    /// <summary>The default of <see cref="ChartMonths"/>: half the year.</summary>
    public const int DefaultChartMonths = 6;

    /// <summary>
    /// How many of the twelve months to a report a series needs figures for to be drawn as a chart
    /// (1 to 12; default 6); a series with fewer goes into one compact table instead, so that the
    /// paper is not padded with charts of one point.
    /// </summary>
    public int ChartMonths { get; init; } = DefaultChartMonths;

    /// <summary>
    /// The optional forecast quality part, one per variance report (none by default): under the
    /// last OPSG meeting's DCC reporting, the counts in the body at every level, the ranking of the
    /// worst Users where the level allows naming them (Green), else in the Green appendix.
    /// </summary>
    public IReadOnlyList<ForecastQualityPart> ForecastQuality { get; init; } = [];

    /// <summary>The paper reference, such as <c>SECP_58_1307_20</c>.</summary>
    public string Reference => string.Create(CultureInfo.InvariantCulture, $"SECP_{PanelMeeting}_{Date:ddMM}_{Paper}");
}

/// <summary>How well each User forecast one variance report over the months given: what the paper's forecast quality part shows.</summary>
/// <param name="Report">The variance report (SR or CSR Variance).</param>
/// <param name="Rule">Its variance rule: the tolerance.</param>
/// <param name="Months">The months with User figures, in order.</param>
/// <param name="Quality">Each User's quality, worst first.</param>
public sealed record ForecastQualityPart(Obligations.Obligation Report, VarianceRule Rule, IReadOnlyList<ReportingPeriod> Months, IReadOnlyList<UserQuality> Quality)
{
    /// <summary>The Users the paper ranks by name: the worst ten.</summary>
    public const int Ranked = 10;

    /// <summary>The level at which Users are named.</summary>
    public const Tlp NamesFrom = Tlp.Green;
}

/// <summary>The ranking of a forecast quality part, as a record of OPSG's at Green: withheld like one below that level.</summary>
internal sealed record ForecastRanking(ForecastQualityPart Part) : IClassified
{
    public Tlp Classification => ForecastQualityPart.NamesFrom;

    public string PublicSummary => string.Empty;

    public string Committee => "OPSG";
}

/// <summary>A paper: its body and the appendices holding what the body may not.</summary>
public sealed record Paper(PaperDocument Body, IReadOnlyList<PaperDocument> Appendices);

/// <summary>
/// Composes the SEC Panel Sub-Committee Report for the sub-committee meetings since the previous
/// Panel meeting. Classification is enforced here, by construction: a record above a document's
/// level is never handed to the code that writes that document's text; the body receives only its
/// public summary (or a sentence that it exists) and the record goes whole to the appendix of its
/// own level, a separate document marked with that level.
/// </summary>
public sealed class PaperComposer(RuleBook rules, AssessmentCase workspace)
{
    /// <summary>Composes the paper of <paramref name="request"/>, or says why it cannot.</summary>
    public Result<Paper> Compose(PaperRequest request)
    {
        var panel = workspace.Meetings.FirstOrDefault(m => m.Committee == "Panel" && m.Date == request.Date);
        if (panel is null)
        {
            return Result<Paper>.Failure([new Problem(CaseFolder.MeetingFile, null, null, $"no Panel meeting on {request.Date:uuuu-MM-dd} is recorded; record it (committee Panel) with the date of the previous Panel meeting")]);
        }

        var builder = new BodyBuilder(rules, workspace, request, panel);
        return Result<Paper>.Success(builder.Build());
    }

    /// <summary>Builds the body, collecting what it withholds; then one appendix per level withheld.</summary>
    private sealed class BodyBuilder(RuleBook rules, AssessmentCase workspace, PaperRequest request, Meeting panel)
    {
        private readonly List<Block> blocks = [];
        private readonly List<(IClassified Record, string Section, IReadOnlyList<Block> Blocks)> withheld = [];
        private Dictionary<Tlp, string> letters = [];
        private readonly Dictionary<LocalDate, string> verificationSections = [];

        public Paper Build()
        {
            // Appendix letters go to the levels withheld, most restricted first (A is Red when there is Red).
            letters = LevelsWithheld().Select((level, i) => (level, letter: ((char)('A' + i)).ToString())).ToDictionary(x => x.level, x => x.letter);

            blocks.Add(new Heading(1, "1. Purpose"));
            blocks.Add(new Paragraph("This paper provides the Panel with an update on recent activities from the Panel Sub-Committees. It highlights the key issues discussed and details specific points the Sub-Committees would like to bring to the Panel’s attention."));
            var number = 2;
            foreach (var section in rules.Committees.Where(c => c.Section is not null).GroupBy(c => c.Section!.Value).OrderBy(g => g.Key))
            {
                blocks.Add(new Heading(1, $"{number}. {section.First().SectionTitle}"));
                var sub = 1;
                if (section.All(c => MeetingsOf(c.Key).Count == 0))
                {
                    var names = section.Select(c => c.Key).ToList();
                    blocks.Add(new Paragraph(names.Count == 1
                        ? $"The {names[0]} did not meet since the previous Panel meeting."
                        : $"None of the {string.Join(", ", names.SkipLast(1))} and {names[^1]} met since the previous Panel meeting."));
                }

                foreach (var committee in section)
                {
                    var meetings = MeetingsOf(committee.Key);
                    foreach (var meeting in meetings)
                    {
                        Committee(committee, meeting, number, ref sub);
                    }

                    if (meetings.Count == 0)
                    {
                        StillOpen(committee, number, ref sub, saidNotMet: section.All(c => MeetingsOf(c.Key).Count == 0));
                    }
                }

                number++;
            }

            Recommendations(number);
            blocks.Add(new Paragraph(string.Join("\n", new[] { request.Author, request.Team, Ordinal(request.Issued) }.Where(l => l.Trim().Length > 0))));
            if (letters.Count > 0)
            {
                blocks.Add(new Paragraph("Attachments:") { Strong = true });
                blocks.Add(new BulletList([.. letters.Select(l => $"Appendix {l.Value} – {AppendixTitle(l.Key)} ({l.Key.Title()}).")]));
            }

            blocks.Add(new Paragraph(request.Level.Statement()));
            var body = new PaperDocument(request.Reference, request.Reference, "SEC Panel Sub-Committee Report", request.Level, blocks);
            return new Paper(body, [.. letters.Select(l => Appendix(l.Key, l.Value))]);
        }

        private IEnumerable<Tlp> LevelsWithheld() =>
            AllRecords().Where(r => r.Classification > request.Level).Select(r => r.Classification).Distinct().OrderDescending();

        private IEnumerable<IClassified> AllRecords()
        {
            var inWindow = workspace.Meetings.Where(InWindow).ToHashSet();
            bool At(string committee, LocalDate date) => inWindow.Any(m => m.Committee == committee && m.Date == date);
            var r = workspace.Records;
            var reported = rules.Committees.Where(c => c.Section is not null).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
            return r.Items.Where(i => reported.Contains(i.Committee) && At(i.Committee, i.MeetingDate)).Cast<IClassified>()
                .Concat(OpenActions())
                .Concat(r.AssuranceDecisions.Where(d => At("SSC", d.MeetingDate)))
                .Concat(r.DirectorLetters.Where(d => At("SSC", d.MeetingDate)))
                .Concat(r.VerificationAssessments.Where(d => At("SSC", d.MeetingDate)))
                .Concat(RiskChanges())
                .Concat(MilestonesToReport())
                .Concat(MeetingsOf("OPSG").Count > 0 ? Rankings() : []);
        }

        /// <summary>The rankings of the forecast quality parts that have Users to rank.</summary>
        private IEnumerable<ForecastRanking> Rankings() => request.ForecastQuality.Where(p => p.Quality.Count > 0).Select(p => new ForecastRanking(p));

        private bool InWindow(Meeting m) => m.Date > panel.PreviousDate && m.Date <= panel.Date;

        private List<Meeting> MeetingsOf(string committee) =>
            [.. workspace.Meetings.Where(m => m.Committee == committee && InWindow(m)).OrderBy(m => m.Date)];

        private void Committee(Committee committee, Meeting meeting, int number, ref int sub)
        {
            var items = workspace.Records.Items.Where(i => i.Committee == committee.Key && i.MeetingDate == meeting.Date).ToList();
            var meetings = MeetingsOf(committee.Key);
            var when = meetings.Count > 1 ? $" ({Ordinal(meeting.Date)})" : string.Empty;
            var last = meeting == meetings[^1];
            var joined = new HashSet<CommitteeItem>(ReferenceEqualityComparer.Instance);
            if (committee.Key == "OPSG")
            {
                blocks.Add(new Heading(2, $"{number}.{sub++} DCC reporting{when}"));
                joined = DccReporting(meeting, items.Where(i => i.Kind == ItemKind.Observation).ToList());
                if (last && request.ForecastQuality.Count > 0)
                {
                    ForecastQualityParts();
                }
            }

            if (committee.Key == "SSC")
            {
                Ssc(meeting, number, ref sub);
            }

            // Observations that did not join a report's row in the DCC table are highlights of their own.
            var highlights = items.Where(i => !joined.Contains(i)).ToList();
            var risks = committee.Key == "TABASC" ? RiskChanges().Where(x => x.Date == meeting.Date).ToList() : [];

            // Milestones and open actions stand at the committee's last meeting in the window, once.
            var milestones = committee.Key == "TAG" && last ? MilestonesToReport().ToList() : [];
            var actions = last ? OpenActions().Where(a => a.Committee == committee.Key).ToList() : [];
            var shortName = committee.Key;
            blocks.Add(new Heading(2, $"{number}.{sub++} {shortName} {(committee.Key == "OPSG" ? "Meeting " : string.Empty)}Highlights{when}"));
            if (highlights.Count == 0)
            {
                blocks.Add(new Paragraph($"The {shortName} recorded no highlights at its meeting on {Ordinal(meeting.Date)}."));
            }

            foreach (var item in highlights)
            {
                Disclose(item, $"{shortName} highlights, {Ordinal(meeting.Date)}", () => ItemBlocks(item));
            }

            if (risks.Count > 0)
            {
                RiskTable(risks);
            }

            if (milestones.Count > 0)
            {
                MilestoneTable(milestones);
            }

            if (actions.Count > 0)
            {
                ActionTable(shortName, actions);
            }
        }

        /// <summary>
        /// An item as the paper gives it: its title as a heading beneath the committee's (so that it is
        /// in Word's navigation pane), then its text. An item without a title continues the one before
        /// it, as the seed's TAG highlights do under one heading.
        /// </summary>
        private List<Block> ItemBlocks(CommitteeItem item)
        {
            var title = item.Kind switch
            {
                ItemKind.Decision => item.Title.Length > 0 ? $"Decision: {item.Title}" : "Decision",
                ItemKind.Observation => $"{(item.Title.Length > 0 ? item.Title : "Observation")} ({ReportName(item.Obligation)}{(item.Period is { } p ? $" – {p.Title}" : string.Empty)})",
                _ => item.Title,
            };
            var text = new Paragraph(item.Text) { Links = item.Links };
            List<Block> blocks = title.Length > 0 ? [new Heading(3, title), text] : [text];

            // A traffic management item raised by a forecast has its chart beneath it, at its level.
            if (workspace.TrafficOutlooks.FirstOrDefault(o => o.Committee == item.Committee && o.MeetingDate == item.MeetingDate && o.Item == item.Id) is { } outlook)
            {
                blocks.Add(Charts.Traffic(outlook));
            }

            return blocks;
        }

        private string ReportName(string obligation) => rules.Catalogue.Find(obligation)?.Name ?? obligation;

        /// <summary>
        /// A committee that did not meet in the window: what it still has open (its actions, and for
        /// TAG the milestones not yet met), so that the Panel does not lose sight of them.
        /// </summary>
        private void StillOpen(Committee committee, int number, ref int sub, bool saidNotMet)
        {
            var actions = OpenActions().Where(a => a.Committee == committee.Key).ToList();
            var milestones = committee.Key == "TAG" ? MilestonesToReport().ToList() : [];
            if (actions.Count == 0 && milestones.Count == 0)
            {
                return;
            }

            blocks.Add(new Heading(2, $"{number}.{sub++} {committee.Key} Open Actions{(milestones.Count > 0 ? " and Milestones" : string.Empty)}"));
            blocks.Add(new Paragraph(saidNotMet
                ? $"What the {committee.Key} still has open is listed for the Panel’s information."
                : $"The {committee.Key} did not meet since the previous Panel meeting; what it still has open is listed for the Panel’s information."));
            if (milestones.Count > 0)
            {
                MilestoneTable(milestones);
            }

            if (actions.Count > 0)
            {
                ActionTable(committee.Key, actions);
            }
        }

        /// <summary>The DCC reporting table of an OPSG meeting; returns the observations that joined a row (those on a report in scope).</summary>
        private HashSet<CommitteeItem> DccReporting(Meeting meeting, List<CommitteeItem> observations)
        {
            blocks.Add(new Paragraph($"The Operations Group (OPSG) considered and noted the following DCC reports at their meeting on {Ordinal(meeting.Date)}:"));
            var assessment = new Assessor(rules).Assess(workspace, meeting);

            // The committee's observations on a report join the DCC's in the table when the body may carry them.
            var notes = new Dictionary<string, IReadOnlyList<string>>();
            var joined = observations.Where(o => assessment.Reports.Any(r => r.Obligation.Key == o.Obligation && r.Period == o.Period)).ToHashSet(ReferenceEqualityComparer.Instance);
            foreach (var group in observations.Where(joined.Contains).GroupBy(o => o.Obligation))
            {
                var shown = new List<string>();
                foreach (var item in group)
                {
                    if (item.Classification <= request.Level)
                    {
                        shown.Add(item.Text);
                    }
                    else
                    {
                        withheld.Add((item, $"OPSG observations, {Ordinal(meeting.Date)}", ItemBlocks(item)));
                        shown.Add(Withheld(item));
                    }
                }

                notes[group.Key] = shown;
            }

            var rows = AssessmentText.PaperRows(assessment, notes);
            blocks.Add(new Table(["Report", "Delivery per SEC", "Content", "Observations"], [.. rows.Select(r => (IReadOnlyList<string>)[r.Report, r.Delivery, r.Content, r.Observations])]));

            ReportFigures(assessment);

            // Planned Maintenance is notified to every User, so the paper's public body carries it whole.
            if (assessment.Maintenance.Count > 0)
            {
                blocks.Add(new Heading(3, "Planned maintenance"));
                blocks.Add(new Paragraph(AssessmentText.MaintenanceLead(assessment)));
                blocks.Add(new Table(["Window", "Service", "When (London)", "Notified", "Notice"],
                    [.. AssessmentText.MaintenanceRows(assessment, Ordinal).Select(r => (IReadOnlyList<string>)[r.Window, r.Service, r.When, r.Notified, r.Notice])]));
            }
            return [.. joined.Cast<CommitteeItem>()];
        }

        /// <summary>
        /// The reports' figures over the twelve months to each report, once per report (the latest
        /// instance assessed): a chart for each series with figures in at least
        /// <see cref="PaperRequest.ChartMonths"/> of those months, and one compact table for the
        /// rest, so that the paper carries no chart of one point.
        /// </summary>
        private void ReportFigures(MeetingAssessment assessment)
        {
            var charts = new List<Figure>();
            var rest = new List<(string Name, string Target, string Minimum, Dictionary<ReportingPeriod, string> Cells)>();
            var latest = assessment.Reports.Where(r => r.Delivery is not null && r.Period is not null && r.Content is VarianceContent or PerformanceContent)
                .GroupBy(r => r.Obligation.Key).Select(g => g.MaxBy(r => r.Period!.Value)!);
            foreach (var report in latest)
            {
                var period = report.Period!.Value;
                if (report.Content is VarianceContent)
                {
                    var series = Charts.VarianceSeries(report.Obligation, period, workspace);
                    if (series.Count(m => m.HasData) >= request.ChartMonths)
                    {
                        charts.Add(Charts.Variance(report.Obligation, series));
                    }
                    else
                    {
                        rest.Add(($"{report.Obligation.Name}: {report.Obligation.Counts} sent of forecast", "–", "–",
                            series.Where(m => m.HasData).ToDictionary(m => m.Month, m => m.Forecast is { } f ? $"{Figures.Count(m.Sent!.Value)} of {Figures.Count(f)} ({m.PercentText})" : $"{Figures.Count(m.Sent!.Value)} (no forecast)")));
                    }
                }
                else if (report.Content is PerformanceContent performance)
                {
                    foreach (var measure in performance.Measures.Where(m => m.Result != Performance.ServiceLevelResult.NoData))
                    {
                        var series = Charts.MeasureSeries(measure.Measure, report.Obligation, period, workspace);
                        if (series.Count(m => m.Level is not null) >= request.ChartMonths)
                        {
                            charts.Add(Charts.Measure(measure.Measure, series));
                        }
                        else
                        {
                            rest.Add((Charts.MeasureName(measure.Measure), Figures.Bound(measure.Measure.Target) + "%", Figures.Bound(measure.Measure.Minimum) + "%",
                                series.Where(m => m.Level is not null).ToDictionary(m => m.Month, m => Charts.Level(m.Level!.Value))));
                        }
                    }
                }
            }

            blocks.AddRange(charts);
            if (rest.Count == 0)
            {
                return;
            }

            var months = rest.SelectMany(r => r.Cells.Keys).Distinct().Order().ToList();
            blocks.Add(new Heading(3, "Figures of the reports"));
            blocks.Add(new Paragraph(charts.Count == 0
                ? $"A chart is drawn for each figure recorded in at least {Words(request.ChartMonths)} of the twelve months to its report. None has that many months yet, so the figures are given here."
                : $"Figures recorded in fewer than {Words(request.ChartMonths)} of the twelve months to their report are given here rather than charted."));
            blocks.Add(new Table(["Figure", "Target", "Minimum", .. months.Select(m => m.Title)],
                [.. rest.Select(r => (IReadOnlyList<string>)[r.Name, r.Target, r.Minimum, .. months.Select(m => r.Cells.GetValueOrDefault(m, "–"))])]));
        }

        /// <summary>
        /// How well the Users forecast: for each report, the counts (in the body at every level), then
        /// the worst ten by name, disclosed at Green like a record of that level.
        /// </summary>
        private void ForecastQualityParts()
        {
            blocks.Add(new Heading(3, "Forecast quality"));
            foreach (var part in request.ForecastQuality)
            {
                var q = part.Quality;
                var counts = part.Report.Counts.Length > 0 ? part.Report.Counts : "volumes";
                if (q.Count == 0)
                {
                    blocks.Add(new Paragraph($"{part.Report.Name}: no User figures are stored for the months to the paper."));
                    continue;
                }

                var span = part.Months.Count == 1 ? part.Months[0].Title : $"the {Words(part.Months.Count)} months from {part.Months[0].Title} to {part.Months[^1].Title}";
                var (mostlyOut, high, low) = ForecastQualityText.Summary(q);
                blocks.Add(new Paragraph(
                    $"{part.Report.Name}: over {span}, {Words(q.Count)} User{(q.Count == 1 ? "" : "s")} forecast their {counts}. "
                    + $"{(mostlyOut == 0 ? "None was" : $"{Capital(Words(mostlyOut))} {(mostlyOut == 1 ? "was" : "were")}")} out of tolerance ({ForecastQualityText.Tolerance(part.Rule)}) in at least half their months; "
                    + $"{None(high)} sent over 10% more than they forecast on average, and {None(low)} over 10% less."));
                var shown = q.Take(ForecastQualityPart.Ranked).ToList();
                Disclose(new ForecastRanking(part), $"Forecast quality, {part.Report.Name}", () =>
                [
                    new Paragraph(q.Count > shown.Count ? $"The {Words(shown.Count)} Users furthest from their forecasts, worst first:" : "The Users, furthest from their forecasts first:"),
                    new Table(["Rank", "User", "Months", "Bias", "Mean error", "Median error", "In / out of tolerance", "Trend"],
                        [.. shown.Select((u, i) => (IReadOnlyList<string>)[(i + 1).ToString(CultureInfo.InvariantCulture), u.User, u.Months.ToString(CultureInfo.InvariantCulture), ForecastQualityText.WithSign(u.BiasPercent), ForecastQualityText.Plain(u.MeanErrorPercent), ForecastQualityText.Plain(u.MedianErrorPercent), $"{u.InTolerance} / {u.OutOfTolerance}", ForecastQualityText.Trend(u.TrendPerMonth)])]),
                ]);
            }
        }

        private static string None(int n) => n == 0 ? "none" : Words(n);

        private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

        private void Ssc(Meeting meeting, int number, ref int sub)
        {
            var month = meeting.Date.ToString("MMMM uuuu", CultureInfo.InvariantCulture);
            var r = workspace.Records;
            var decisions = r.AssuranceDecisions.Where(d => d.MeetingDate == meeting.Date).ToList();
            // Counts: a total of each kind (that records exist is what the public may know), and a
            // count by status or outcome only where the document shows every record it counts, so
            // that nothing withheld can be worked out from the counts beside what is shown.
            blocks.Add(new Heading(2, $"{number}.{sub++} Assurance Status Decisions"));
            if (decisions.Count == 0)
            {
                blocks.Add(new Paragraph($"The SSC did not set any assurance statuses in {month}."));
            }
            else
            {
                var statuses = decisions.All(Shown)
                    ? ": " + string.Join(", ", decisions.GroupBy(d => d.Status).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{Words(g.Count())} {g.Key}"))
                    : string.Empty;
                blocks.Add(new Paragraph($"In {month} the SSC set {Words(decisions.Count)} assurance status{(decisions.Count == 1 ? string.Empty : "es")}{statuses}."));
                foreach (var d in decisions)
                {
                    Disclose(d, $"Assurance Status Decisions, {month}", () => [new Paragraph($"{d.Party} ({d.Assessment}): {d.Status}{(d.Condition.Length > 0 ? " " + d.Condition : string.Empty)}.")]);
                }
            }

            var letters = r.DirectorLetters.Where(d => d.MeetingDate == meeting.Date).ToList();
            blocks.Add(new Heading(2, $"{number}.{sub++} Director Letters"));
            blocks.Add(new Paragraph(letters.Count == 0
                ? $"The SSC approved no Director Letters in {month}."
                : $"In {month} the SSC approved {Words(letters.Count)} Director Letter{(letters.Count == 1 ? string.Empty : "s")}."));
            foreach (var d in letters)
            {
                Disclose(d, $"Director Letters, {month}", () => [new Paragraph($"{d.Party}: {d.Outcome}")]);
            }

            var reviews = r.VerificationAssessments.Where(d => d.MeetingDate == meeting.Date).ToList();
            verificationSections[meeting.Date] = $"{number}.{sub}";
            blocks.Add(new Heading(2, $"{number}.{sub++} Verification Assessments"));
            var notify = reviews.Count(v => v.NotifyPanel);
            blocks.Add(new Paragraph("As part of their wider obligations, the SSC review the outcomes of Verification Assessments. If the SSC believe that a User is non-compliant, or potentially non-compliant, with obligations contained in G3-G6 of the SEC, then they notify the Panel. "
                + (reviews.Count == 0 ? $"The SSC reviewed no Verification Assessments in {month}." : $"During {month} the SSC reviewed {Words(reviews.Count)} Verification Assessment{(reviews.Count == 1 ? string.Empty : "s")}")
                + (reviews.Count == 0 ? string.Empty : notify == 0 || !reviews.All(Shown) ? "." : $", and notifies the Panel of {Words(notify)} User{(notify == 1 ? string.Empty : "s")} non-compliant or potentially non-compliant.")));
            foreach (var v in reviews)
            {
                Disclose(v, $"Verification Assessments, {month}", () => [new Paragraph($"{v.Party}: {Outcome(v.Outcome)}{(v.NotifyPanel ? " The Panel is notified." : string.Empty)}")]);
            }
        }

        private bool Shown(IClassified record) => record.Classification <= request.Level;

        /// <summary>
        /// Records of a table sorted by their own fields (a risk's id, a milestone's date): those shown
        /// in that order, then those withheld by level and public summary only, so that where a
        /// withheld record's sentence stands tells nothing of the fields it was sorted by.
        /// </summary>
        private IEnumerable<T> DisclosureOrder<T>(IEnumerable<T> records)
            where T : IClassified
        {
            var all = records.ToList();
            return all.Where(r => Shown(r)).Concat(all.Where(r => !Shown(r)).OrderBy(r => r.Classification).ThenBy(r => r.PublicSummary, StringComparer.Ordinal));
        }

        private void RiskTable(List<RiskRevision> risks)
        {
            var shown = new List<IReadOnlyList<string>>();
            foreach (var risk in DisclosureOrder(risks))
            {
                IReadOnlyList<string> row = [$"{risk.RiskId} (revision {risk.Revision})", risk.Title, $"{risk.Likelihood} × {risk.Impact} = {risk.Score}", risk.Owner, risk.Treatment, Ordinal(risk.ReviewDate)];
                Disclose(risk, "TABASC Risk Register", () => Row(shown, row), () => [new Paragraph(string.Join("; ", row.Append(risk.Description).Where(c => c.Length > 0)))]);
            }

            if (shown.Count > 0)
            {
                blocks.Add(new Heading(3, "Risk Register: revisions agreed at this meeting"));
                blocks.Add(new Table(["Risk", "Title", "Likelihood × Impact", "Owner", "Treatment", "Review"], shown));
            }
        }

        private void MilestoneTable(List<Milestone> milestones)
        {
            var shown = new List<IReadOnlyList<string>>();
            foreach (var m in DisclosureOrder(milestones))
            {
                var status = m.Actual is { } actual
                    ? (actual > m.Planned ? $"met late ({Ordinal(actual)})" : $"met ({Ordinal(actual)})")
                    : (panel.Date > m.Planned ? "not met: overdue" : "not yet due");
                IReadOnlyList<string> row = [m.Id, m.Title, Ordinal(m.Planned), status];
                Disclose(m, "TAG milestones", () => Row(shown, row), () => [new Paragraph(string.Join("; ", row))]);
            }

            if (shown.Count > 0)
            {
                blocks.Add(new Heading(3, "Testing milestones"));
                blocks.Add(new Table(["Milestone", "Title", "Planned", "Status"], shown));
            }
        }

        private void ActionTable(string committee, List<CommitteeAction> actions)
        {
            var shown = new List<IReadOnlyList<string>>();
            foreach (var a in actions)
            {
                var due = a.DueIsMonth ? a.Due.ToString("MMMM uuuu", CultureInfo.InvariantCulture) : Ordinal(a.Due);
                IReadOnlyList<string> row = [$"{a.Id}: {a.Title}", a.Owner, due, a.IsOverdueOn(panel.Date) ? "overdue" : "open", Ordinal(a.MeetingDate)];
                Disclose(a, $"{committee} open actions", () => Row(shown, row), () => [new Paragraph(string.Join("; ", row.Append(a.Text).Where(c => c.Length > 0)))]);
            }

            if (shown.Count > 0)
            {
                blocks.Add(new Heading(3, $"Open {committee} actions at {Ordinal(panel.Date)}"));
                blocks.Add(new Table(["Action", "Owner", "Due", "Status", "Raised"], shown));
            }
        }

        /// <summary>
        /// The body's recommendations name only what the body shows, and where: a Panel notification
        /// withheld with its Verification Assessment is recommended in that record's appendix (see
        /// <see cref="Appendix"/>), so that the body neither reveals it nor points to the wrong place.
        /// </summary>
        private void Recommendations(int number)
        {
            blocks.Add(new Heading(1, $"{number}. Recommendations"));
            var appendices = letters.OrderBy(l => l.Value, StringComparer.Ordinal).Select(l => $"Appendix {l.Value}").ToList();
            blocks.Add(new Paragraph(appendices.Count == 0
                ? "The Panel is requested to NOTE the content of this paper."
                : $"The Panel is requested to NOTE the content of this paper and of {Join(appendices)}."));
            var notify = Notifications().Where(Shown).ToList();
            if (notify.Count > 0)
            {
                var sections = notify.Select(v => v.MeetingDate).Distinct().Order().Select(d => verificationSections[d]).ToList();
                blocks.Add(new Paragraph($"The Panel is requested to NOTE the SSC’s notification of {Words(notify.Count)} User{(notify.Count == 1 ? string.Empty : "s")} non-compliant or potentially non-compliant with Sections G3 to G6 of the SEC (details in section{(sections.Count == 1 ? string.Empty : "s")} {Join(sections)})."));
            }
        }

        private List<VerificationAssessment> Notifications() =>
            [.. workspace.Records.VerificationAssessments.Where(v => v.NotifyPanel && MeetingsOf("SSC").Any(m => m.Date == v.MeetingDate))];

        private static string Join(List<string> names) => names.Count == 1 ? names[0] : $"{string.Join(", ", names.SkipLast(1))} and {names[^1]}";

        /// <summary>
        /// Adds a record to the body when its level allows, else a sentence in its place; the record's
        /// own content is produced by <paramref name="content"/>, which is called only when the body
        /// may show it, and otherwise kept for the appendix of the record's level.
        /// </summary>
        private void Disclose(IClassified record, string section, Func<IReadOnlyList<Block>> content, Func<IReadOnlyList<Block>>? appendixContent = null)
        {
            if (record.Classification <= request.Level)
            {
                blocks.AddRange(content());
                return;
            }

            withheld.Add((record, section, (appendixContent ?? content)()));

            // Several withheld records in a row with the same sentence (no summaries, or the same
            // one) read once: "Details can be found in confidential Appendix A."
            var sentence = Withheld(record);
            if (blocks.Count == 0 || blocks[^1] is not Paragraph { Text: var last } || last != sentence)
            {
                blocks.Add(new Paragraph(sentence));
            }
        }

        /// <summary>What the body says of a withheld record: its public summary, or only that it exists; never its own text.</summary>
        private string Withheld(IClassified record)
        {
            var appendix = $"Appendix {letters[record.Classification]}";
            var where = record.Classification == Tlp.Red ? $"confidential {appendix}" : appendix;
            return record.PublicSummary.Length > 0
                ? $"{record.PublicSummary.TrimEnd('.')}. Details can be found in {where}."
                : $"Details can be found in {where}.";
        }

        private PaperDocument Appendix(Tlp level, string letter)
        {
            var content = new List<Block>
            {
                new Paragraph($"This appendix to {request.Reference} holds the items classified {level.Title()}. It must be handled as {level.Key()}.") { Strong = true },
            };
            foreach (var section in withheld.Where(w => w.Record.Classification == level).GroupBy(w => w.Section))
            {
                content.Add(new Heading(2, section.Key));
                foreach (var (_, _, itemBlocks) in section)
                {
                    content.AddRange(itemBlocks);
                }
            }

            var notify = Notifications().Where(v => v.Classification == level).ToList();
            if (notify.Count > 0)
            {
                content.Add(new Heading(2, "Recommendations"));
                content.Add(new Paragraph($"The Panel is requested to NOTE the SSC’s notification of {Words(notify.Count)} User{(notify.Count == 1 ? string.Empty : "s")} non-compliant or potentially non-compliant with Sections G3 to G6 of the SEC (details above, under Verification Assessments)."));
            }

            content.Add(new Paragraph(level.Statement()));
            return new PaperDocument($"{request.Reference}_Appendix_{letter}", request.Reference, $"Appendix {letter} – {AppendixTitle(level)}", level, content);
        }

        private string AppendixTitle(Tlp level) =>
            AllRecords().Where(r => r.Classification == level).All(r => r.Committee == "SSC") ? "Security Assurance Status Updates" : $"Items classified {level.Title()}";

        private IEnumerable<CommitteeAction> OpenActions() =>
            workspace.Records.Actions.Where(a => a.IsOpenOn(panel.Date) && a.MeetingDate <= panel.Date && rules.Committees.Any(c => c.Key == a.Committee && c.Section is not null));

        private IEnumerable<RiskRevision> RiskChanges()
        {
            var tabasc = MeetingsOf("TABASC").Select(m => m.Date).ToHashSet();
            return workspace.Records.Risks.Where(r => tabasc.Contains(r.Date)).OrderBy(r => r.RiskId, StringComparer.Ordinal).ThenBy(r => r.Revision);
        }

        // Milestones are TAG's: shown in its section, so none when the rules give TAG no section.
        private IEnumerable<Milestone> MilestonesToReport() =>
            !rules.Committees.Any(c => c.Key == "TAG" && c.Section is not null)
                ? []
                : workspace.Records.Milestones.Where(m => m.Actual is null || m.Actual > panel.PreviousDate).OrderBy(m => m.Planned).ThenBy(m => m.Id, StringComparer.Ordinal);

        /// <summary>Adds a row to a table being built; the row itself is no block of the body's.</summary>
        private static IReadOnlyList<Block> Row(List<IReadOnlyList<string>> table, IReadOnlyList<string> row)
        {
            table.Add(row);
            return [];
        }

        private static string Outcome(VerificationOutcome outcome) => outcome switch
        {
            VerificationOutcome.Compliant => "compliant with G3 to G6.",
            VerificationOutcome.PotentiallyNonCompliant => "potentially non-compliant with G3 to G6.",
            _ => "non-compliant with G3 to G6.",
        };
    }

    /// <summary>"26th June 2018": the paper's one style of date.</summary>
    internal static string Ordinal(LocalDate date) => Calendar.DateText.Written(date);

    /// <summary>Small counts in words, as papers write them: "two Director Letters".</summary>
    internal static string Words(int n) => n switch
    {
        0 => "no",
        1 => "one",
        2 => "two",
        3 => "three",
        4 => "four",
        5 => "five",
        6 => "six",
        7 => "seven",
        8 => "eight",
        9 => "nine",
        10 => "ten",
        _ => n.ToString("N0", CultureInfo.InvariantCulture),
    };
}
