using Microsoft.AspNetCore.Components.Server.Circuits;

namespace KnowledgeBase.Web.Observability;

/// <summary>Counts the Blazor circuits open on this node (kb.circuits.open).</summary>
public sealed class CircuitCounter(KnowledgeBaseTelemetry telemetry) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        telemetry.CircuitOpened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        telemetry.CircuitClosed();
        return Task.CompletedTask;
    }
}
