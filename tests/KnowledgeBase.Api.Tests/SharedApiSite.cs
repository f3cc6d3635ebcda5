namespace KnowledgeBase.Api.Tests;

/// <summary>
/// One API site shared by the tests of a class: the first test starts it with its provider's settings (SQLite or
/// PostgreSQL), the others reuse it, and it is disposed with the class. A test class's fixture adds its own settings
/// and seed data.
/// </summary>
public abstract class SharedApiSite : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public ApiSite Api { get; private set; } = null!;

    public async Task StartAsync(Func<Task<Dictionary<string, string?>>> providerSettings)
    {
        await _gate.WaitAsync();
        try
        {
            if (Api is not null) return;
            var settings = await providerSettings();
            Configure(settings);
            Api = new ApiSite(settings);
            await SeedAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Settings of the class's own, over the provider's.</summary>
    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    /// <summary>Keys, clients and articles the class's tests share; <see cref="Api"/> is set.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (Api is not null) await Api.DisposeAsync();
    }
}
