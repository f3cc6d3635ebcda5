namespace KnowledgeBase.Web.Cluster;

/// <summary>The background work that runs on one node of the cluster at a time.</summary>
public static class LeaseNames
{
    /// <summary>The webhook dispatcher: fan-out of the change log into the outbox, delivery, idempotency purge.</summary>
    public const string Webhooks = "webhooks";

    /// <summary>The starter-content import into an empty database at first start.</summary>
    public const string StartupImport = "startup-import";

    /// <summary>Re-rendering HTML stored by an older Markdown pipeline (<see cref="Hosting.HtmlRefreshService"/>).</summary>
    public const string HtmlRefresh = "html-refresh";

    /// <summary>The embedding queue: article vectors computed for the semantic step.</summary>
    public const string Embeddings = "embeddings";

    /// <summary>The PSA write-back outbox: notes posted to PSA tickets when an article solved them.</summary>
    public const string PsaWriteBack = "psa-write-back";

    /// <summary>Removing uploads never saved into an article (<see cref="Attachments.AttachmentCleanupService"/>).</summary>
    public const string AttachmentCleanup = "attachment-cleanup";

    /// <summary>The notification dispatcher: digests, the weekly queue digest, e-mail and chat deliveries (docs/notifications.md).</summary>
    public const string Notifications = "notifications";
}
