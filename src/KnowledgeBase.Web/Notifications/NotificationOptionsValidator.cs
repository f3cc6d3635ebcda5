using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Notifications;

/// <summary>Checks the <c>Notifications</c> section at startup with the setting to fix.</summary>
internal sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        var errors = new List<string>();
        var prefix = NotificationOptions.Section;
        if (options.DigestHourUtc is < 0 or > 23) errors.Add($"{prefix}:DigestHourUtc must be an hour from 0 to 23 (UTC); it is {options.DigestHourUtc}.");
        if (!Enum.IsDefined(options.WeeklyDigestDay)) errors.Add($"{prefix}:WeeklyDigestDay must be a day of the week (Monday … Sunday).");
        if (options.PollSeconds <= 0) errors.Add($"{prefix}:PollSeconds must be more than 0; it is {options.PollSeconds}.");
        if (options.RetryBaseSeconds <= 0) errors.Add($"{prefix}:RetryBaseSeconds must be more than 0; it is {options.RetryBaseSeconds}.");
        if (options.ClaimSeconds <= 0) errors.Add($"{prefix}:ClaimSeconds must be more than 0; it is {options.ClaimSeconds}.");
        if (options.QueueScanSeconds <= 0) errors.Add($"{prefix}:QueueScanSeconds must be more than 0; it is {options.QueueScanSeconds}.");
        if (options.ChatTimeoutSeconds <= 0) errors.Add($"{prefix}:ChatTimeoutSeconds must be more than 0; it is {options.ChatTimeoutSeconds}.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
