using Microsoft.AspNetCore.Components.Server.Circuits;

namespace KnowledgeBase.Web.Components;

/// <summary>
/// Tells the components of a circuit that its connection is back after a drop. A call from .NET to the browser that was
/// in flight when the connection dropped never gets its reply (it only times out), so a component that was setting
/// itself up in the browser at that moment does it again when this says the connection is up.
/// </summary>
public sealed class CircuitConnection : CircuitHandler
{
    public event Func<Task>? Up;

    public override async Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (Up is not { } up) return;
        foreach (var handler in up.GetInvocationList().Cast<Func<Task>>()) await handler();
    }
}
