namespace KnowledgeBase.Web.Psa;

/// <summary>The <c>Psa</c> configuration section (docs/psa.md "Settings").</summary>
public sealed class PsaOptions
{
    /// <summary>How long a panel stays usable without a click; each click renews it.</summary>
    public double PanelSessionMinutes { get; set; } = 30;
    /// <summary>How long "keep this browser connected" lasts in the PSA's panel.</summary>
    public double PanelGrantHours { get; set; } = 12;
    /// <summary>Per vendor REST call (follow-up reads, signing keys, notes).</summary>
    public double TimeoutSeconds { get; set; } = 15;
    /// <summary>Write-back: how often the dispatcher looks for notes when nothing signals it.</summary>
    public double PollSeconds { get; set; } = 2;
    /// <summary>Write-back: first retry delay; each further retry waits twice as long (capped at an hour, 10 attempts).</summary>
    public double RetryBaseSeconds { get; set; } = 10;
    /// <summary>How long a node may take to post a claimed note before another node may.</summary>
    public double ClaimSeconds { get; set; } = 60;
    /// <summary>Largest vendor event body read (413 above).</summary>
    public long MaxEventBytes { get; set; } = 512 * 1024;
}
