namespace KnowledgeBase.Web.Api.OpenApi;

/// <summary>Example request and response bodies of an endpoint, written into its OpenAPI operation.</summary>
public sealed record ApiExampleMetadata(object? Request, object? Response);

/// <summary>An example for one more success status (e.g. 202 beside 200).</summary>
public sealed record ApiStatusExampleMetadata(int Status, object Response);

/// <summary>
/// A JSON body the handler reads itself because it is optional (a bound body parameter would make the route refuse a
/// bare POST); the OpenAPI document still describes it.
/// </summary>
public sealed record ApiOptionalBodyMetadata(string Description);

public static class ApiExampleExtensions
{
    public static RouteHandlerBuilder WithOptionalJsonBody(this RouteHandlerBuilder builder, string description) =>
        builder.WithMetadata(new ApiOptionalBodyMetadata(description));

    /// <summary>Documents the endpoint with example bodies (a test fails for an endpoint without them).</summary>
    public static RouteHandlerBuilder WithExamples(this RouteHandlerBuilder builder, object? request = null, object? response = null) =>
        builder.WithMetadata(new ApiExampleMetadata(request, response));

    public static RouteHandlerBuilder WithExample(this RouteHandlerBuilder builder, int status, object response) =>
        builder.WithMetadata(new ApiStatusExampleMetadata(status, response));
}
