using System.Text.Json;
using KnowledgeBase.Core.Api;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace KnowledgeBase.Web.Api.OpenApi;

/// <summary>The OpenAPI 3.1 document of <c>/api/v1</c> at <c>/openapi/v1.json</c>: security schemes, examples, problem responses.</summary>
public static class ApiOpenApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Configure(OpenApiOptions options)
    {
        options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
        options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1/", StringComparison.OrdinalIgnoreCase) == true
            && !description.RelativePath.Contains("{**", StringComparison.Ordinal);
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "KnowledgeBase API", Version = "v1",
                Description = "REST API for PSA integrations (ConnectWise, Autotask, HaloPSA, ServiceNow…): search and intake suggestions, articles, change feed, tickets and links, feedback, reuse report and signed webhooks. Authenticate with 'Authorization: Bearer <key>' or 'X-Api-Key'. Errors are RFC 9457 problem+json.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "An API key: Authorization: Bearer kb_live_…" };
            document.Components.SecuritySchemes["apiKey"] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-Api-Key", Description = "The same key in X-Api-Key." };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("apiKey", document)] = [] });
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (operation.RequestBody is null && context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiOptionalBodyMetadata>().LastOrDefault() is { } optional)
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = false, Description = optional.Description,
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() },
                };
            }
            var example = context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiExampleMetadata>().LastOrDefault();
            if (example?.Request is { } request && operation.RequestBody?.Content is { } requestContent)
            {
                foreach (var media in requestContent.Values) media.Example = JsonSerializer.SerializeToNode(request, Json);
            }
            if (example?.Response is { } response && operation.Responses is { } responses)
            {
                // 201 and 200 of an upsert carry the same shape; a different one (202) comes from WithExample.
                foreach (var success in responses.Where(r => r.Key.StartsWith('2')).Select(r => r.Value))
                {
                    foreach (var media in success.Content?.Values ?? []) media.Example = JsonSerializer.SerializeToNode(response, Json);
                }
            }
            foreach (var extra in context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiStatusExampleMetadata>())
            {
                if (operation.Responses?.TryGetValue(extra.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var r) == true && r.Content is { } extraContent)
                {
                    foreach (var media in extraContent.Values) media.Example = JsonSerializer.SerializeToNode(extra.Response, Json);
                }
            }
            foreach (var parameter in operation.Parameters ?? [])
            {
                if (parameter is OpenApiParameter { Name: { } name } described && string.IsNullOrEmpty(described.Description)
                    && SearchLogging.ParameterDescriptions.TryGetValue(name, out var text))
                    described.Description = text;
            }
            operation.Responses ??= [];
            AddProblem(operation, "401", "No key, or a key that is not valid or was revoked", ApiProblems.Unauthorized, "Unauthorized", "An API key is required: send it as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.");
            // The scope comes from the scope table (ApiOperations), like the endpoint's authorization policy.
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiOperation>().LastOrDefault() is { } scoped)
            {
                var requirement = $"Requires the scope {scoped.Scope}" + (scoped.InternalOnly ? " and an internal-audience key." : ".");
                operation.Description = string.IsNullOrEmpty(operation.Description) ? requirement : operation.Description + " " + requirement;
                AddProblem(operation, "403", scoped.InternalOnly ? $"The key lacks the scope {scoped.Scope}, or is a customer-audience key" : $"The key lacks the scope {scoped.Scope}",
                    ApiProblems.Forbidden, "Forbidden", $"This API key lacks the scope '{scoped.Scope}'.");
            }
            AddProblem(operation, "429", "Rate limit of the key exceeded (see Retry-After)", ApiProblems.RateLimited, "Too many requests", "This API key sent more requests than its limit allows; retry after 12 s.");
            return Task.CompletedTask;
        });
    }

    private static void AddProblem(OpenApiOperation operation, string status, string description, string type, string title, string detail)
    {
        if (operation.Responses!.ContainsKey(status)) return;
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Example = JsonSerializer.SerializeToNode(new { type, title, status = int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), detail }, Json) },
            },
        };
    }
}
