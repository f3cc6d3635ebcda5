using KnowledgeBase.Web.Hosting;

var builder = WebApplication.CreateBuilder(KnowledgeBase.Web.Hosting.CommandLine.ConfigurationArguments(args));
builder.AddKnowledgeBase();
var app = builder.Build();

if (KnowledgeBase.Web.Hosting.CommandLine.IsCommand(args))
    return await KnowledgeBase.Web.Hosting.CommandLine.RunAsync(app, args);

app.UseKnowledgeBase();
await app.RunAsync();
return 0;

/// <summary>Visible to the test host (WebApplicationFactory).</summary>
public partial class Program;
