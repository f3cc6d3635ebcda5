namespace KnowledgeBase.Web.Psa.Vendors;

/// <summary>A call to a PSA's REST API failed; <see cref="StatusCode"/> is the PSA's answer when it answered.</summary>
public sealed class PsaVendorException(string message, int? statusCode = null, Exception? inner = null) : Exception(message, inner)
{
    public int? StatusCode { get; } = statusCode;
}
