namespace SecPanel.Samples;

/// <summary>
/// The words of a generated workspace: Users' names and the committees' topics, texts, owners and
/// outcomes. Invented, in the style of the June 2018 papers; any likeness to a real Party is chance.
/// </summary>
internal static class SampleText
{
    // 40 × 14 × 6 = 3,360 names before a number is added; Welsh and Irish words keep to one script.
    private static readonly string[] NamePrefixes =
    [
        "Northern", "Southern", "Eastern", "Western", "Highland", "Lowland", "Coastal", "Valley", "Summit", "Harbour",
        "Meadow", "Riverside", "Crown", "Beacon", "Pioneer", "Heritage", "Unity", "Evergreen", "Bright", "Clearwater",
        "True North", "Prime", "Swift", "Solar", "Tidal", "Granite", "Oak", "Willow", "Cedar", "Thistle",
        "O'Connell", "St Bride's", "Môr", "Cymru", "A+", "Kestrel", "Falcon", "Heron", "Otter", "Badger",
    ];

    private static readonly string[] NameMiddles =
    [
        "Energy", "Power", "Gas", "Electric", "Supply", "Utilities", "Networks", "Metering", "Home Energy",
        "Renewables", "Grid Services", "Heat & Power", "Energy Services", "Smart Services",
    ];

    private static readonly string[] NameSuffixes = ["Ltd", "plc", "Limited", "LLP", "& Co.", "Group Ltd"];

    /// <summary>The name of User number <paramref name="index"/> (from 0): letters, digits, spaces and <c>. &amp; ( ) ' +</c> only, all Latin.</summary>
    public static string UserName(int index)
    {
        var prefix = NamePrefixes[index % NamePrefixes.Length];
        var rest = index / NamePrefixes.Length;
        var middle = NameMiddles[rest % NameMiddles.Length];
        rest /= NameMiddles.Length;
        var suffix = NameSuffixes[rest % NameSuffixes.Length];
        var round = rest / NameSuffixes.Length;
        return round == 0 ? $"{prefix} {middle} {suffix}" : $"{prefix} {middle} {suffix} ({round + 1})";
    }

    /// <summary>A committee's highlights: a title and its paragraph; <c>{0}</c> is the month, such as "June 2018".</summary>
    public static IReadOnlyList<(string Title, string Text)> Topics(string committee) => committee switch
    {
        "OPSG" => OpsgTopics,
        "SSC" => SscTopics,
        "SMKI PMA" => SmkiTopics,
        "TABASC" => TabascTopics,
        "TAG" => TagTopics,
        "Panel" => PanelTopics,
        _ => OtherTopics,
    };

    private static readonly (string, string)[] OpsgTopics =
    [
        ("DCC Planned Maintenance Schedule", "The group reviewed the Planned Maintenance schedule for the months after {0}. Members asked DCC to give more notice of outages and to report whether past maintenance had improved the resilience of the service."),
        ("Traffic Management", "DCC presented its monitoring of Service Request and Alert volumes against the operating threshold. Members asked how Parties would be warned before a threshold is reached."),
        ("Major Incident Review", "DCC reported on the Major Incident of {0}, its root cause and the actions taken with the Communication Service Provider. The group asked for the lessons learnt to be shared with all Users."),
        ("Performance Measurement Report", "The group noted the Code Performance Measures in the latest Performance Measurement Report and discussed the measures below their Target Service Level."),
        ("Service Request Forecasting", "Members discussed the accuracy of Service Request forecasts, noting that several Users sent volumes well outside their forecasts in {0}."),
        ("Communications Hub Returns", "DCC gave an update on returned Communications Hubs and the analysis of faults found, by region and by Communication Service Provider."),
        ("Registration Data", "DCC described the data refresh from the Registration Data Providers and the incidents raised since the last meeting."),
        ("SMETS1 Enrolment", "The group received an update on the enrolment and adoption of SMETS1 meters and the volumes migrated in {0}."),
    ];

    private static readonly (string, string)[] SscTopics =
    [
        ("User Security Assessments", "The SSC reviewed the User Security Assessments completed since the last meeting and set Assurance Statuses where the evidence allowed."),
        ("Security Incidents", "The SSC considered the security incidents reported in {0}. None required escalation to the Panel."),
        ("Shared Resource Assessments", "The SSC discussed the assessment of Shared Resources operating User Systems on behalf of more than one User, and the evidence a Verification User Security Assessment may draw on."),
        ("Anomaly Detection Thresholds", "The SSC reviewed the anomaly detection thresholds set by Users and asked DCC to report on thresholds not updated in the last year."),
        ("Post-Commissioning Obligations", "The SSC noted the post-commissioning reports received and the Users yet to submit one."),
        ("Risk Assessment", "The SSC agreed updates to the Security Risk Assessment following the changes to the threat landscape reported in {0}."),
    ];

    private static readonly (string, string)[] SmkiTopics =
    [
        ("SMKI Recovery Exercise", "DCC gave an update on the planning of the SMKI recovery exercise and the Party that volunteered to take part."),
        ("ARO Statistics", "The SMKI PMA reviewed the Authorised Responsible Officer statistics for {0} and the organisations with lapsed AROs."),
        ("SMKI Compliance Policy", "The SMKI PMA considered the annual review of the SMKI Compliance Policy and agreed the changes for consultation."),
        ("Certificate Policy Changes", "The SMKI PMA discussed proposed changes to the Organisation and Device Certificate Policies."),
    ];

    private static readonly (string, string)[] TabascTopics =
    [
        ("Risk Register", "The TABASC agreed updates and revisions to its Risk Register, including new risks raised since the last meeting."),
        ("Business Architecture Document", "The TABASC agreed the changes to the Business Architecture Document for publication, subject to minor housekeeping updates."),
        ("Effectiveness Review", "The TABASC discussed the responses to its Effectiveness Review questionnaire and the actions arising."),
        ("DCC Change Management", "DCC gave an update on improvements to its change management system; the TABASC fed back on the proposed approach."),
        ("Technical Architecture Document", "The TABASC reviewed the Technical Architecture Document against the release planned after {0}."),
    ];

    private static readonly (string, string)[] TagTopics =
    [
        ("Release Testing", "The TAG discussed testing progress for the next release, including the test environments available to Users in {0}."),
        ("Incentive Scheme Milestones", "The TAG considered the evidence for the Incentive Scheme Milestones falling due and made a recommendation to the Panel."),
        ("Device Selection", "The TAG discussed the approach to selecting devices for testing in Initial Operating Capability."),
        ("Enduring Testing Approach", "The TAG considered the testing approach for enduring releases, to keep testing proportionate to each release."),
    ];

    private static readonly (string, string)[] PanelTopics =
    [
        ("Sub-Committee Report", "The Panel noted the Sub-Committee Report for {0} and the exceptions it reported."),
        ("Modifications", "The Panel considered the modifications progressing through the process and their timetables."),
        ("Budget", "The Panel reviewed the budget position after {0}."),
    ];

    private static readonly (string, string)[] OtherTopics =
    [
        ("Update", "The committee received updates on its work programme for {0}."),
        ("Work Plan", "The committee agreed its work plan for the coming months."),
    ];

    /// <summary>Second paragraphs, added to some texts (so that a value runs over two lines).</summary>
    public static readonly string[] FollowUps =
    [
        "Members agreed to come back to this at the next meeting.",
        "DCC will report again next month, with figures by region.",
        "SECAS will circulate a note to all Parties.",
    ];

    /// <summary>What a lower-level document says instead of a non-public item.</summary>
    public static readonly string[] ItemSummaries =
    [
        "The committee discussed a matter whose details are restricted",
        "An update was given on a restricted matter",
        "The committee considered a confidential report",
    ];

    /// <summary>The committee's remarks on a DCC report.</summary>
    public static readonly string[] Observations =
    [
        "DCC requested to provide statement of assurance to OPSG.",
        "Members asked DCC to explain the variance against forecast.",
        "DCC to confirm whether the figures include the migrated meters.",
        "The group asked for the report to be delivered earlier in future.",
    ];

    /// <summary>The DCC's or committee's notes on a delivery, some with commas and quotes.</summary>
    public static readonly string[] DeliveryNotes =
    [
        "Despite being outside tolerance, DCC has sufficient capacity to manage.",
        "Delivered with a corrected appendix.",
        "DCC undertaking another full Data Refresh from RDPs.",
        "Figures restated after a \"late\" file from a CSP.",
        "Volumes are low while Users migrate.\nDCC to report again next month.",
    ];

    /// <summary>Action titles and texts.</summary>
    public static readonly (string Title, string Text)[] Actions =
    [
        ("Detailed proposals", "DCC to come back to the group with detailed proposals."),
        ("Feedback from Members", "Members to provide feedback via SECAS before the next meeting."),
        ("Lessons learnt", "DCC to share the lessons learnt with all Users."),
        ("Forecast accuracy", "SECAS to write to the Users whose volumes were outside their forecasts."),
        ("Terms of reference", "SECAS to update the terms of reference and circulate them for comment."),
        ("Threshold review", "DCC to review the thresholds and report the outcome."),
    ];

    /// <summary>Who an action is given to.</summary>
    public static readonly string[] Owners = ["DCC", "SECAS", "Members", "Chair", "DCC and SECAS"];

    /// <summary>Conditions of "Approved, subject to".</summary>
    public static readonly string[] Conditions =
    [
        "remediation of the outstanding non-compliances by the next assessment",
        "a follow-up assessment within six months",
        "evidence of the revised access controls",
    ];

    /// <summary>What a Director Letter showed.</summary>
    public static readonly string[] LetterOutcomes =
    [
        "No non-compliance preventing the User from beginning to use DCC Live Systems.",
        "Non-compliances found, none preventing the User from beginning to use DCC Live Systems.",
    ];

    /// <summary>Risks of the TABASC register: title, owner, treatments in turn, description.</summary>
    public static readonly (string Title, string Description)[] Risks =
    [
        ("Dual Band HAN coverage", "Premises that the 2.4GHz HAN cannot reach may not be served until Dual Band Communications Hubs are available."),
        ("Circumvention of DCC Systems for changes", "Parties may bypass the DCC Systems and the SEC for changes because costs are too high and lead times too long."),
        ("Release capacity", "Releases may not have the test capacity to meet their planned dates."),
        ("Legacy device firmware", "Devices on old firmware may not support the services of later releases."),
        ("Alert storms", "A large number of alerts from one event may crowd out Service Requests."),
        ("Certificate expiry", "Certificates reaching the end of their validity may not be replaced in time."),
        ("Architecture documentation", "The architecture documents may fall behind the systems they describe."),
    ];

    /// <summary>What is being done about a risk.</summary>
    public static readonly string[] Treatments =
    [
        "Monitor and report to the Panel.",
        "DCC to present a mitigation plan.",
        "Escalated to the Panel; to be revisited after the review.",
        "Accept: within tolerance.",
        "Track through the release plan.",
    ];

    /// <summary>Who owns a risk.</summary>
    public static readonly string[] RiskOwners = ["TABASC", "DCC", "SECAS", "Technical Architect"];

    /// <summary>Testing milestones: <c>{0}</c> is a release name.</summary>
    public static readonly string[] Milestones =
    [
        "{0}: User Integration Testing starts",
        "{0}: test environment available",
        "{0}: Systems Integration Testing complete",
        "{0}: go-live decision",
    ];
}
