// The load balancer in front of the site's nodes (docker compose --profile cluster): YARP with cookie session
// affinity, so a Blazor circuit's negotiate and WebSocket requests — and every later request of that browser — reach the
// node that holds the circuit, and active health checks on /health/ready, so a node that is down or cannot reach the
// database gets no new sessions (passive checks take a node out sooner when requests to it fail). Nodes are listed in
// configuration (ReverseProxy:Clusters:nodes:Destinations).
var builder = WebApplication.CreateBuilder(args);
// As the nodes: a long search in the address is passed on, not answered with an empty 414.
builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestLineSize = 64 * 1024);
builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
var app = builder.Build();
app.MapGet("/proxy/health", () => Results.Text("ok")).ShortCircuit();
app.MapReverseProxy();
app.Run();
