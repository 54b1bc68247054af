using NodaTime;

namespace SecPanel.Calendar;

/// <summary>A bank holiday: a date that is not a Working Day, and the name it is known by.</summary>
public sealed record BankHoliday(LocalDate Date, string Name);
