using System.Text.Json;
using KnowledgeBase.Core.Inputs;
using KnowledgeBase.Web.Api;

namespace KnowledgeBase.Web.Hosting;

/// <summary>
/// Refuses, before any handler reads it, a request that carries a NUL character in a query value, a form field or a
/// JSON string: no database stores it alike (PostgreSQL refuses it, SQLite cuts inlined SQL at it), so every path
/// answers the same 400 naming the input and where the NUL is, instead of a 500 on one provider and a silent store on
/// the other (<see cref="StoredText"/> is the rule; article and ticket validation ask it too, for the importer).
/// </summary>
public sealed class RequestTextGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (await ProblemOfAsync(context.Request) is { } problem)
        {
            var (name, detail) = problem;
            var message = name.StartsWith('(') ? $"The request {name} {detail}." : $"The value '{name}' {detail}.";
            if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await TypedResults.ValidationProblem(new Dictionary<string, string[]> { [name] = [message] }, detail: message, title: "Validation failed", type: ApiProblems.Validation)
                    .ExecuteAsync(context);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(message + " Nothing was saved.");
            return;
        }
        await next(context);
    }

    private static async Task<(string Name, string Detail)?> ProblemOfAsync(HttpRequest request)
    {
        foreach (var (key, values) in request.Query)
        {
            if (StoredText.NulProblem(key) is not null) return ("(a parameter name)", "contains a NUL character (U+0000)");
            foreach (var value in values)
                if (StoredText.NulProblem(value) is { } problem) return (key, problem);
        }
        if (request.HasFormContentType)
        {
            IFormCollection form;
            request.EnableBuffering();
            try
            {
                form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            }
            catch (InvalidDataException ex)
            {
                // The form reader refuses a NUL without saying where: find the field in the raw form, or say what else is wrong.
                if (await NulInUrlEncodedFormAsync(request) is { } field) return field;
                return ("(the form)", "cannot be read: " + ex.Message.TrimEnd('.'));
            }
            foreach (var (key, values) in form)
                foreach (var value in values)
                    if (StoredText.NulProblem(value) is { } problem) return (key, problem);
        }
        else if (request.HasJsonContentType() && request.ContentLength is not 0)
        {
            // JSON carries a NUL only as the escape \u0000 inside a string; find which property holds it.
            request.EnableBuffering();
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
            request.Body.Position = 0;
            if (buffer.Length > 0 && NulInJson(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) is { } found) return found;
        }
        return null;
    }

    private static async Task<(string Name, string Detail)?> NulInUrlEncodedFormAsync(HttpRequest request)
    {
        if (!request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true) return null;
        request.Body.Position = 0;
        using var reader = new StreamReader(request.Body, leaveOpen: true);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        foreach (var pair in text.Split('&'))
        {
            var equals = pair.IndexOf('=');
            var key = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            if (StoredText.NulProblem(value) is { } problem) return (key, problem);
            if (StoredText.NulProblem(key) is not null) return ("(a field name)", "contains a NUL character (U+0000)");
        }
        return null;

        static string Decode(string part) => Uri.UnescapeDataString(part.Replace('+', ' '));
    }

    private static (string Name, string Detail)? NulInJson(ReadOnlySpan<byte> json)
    {
        if (json.IndexOf("\\u0000"u8) < 0) return null;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        string property = "(body)";
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    property = reader.GetString() ?? property;
                    if (StoredText.NulProblem(property) is not null) return ("(a property name)", "contains a NUL character (U+0000)");
                }
                else if (reader.TokenType == JsonTokenType.String && StoredText.NulProblem(reader.GetString()) is { } problem) return (property, problem);
            }
        }
        catch (JsonException)
        {
            // Malformed JSON: the endpoint's own reader says what is wrong with it.
        }
        return null;
    }
}
