using System.Runtime.InteropServices;

namespace KnowledgeBase.Bench.Reporting;

/// <summary>What a reader needs to judge the figures: the machine they came from and the command that made them.</summary>
public static class MachineInfo
{
    public static void Write(TextWriter output, IReadOnlyList<string> args)
    {
        output.WriteLine($"machine: {Environment.ProcessorCount} cores{CpuModel()}, {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}, {RuntimeInformation.FrameworkDescription}, server GC {System.Runtime.GCSettings.IsServerGC}");
        output.WriteLine($"command: dotnet run -c Release --project src/KnowledgeBase.Bench -- {string.Join(' ', args.Select(Quote))}");
        output.WriteLine($"started: {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}Z");
        output.WriteLine();
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.Exists("/proc/cpuinfo")
                ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
                : null;
            return line is null ? "" : $" ({line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()})";
        }
        catch (IOException)
        {
            return "";
        }
    }

    // A connection string holds spaces and semicolons; quote it so the printed command can be pasted back.
    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ',' or ':' or '=')
            ? arg
            : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
