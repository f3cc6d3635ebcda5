using System.Runtime.CompilerServices;

namespace KnowledgeBase.Web.Tests;

internal static class BunitDefaults
{
    /// <summary>
    /// bUnit waits up to one second by default for a component to reach the state a test expects; on a loaded 2-core
    /// machine a component that reads the database can take longer (the content-gaps report failed so once while a
    /// benchmark embedded articles). A wait ends as soon as the state is reached: a longer bound costs nothing when
    /// the component is quick, and no test asserts a time.
    /// </summary>
    [ModuleInitializer]
    internal static void WaitLongerOnABusyMachine() => Bunit.BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(15);
}
