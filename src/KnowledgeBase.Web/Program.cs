using KnowledgeBase.Web.Hosting;

var isCommand = KnowledgeBase.Web.Hosting.CommandLine.IsCommand(args);
var builder = WebApplication.CreateBuilder(KnowledgeBase.Web.Hosting.CommandLine.ConfigurationArguments(args));
if (isCommand)
{
    // A command's standard output is its result (scripts read it); logs go to standard error.
    builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
}
builder.AddKnowledgeBase();
var app = builder.Build();

if (isCommand)
    return await KnowledgeBase.Web.Hosting.CommandLine.RunAsync(app, args);

app.UseKnowledgeBase();
await app.RunAsync();
return 0;

/// <summary>Visible to the test host (WebApplicationFactory).</summary>
public partial class Program;
